// zstd frames built by hand (RFC 8878 §3.1.1): header fields of every width, raw, RLE and reserved
// blocks, skippable frames, and bombs whose frames do not declare their size.
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../src/decoders/body';
import { declaredContentSize, zstdDecompressCapped } from '../../src/decoders/zstd-capped';
import { BodyTooLargeError, DecodeError } from '../../src/errors';
import { text, utf8 } from './helpers';

const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const KIB = 1024;

/** A block header: last-block flag, type (0 raw, 1 RLE, 2 compressed, 3 reserved), size; 3 bytes little-endian. */
function block(last: boolean, type: 0 | 1 | 2 | 3, size: number): number[] {
  const value = size * 8 + type * 2 + (last ? 1 : 0);
  return [value & 0xff, (value >>> 8) & 0xff, value >>> 16];
}
const raw = (s: string, last = true) => [...block(last, 0, s.length), ...utf8(s)];
const rle = (byte: number, size: number, last = true) => [...block(last, 1, size), byte];

interface Header {
  /** The content size to declare, or undefined for none. */
  readonly size?: number;
  /** Width of the size field: 1 (single segment only), 2, 4 or 8. */
  readonly sizeBytes?: 1 | 2 | 4 | 8;
  /** Single segment: no window descriptor. Default: true when the size is declared in 1 byte. */
  readonly singleSegment?: boolean;
  readonly dictionaryBytes?: 0 | 1 | 2 | 4;
  readonly checksum?: boolean;
}

function littleEndian(value: number, bytes: number): number[] {
  return Array.from({ length: bytes }, (_, i) => Math.floor(value / 2 ** (8 * i)) % 256);
}

/** A zstd frame: magic, header descriptor and the fields it announces, the blocks, the checksum. */
function frame(header: Header, blocks: number[]): number[] {
  const { size, sizeBytes = size === undefined ? 0 : 1, dictionaryBytes = 0, checksum = false } = header;
  const singleSegment = header.singleSegment ?? sizeBytes === 1;
  const sizeFlag = { 0: 0, 1: 0, 2: 1, 4: 2, 8: 3 }[sizeBytes];
  const dictionaryFlag = { 0: 0, 1: 1, 2: 2, 4: 3 }[dictionaryBytes];
  const descriptor = (sizeFlag << 6) | (singleSegment ? 0x20 : 0) | (checksum ? 0x04 : 0) | dictionaryFlag;
  return [
    ...MAGIC,
    descriptor,
    ...(singleSegment ? [] : [0x58]), // window 2 MiB
    ...littleEndian(0x0d0c0b0a, dictionaryBytes), // a dictionary id (fzstd ignores it for raw blocks)
    ...(size === undefined ? [] : littleEndian(sizeBytes === 2 ? size - 256 : size, sizeBytes)),
    ...blocks,
    ...(checksum ? [0x11, 0x22, 0x33, 0x44] : []), // fzstd does not check it
  ];
}

/** A skippable frame (magic 0x184D2A5n) holding `length` bytes. */
const skippable = (n: number, length: number) => [
  0x50 + n,
  0x2a,
  0x4d,
  0x18,
  ...littleEndian(length, 4),
  ...new Array(length).fill(0xee),
];

const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

async function tooLarge(promise: Promise<unknown>): Promise<BodyTooLargeError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BodyTooLargeError);
  return error as BodyTooLargeError;
}

describe('declaredContentSize', () => {
  it('reads the content size in each of its widths, little-endian', () => {
    const cases: Array<[Header, number]> = [
      [{ size: 200, sizeBytes: 1 }, 200],
      [{ size: 556, sizeBytes: 2 }, 556], // stored as 300: the 2-byte field counts from 256
      [{ size: 0x0001_1170, sizeBytes: 4 }, 70_000],
      [{ size: 0x0102, sizeBytes: 8 }, 258],
      [{ size: 3 * 2 ** 32 + 5, sizeBytes: 8 }, 12_884_901_893],
    ];
    for (const [header, want] of cases) {
      expect(declaredContentSize(bytes(frame(header, rle(0x61, 1)))), JSON.stringify(header)).toBe(want);
    }
  });

  it('skips the window descriptor, the dictionary id and the checksum', () => {
    expect(
      declaredContentSize(bytes(frame({ size: 556, sizeBytes: 2, singleSegment: false }, rle(0x61, 556)))),
    ).toBe(556);
    for (const dictionaryBytes of [1, 2, 4] as const) {
      const body = bytes(frame({ size: 300, sizeBytes: 2, dictionaryBytes }, rle(0x61, 300)));
      expect(declaredContentSize(body), `${dictionaryBytes}`).toBe(300);
    }
    const twoFrames = bytes(frame({ size: 2, checksum: true }, raw('{"')), frame({ size: 3 }, raw('a"}')));
    expect(declaredContentSize(twoFrames)).toBe(5);
  });

  it('walks raw, RLE and empty blocks to the end of the frame', () => {
    const body = bytes(
      frame({ size: 12 }, [...raw('{"a":', false), ...rle(0x20, 5, false), ...raw('1}', false), ...raw('')]),
    );
    expect(declaredContentSize(body)).toBe(12);
    expect(declaredContentSize(body.subarray(0, body.length - 1))).toBeUndefined();
  });

  it('steps over skippable frames of any of the 16 magic numbers', () => {
    const body = bytes(skippable(0, 3), frame({ size: 2 }, raw('{}')), skippable(7, 4), skippable(15, 0));
    expect(declaredContentSize(body)).toBe(2);
    // A skippable frame whose length field is cut off.
    expect(
      declaredContentSize(bytes(frame({ size: 2 }, raw('{}')), [0x5f, 0x2a, 0x4d, 0x18, 0x03])),
    ).toBeUndefined();
    expect(declaredContentSize(bytes(skippable(0, 9)).subarray(0, 12))).toBeUndefined();
  });

  it('is undefined, never an exception, when a frame does not declare its size or does not parse', () => {
    const good = frame({ size: 4, sizeBytes: 4 }, raw('{}{}'));
    const undeclared = [
      frame({}, raw('{}')), // no size, window descriptor instead
      [...good, ...frame({}, raw('{}'))], // the second frame does not declare
    ];
    const damaged = [
      MAGIC,
      [...good, 0x00, 0x00], // trailing bytes
      [...good, 0x28, 0xb5, 0x2f], // part of a magic number
      [0x28, 0xb5, 0x2f, 0xfe, ...good.slice(4)], // not the zstd magic
      good.slice(0, 8), // cut inside the 4-byte size (after the window descriptor)
      good.slice(0, 12), // cut inside the block header
      frame({ size: 4 }, [...raw('{}', false), ...raw('{}')]).slice(0, 7), // cut inside a header, not the last
      frame({ size: 2 }, [...block(true, 3, 2), 0x7b, 0x7d]), // reserved block type
    ];
    for (const body of [...undeclared, ...damaged]) {
      expect(declaredContentSize(new Uint8Array(body)), body.join()).toBeUndefined();
    }
  });
});

describe('zstdDecompressCapped', () => {
  it('decodes frames that declare their size in one allocation, and refuses a declared size over the cap', async () => {
    const body = bytes(
      frame({ size: 556, sizeBytes: 2 }, [...raw('[', false), ...rle(0x20, 554, false), ...raw(']')]),
    );
    expect(text(zstdDecompressCapped(body, 556))).toBe(`[${' '.repeat(554)}]`);
    // 12 GiB declared in 18 bytes: refused from the header, nothing allocated.
    const huge = bytes(frame({ size: 3 * 2 ** 32 + 5, sizeBytes: 8 }, rle(0x61, 1)));
    const error = await tooLarge(decodeBody(huge, 'zstd', 64 * KIB));
    expect(error.message).toBe('the zstd body decompresses to more than 65536 bytes');
    expect(error.limitBytes).toBe(64 * KIB);
  });

  it('decodes frames that do not declare their size as a stream, and allows exactly the cap', async () => {
    const body = bytes(frame({}, [...raw('{"part":', false), ...raw('1,')]), frame({}, raw('"more":false}')));
    const want = '{"part":1,"more":false}';
    expect(declaredContentSize(body)).toBeUndefined();
    expect(text(zstdDecompressCapped(body, Number.POSITIVE_INFINITY))).toBe(want);
    expect(text(await decodeBody(body, 'zstd', want.length))).toBe(want);
    const error = await tooLarge(decodeBody(body, 'zstd', want.length - 1));
    expect(error.code).toBe('body_too_large');
    expect(error.limitBytes).toBe(want.length - 1);
    expect(error.message).toBe(`the zstd body decompresses to more than ${want.length - 1} bytes`);
  });

  it('stops a bomb that does not declare its size at the cap', async () => {
    // 64 MiB of 'a' in 2 KB: 512 RLE blocks of 128 KiB, the largest a block may be.
    const blocks = Array.from({ length: 512 }, (_, i) => rle(0x61, 128 * KIB, i === 511)).flat();
    const bomb = bytes(frame({}, blocks));
    expect(bomb.length).toBeLessThan(2100);
    const error = await tooLarge(decodeBody(bomb, 'zstd', KIB * KIB));
    expect(error.limitBytes).toBe(KIB * KIB);
  });

  it('never decodes past the size a frame declares, even when its blocks hold more', () => {
    // The header says 2 bytes (under the cap that was checked); the RLE block would make 128 KiB.
    const liar = bytes(frame({ size: 2 }, rle(0x61, 128 * KIB)));
    expect(zstdDecompressCapped(liar, 16)).toEqual(new Uint8Array([0x61, 0x61]));
  });

  it('reports a corrupt frame as a DecodeError with the decoder error as its cause', () => {
    for (const body of [
      frame({ size: 2 }, [...block(true, 2, 2), 0xff, 0xff]), // a compressed block of garbage, one-shot path
      frame({}, [...block(true, 2, 2), 0xff, 0xff]), // the same, streamed
      frame({}, [...block(true, 3, 2), 0x7b, 0x7d]), // a reserved block type
    ]) {
      let error: unknown;
      try {
        zstdDecompressCapped(new Uint8Array(body), 1000);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).message).toMatch(/^invalid zstd body: ./);
      expect((error as DecodeError).cause).toBeInstanceOf(Error);
      expect((error as DecodeError).message).toContain(((error as DecodeError).cause as Error).message);
    }
  });
});
