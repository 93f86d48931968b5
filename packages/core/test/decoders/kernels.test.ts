// Both kernels' building blocks, imported directly so each is exercised whichever project runs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64DecodedLength, decodeBase64Strict } from '../../src/decoders/base64';
import * as web from '../../src/decoders/kernel.web';
import { DecodeBudget, defaultBudget } from '../../src/decoders/limits';
import { IS_LITTLE_ENDIAN, ownedBytes, swapInPlace } from '../../src/decoders/spec';
import { DecodeError } from '../../src/errors';
import { bigEndian, compress, sameValues, toBase64, utf8 } from './helpers';

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

afterEach(() => {
  vi.unstubAllGlobals();
  delete (Uint8Array as unknown as { fromBase64?: unknown }).fromBase64;
});

describe('decodeBase64Strict', () => {
  it('round-trips every length against btoa', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n, n + 1);
      const b64 = toBase64(bytes);
      expect(decodeBase64Strict(b64)).toEqual(bytes);
      expect(decodeBase64Strict(b64.replace(/=+$/, ''))).toEqual(bytes);
      expect(base64DecodedLength(b64)).toBe(n);
    }
  });

  it('ignores ASCII whitespace', () => {
    expect(decodeBase64Strict(' QUJD\nREVG\r\n\tR0g= ')).toEqual(utf8('ABCDEFGH'));
  });

  it('rejects characters outside the alphabet, bad lengths and bad padding', () => {
    for (const bad of [
      'QUJD!',
      'Q',
      'QUJDR',
      'QU=D',
      'QUJ=R',
      'QQ=',
      'QUJD\u0141UJD',
      'QUJ\u0100',
      // Non-ASCII in the last (partial) group: its low 7 bits alone would be valid ('Q', 'A').
      'QUJD\u00d1Q==',
      'QUJDQ\u00c1==',
      '-_-_',
      'QUJD====',
      '====',
    ]) {
      expect(() => decodeBase64Strict(bad), bad).toThrow(DecodeError);
    }
    expect(base64DecodedLength('QQ=')).toBe(-1);
    expect(base64DecodedLength('Q')).toBe(-1);
  });
});

describe('swapInPlace', () => {
  it('reverses 2-, 4- and 8-byte elements and leaves bytes alone', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const a = bytes.slice();
    swapInPlace(a, 1);
    expect(a).toEqual(bytes);
    const b = bytes.slice();
    swapInPlace(b, 2);
    expect(Array.from(b)).toEqual([2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15]);
    const c = bytes.slice();
    swapInPlace(c, 4);
    expect(Array.from(c)).toEqual([4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9, 16, 15, 14, 13]);
    const d = bytes.slice();
    swapInPlace(d, 8);
    expect(Array.from(d)).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 16, 15, 14, 13, 12, 11, 10, 9]);
    swapInPlace(new Uint8Array(0), 8);
    expect(IS_LITTLE_ENDIAN).toBe(true);
  });
});

describe('ownedBytes', () => {
  it('keeps bytes that own their buffer and copies a slice', () => {
    const whole = new Uint8Array(16);
    expect(ownedBytes(whole, 64)).toBe(whole);
    const slice = new Uint8Array(24).fill(3).subarray(4, 20);
    const owned = ownedBytes(slice, 64);
    expect(owned).not.toBe(slice);
    expect(owned.byteOffset).toBe(0);
    expect(owned.buffer.byteLength).toBe(16);
    expect(owned).toEqual(slice);
    // A view at offset 0 over a larger buffer (a pooled Node Buffer) and one that ends the buffer are
    // copied too: the decoded array must not expose the rest of the buffer.
    for (const view of [new Uint8Array(24).subarray(0, 16), new Uint8Array(24).subarray(8)]) {
      const copy = ownedBytes(view, 64);
      expect(copy).not.toBe(view);
      expect(copy.buffer.byteLength).toBe(16);
    }
    expect(() => ownedBytes(new Uint8Array(6), 32)).toThrow(
      /decompressed length 6 is not a multiple of the 4-byte/,
    );
  });
});

describe('web kernel', () => {
  it('identifies itself', () => {
    expect(web.KERNEL).toBe('web');
  });

  it('decodes base64 with the table decoder, or Uint8Array.fromBase64 where present', () => {
    expect(web.base64ToBytes('QUJD')).toEqual(utf8('ABC'));
    expect(() => web.base64ToBytes('QU!D')).toThrow(DecodeError);
    const fromBase64 = vi.fn((s: string) => {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) throw new SyntaxError('bad base64');
      return decodeBase64Strict(s);
    });
    (Uint8Array as unknown as { fromBase64: unknown }).fromBase64 = fromBase64;
    expect(web.base64ToBytes('QUJD')).toEqual(utf8('ABC'));
    expect(fromBase64).toHaveBeenCalledWith('QUJD');
    const error = (() => {
      try {
        web.base64ToBytes('QU!D');
      } catch (e) {
        return e as DecodeError;
      }
    })();
    expect(error).toBeInstanceOf(DecodeError);
    expect(error?.message).toBe('invalid base64');
    expect(error?.cause).toBeInstanceOf(SyntaxError);
  });

  it('inflates zlib, raw deflate and gzip, and decodes a series blob', async () => {
    const data = randomBytes(40_000, 7).map((b) => b & 0x0f); // several output chunks
    expect(sameValues(await web.inflateZlib(await compress(data, 'deflate')), data)).toBe(true);
    expect(sameValues(await web.inflateRaw(await compress(data, 'deflate-raw')), data)).toBe(true);
    expect(sameValues(await web.gunzip(await compress(data, 'gzip')), data)).toBe(true);
    const blob = toBase64(await compress(bigEndian([1.5, -2, 3e100], 'Float', 64), 'deflate'));
    expect(await web.decodeSeriesBlob(blob, 'Float', 64, defaultBudget())).toEqual(
      new Float64Array([1.5, -2, 3e100]),
    );
    const u32 = toBase64(await compress(bigEndian([1, 0xdeadbeef], 'Unsigned', 32), 'deflate'));
    expect(await web.decodeSeriesBlob(u32, 'Unsigned', 32, defaultBudget())).toEqual(
      new Uint32Array([1, 0xdeadbeef]),
    );
  });

  it('names the format of a corrupt stream', async () => {
    const garbage = new Uint8Array([0xff, 0xff, 0xff, 0xff]);
    await expect(web.inflateRaw(garbage)).rejects.toThrow(/^invalid raw deflate stream: /);
    await expect(web.inflateZlib(garbage)).rejects.toThrow(/^invalid zlib stream: /);
    await expect(web.gunzip(garbage)).rejects.toThrow(/^invalid gzip stream: /);
    await expect(web.decodeSeriesBlob(toBase64(garbage), 'Unsigned', 8, defaultBudget())).rejects.toThrow(
      /^invalid zlib stream: /,
    );
  });

  it('stops inflating a series at the budget, with the limit error itself', async () => {
    const blob = toBase64(await compress(new Uint8Array(100_000), 'deflate'));
    const budget = new DecodeBudget({ maxSeriesBytes: 1000, maxResponseBytes: 1_000_000 });
    const error = await Promise.resolve(web.decodeSeriesBlob(blob, 'Unsigned', 8, budget)).then(
      () => undefined,
      (e: unknown) => e as DecodeError,
    );
    expect(error).toBeInstanceOf(DecodeError);
    expect(error?.limit).toBe('maxSeriesBytes');
    expect(error?.retryable).toBe(false);
    expect(error?.message).toMatch(/^the series decode to more than 1000 bytes/);
  });

  it('reports a DecompressionStream that refuses the format as a DecodeError', async () => {
    vi.stubGlobal(
      'DecompressionStream',
      class {
        constructor() {
          throw new TypeError('unsupported format');
        }
      },
    );
    await expect(web.gunzip(new Uint8Array([0x1f, 0x8b]))).rejects.toThrow(
      new DecodeError('invalid gzip stream: unsupported format'),
    );
  });

  it('reports a runtime without DecompressionStream or without brotli', async () => {
    expect(web.canDecodeBrotli()).toBe(false); // Node 20 and edge-runtime have no 'brotli' format
    await expect(web.brotliDecompress(new Uint8Array([1]))).rejects.toThrow(
      /cannot decode Content-Encoding br/,
    );
    vi.stubGlobal('DecompressionStream', undefined);
    await expect(web.inflateZlib(new Uint8Array([0x78, 0x9c]))).rejects.toThrow(
      /no DecompressionStream to decode zlib/,
    );
    expect(web.canDecodeBrotli()).toBe(false);
  });

  it('wraps non-Error stream failures', async () => {
    class Failing {
      readonly writable = new WritableStream();
      readonly readable = new ReadableStream({
        pull(controller) {
          controller.error('boom');
        },
      });
    }
    vi.stubGlobal('DecompressionStream', Failing);
    const error = await Promise.resolve(web.gunzip(new Uint8Array([1]))).then(
      () => undefined,
      (e: unknown) => e as DecodeError,
    );
    expect(error).toBeInstanceOf(DecodeError);
    expect(error?.message).toBe('invalid gzip stream: boom');
    expect(error?.cause).toBe('boom');
  });
});
