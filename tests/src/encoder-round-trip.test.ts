import { decodeResults, decodeTimeSeries, type SeriesBits, type SeriesType } from '@sportscloud/core';
import { encodeTimeSeries } from '@sportscloud/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The fake's encoder and core's decoder were written independently; each is the other's oracle.
const arbitraries: Record<string, [SeriesType, SeriesBits, fc.Arbitrary<number | bigint>]> = {
  'Float/32': ['Float', 32, fc.float({ noNaN: true })],
  'Float/64': ['Float', 64, fc.double({ noNaN: true })],
  'Signed/8': ['Signed', 8, fc.integer({ min: -128, max: 127 })],
  'Signed/16': ['Signed', 16, fc.integer({ min: -32768, max: 32767 })],
  'Signed/32': ['Signed', 32, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })],
  'Signed/64': ['Signed', 64, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })],
  'Unsigned/8': ['Unsigned', 8, fc.integer({ min: 0, max: 255 })],
  'Unsigned/16': ['Unsigned', 16, fc.integer({ min: 0, max: 65535 })],
  'Unsigned/32': ['Unsigned', 32, fc.integer({ min: 0, max: 2 ** 32 - 1 })],
  'Unsigned/64': ['Unsigned', 64, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })],
};

describe('test-utils encoder → core decoder', () => {
  it.each(Object.entries(arbitraries))('%s round-trips exactly', async (_, [type, bits, value]) => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 3000 }), async (values) => {
        const encoded = await encodeTimeSeries(values, { type, bits });
        const decoded = await decodeTimeSeries({
          name: 's',
          samplingRate: '1Hz',
          type,
          bits,
          value: encoded,
        });
        expect(decoded).toMatchObject({ name: 's', type, bits, samplingRate: '1Hz' });
        expect(Array.from(decoded.values as ArrayLike<number | bigint>)).toEqual(
          // Float/32 stores the nearest float32, which fc.float already is; -0 and 0 are told apart.
          values,
        );
      }),
      { numRuns: 40 },
    );
  });

  it('a whole results body built by the fake decodes to the values it was built from', async () => {
    const values = [60, 61, 250, 0, 255];
    const body = {
      athleteId: 1,
      measurementId: 2,
      variables: [
        { name: 'trimp', value: 12.5 },
        {
          name: 'heartRateSeries',
          samplingRate: '0.2Hz',
          type: 'Unsigned',
          bits: 8,
          value: await encodeTimeSeries(values, { type: 'Unsigned', bits: 8 }),
        },
      ],
    };
    const decoded = await decodeResults(body);
    expect(decoded.variables).toEqual([
      { name: 'trimp', value: 12.5 },
      {
        name: 'heartRateSeries',
        samplingRate: '0.2Hz',
        type: 'Unsigned',
        bits: 8,
        values: Uint8Array.from(values),
      },
    ]);
  });
});
