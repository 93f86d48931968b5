import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTimeSeries, type SeriesBits, type SeriesType } from '../../src';
import { COMBOS, encodeSeries } from './helpers';

function arbitraryValues(type: SeriesType, bits: SeriesBits): fc.Arbitrary<(number | bigint)[]> {
  const opts = { maxLength: 300 };
  if (type === 'Float') {
    return bits === 32 ? fc.array(fc.float(), opts) : fc.array(fc.double(), opts);
  }
  if (bits === 64) {
    return type === 'Signed'
      ? fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), opts)
      : fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), opts);
  }
  const max = 2 ** bits;
  return type === 'Signed'
    ? fc.array(fc.integer({ min: -max / 2, max: max / 2 - 1 }), opts)
    : fc.array(fc.integer({ min: 0, max: max - 1 }), opts);
}

describe('round trip: independent encoder → decodeTimeSeries', () => {
  for (const [type, bits] of COMBOS) {
    it(`${type}/${bits}`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitraryValues(type, bits), async (values) => {
          const value = await encodeSeries(values, type, bits);
          const binary = await decodeTimeSeries({ name: 'p', type, bits, value });
          expect(Array.from(binary.values as ArrayLike<unknown>)).toEqual(values);
          // format=list carries JSON numbers: the same values decode to the same array.
          if (bits !== 64 || type === 'Float') {
            const list = await decodeTimeSeries({ name: 'p', type, bits, value: values as number[] });
            expect(list.values).toEqual(binary.values);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
