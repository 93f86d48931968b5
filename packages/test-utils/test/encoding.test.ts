import { brotliDecompressSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { decompress as zstdDecompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../src/encoding/base64';
import { brotliStore, encodeTimeSeries, type SeriesEncoding, zstdStore } from '../src/index';
import { decodeSeries } from './reference-decoder';

const intArb = (type: 'Signed' | 'Unsigned', bits: 8 | 16 | 32) =>
  type === 'Signed'
    ? fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 })
    : fc.integer({ min: 0, max: 2 ** bits - 1 });

const cases: Array<{
  enc: SeriesEncoding;
  arb: fc.Arbitrary<number | bigint>;
  expected?: (v: number) => number;
}> = [
  { enc: { type: 'Float', bits: 64 }, arb: fc.double({ noNaN: true }) },
  // NaN is left out of the equality check only; Float/32 values round like Math.fround.
  { enc: { type: 'Float', bits: 32 }, arb: fc.double({ noNaN: true }), expected: Math.fround },
  ...([8, 16, 32] as const).flatMap((bits) =>
    (['Signed', 'Unsigned'] as const).map((type) => ({ enc: { type, bits }, arb: intArb(type, bits) })),
  ),
  { enc: { type: 'Signed', bits: 64 }, arb: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  { enc: { type: 'Unsigned', bits: 64 }, arb: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
];

describe('encodeTimeSeries', () => {
  for (const { enc, arb, expected } of cases) {
    it(`round-trips ${enc.type}/${enc.bits} through an independent decoder`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(arb, { maxLength: 300 }), async (values) => {
          const encoded = await encodeTimeSeries(values, enc);
          expect(encoded).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
          // zlib (RFC 1950) with the default CMF byte, like every real sample ("eJ…" = 78 9C).
          expect(Buffer.from(encoded, 'base64')[0]).toBe(0x78);
          const decoded = decodeSeries(encoded, enc.type, enc.bits);
          const want = expected ? values.map((v) => expected(v as number)) : values;
          expect(decoded).toEqual(want);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('accepts safe-integer numbers for 64-bit integers and typed arrays as input', async () => {
    const encoded = await encodeTimeSeries([0, 1, Number.MAX_SAFE_INTEGER], { type: 'Unsigned', bits: 64 });
    expect(decodeSeries(encoded, 'Unsigned', 64)).toEqual([0n, 1n, BigInt(Number.MAX_SAFE_INTEGER)]);
    const fromTyped = await encodeTimeSeries(Uint16Array.of(1, 65535), { type: 'Unsigned', bits: 16 });
    expect(decodeSeries(fromTyped, 'Unsigned', 16)).toEqual([1, 65535]);
  });

  it('rejects values that do not fit the type instead of wrapping them', async () => {
    await expect(encodeTimeSeries([256], { type: 'Unsigned', bits: 8 })).rejects.toThrow(RangeError);
    await expect(encodeTimeSeries([-1], { type: 'Unsigned', bits: 32 })).rejects.toThrow(RangeError);
    await expect(encodeTimeSeries([1.5], { type: 'Signed', bits: 16 })).rejects.toThrow(RangeError);
    await expect(encodeTimeSeries([2n ** 63n], { type: 'Signed', bits: 64 })).rejects.toThrow(RangeError);
    await expect(encodeTimeSeries([2 ** 60], { type: 'Signed', bits: 64 })).rejects.toThrow(RangeError);
    await expect(encodeTimeSeries([1], { type: 'Float', bits: 16 })).rejects.toThrow(RangeError);
    await expect(encodeTimeSeries([1n], { type: 'Float', bits: 64 })).rejects.toThrow(TypeError);
  });
});

describe('toBase64', () => {
  it('matches Node for every length remainder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});

describe('stored zstd and brotli streams', () => {
  // Sizes around the 128 KiB zstd block and 64 KiB brotli meta-block boundaries.
  const sizes = [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, 131_073, 300_000];
  const sample = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7919) & 0xff);
  // Buffer.equals: deep toEqual on 300k elements would dominate the suite's run time.
  const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

  it.each(sizes)('zstdStore(%i bytes) decodes with fzstd', (n) => {
    const input = sample(n);
    const frame = zstdStore(input);
    expect([...frame.subarray(0, 4)]).toEqual([0x28, 0xb5, 0x2f, 0xfd]);
    expect(same(zstdDecompress(frame), input)).toBe(true);
  });

  it.each(sizes)('brotliStore(%i bytes) decodes with node:zlib', (n) => {
    const input = sample(n);
    expect(same(brotliDecompressSync(brotliStore(input)), input)).toBe(true);
  });

  it('both decode arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        expect(same(zstdDecompress(zstdStore(bytes)), bytes)).toBe(true);
        expect(same(brotliDecompressSync(brotliStore(bytes)), bytes)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('an empty brotli stream is the canonical single byte', () => {
    expect([...brotliStore(new Uint8Array(0))]).toEqual([0x06]);
    expect(inflateSync(Buffer.from('eJwDAAAAAAE=', 'base64')).length).toBe(0);
  });
});
