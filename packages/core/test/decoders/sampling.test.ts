import { describe, expect, it } from 'vitest';
import { beatTimes, parseSamplingRate, sampleTimes, seriesTimes } from '../../src';
import { DecodeError, InvalidArgumentError } from '../../src/errors';

const START = '2025-07-27T14:51:59Z';
const START_MS = Date.UTC(2025, 6, 27, 14, 51, 59);

describe('parseSamplingRate', () => {
  it('parses the spellings seen in the wild', () => {
    expect(parseSamplingRate('0.2Hz')).toBe(0.2);
    expect(parseSamplingRate('0,2Hz')).toBe(0.2);
    expect(parseSamplingRate('1Hz')).toBe(1);
    expect(parseSamplingRate('10Hz')).toBe(10);
    expect(parseSamplingRate('250Hz')).toBe(250);
    expect(parseSamplingRate('0.016666666666666666Hz')).toBe(0.016666666666666666);
  });

  it('is lenient about case, spaces, a missing suffix and exponents', () => {
    expect(parseSamplingRate(' 5 hz ')).toBe(5);
    expect(parseSamplingRate('0.5HZ')).toBe(0.5);
    expect(parseSamplingRate('2')).toBe(2);
    expect(parseSamplingRate('.25Hz')).toBe(0.25);
    expect(parseSamplingRate('1.Hz')).toBe(1);
    expect(parseSamplingRate('1.5e-2Hz')).toBe(0.015);
    expect(parseSamplingRate('2e1Hz')).toBe(20);
    expect(parseSamplingRate('1e+1Hz')).toBe(10);
    expect(parseSamplingRate('5e-10Hz')).toBe(5e-10);
  });

  it('throws a DecodeError on garbage', () => {
    for (const bad of [
      '',
      'Hz',
      'fast',
      '0Hz',
      '-1Hz',
      '1kHz',
      '1,2,3Hz',
      '1e999Hz',
      '0x10Hz',
      'NaNHz',
      3 as unknown as string,
    ]) {
      expect(() => parseSamplingRate(bad), String(bad)).toThrow(DecodeError);
    }
    const error = (() => {
      try {
        parseSamplingRate('abc', 'hfSeries');
      } catch (e) {
        return e as DecodeError;
      }
    })();
    expect(error?.variable).toBe('hfSeries');
    expect(error?.message).toBe('hfSeries: invalid samplingRate "abc"');
  });
});

describe('sampleTimes', () => {
  it('puts sample i at start + i / rate for every start-time form', () => {
    const series = { samplingRate: '0.2Hz', values: new Uint8Array(4) };
    const want = new Float64Array([0, 5000, 10000, 15000].map((d) => START_MS + d));
    expect(sampleTimes(series, START)).toEqual(want);
    expect(sampleTimes(series, new Date(START_MS))).toEqual(want);
    expect(sampleTimes(series, START_MS)).toEqual(want);
  });

  it('handles 1 Hz, a decimal comma and one-per-minute rates', () => {
    expect(sampleTimes({ samplingRate: '1Hz', values: [1, 2, 3] }, 0)).toEqual(
      new Float64Array([0, 1000, 2000]),
    );
    expect(sampleTimes({ samplingRate: '0,2Hz', values: [1, 2] }, 0)).toEqual(new Float64Array([0, 5000]));
    const perMinute = sampleTimes(
      { samplingRate: '0.016666666666666666Hz', values: new Float64Array(99) },
      START,
    );
    expect(perMinute).toHaveLength(99);
    expect(perMinute[1]! - perMinute[0]!).toBeCloseTo(60_000, 6);
    expect(perMinute[98]! - START_MS).toBeCloseTo(98 * 60_000, 3);
  });

  it('rejects a series without samplingRate, a bad rate and a bad start', () => {
    expect(() => sampleTimes({ name: 'rriSeries', values: [1] }, START)).toThrow(
      /rriSeries: has no samplingRate/,
    );
    expect(() => sampleTimes({ values: [1] }, START)).toThrow(/^has no samplingRate/);
    expect(() => sampleTimes({ name: 'x', samplingRate: 'often', values: [1] }, START)).toThrow(
      /x: invalid samplingRate/,
    );
    for (const bad of ['yesterday', Number.NaN, new Date('nope'), Number.POSITIVE_INFINITY]) {
      expect(() => sampleTimes({ samplingRate: '1Hz', values: [1] }, bad)).toThrow(InvalidArgumentError);
      expect(() => sampleTimes({ samplingRate: '1Hz', values: [1] }, bad)).toThrow(
        `not a valid time: ${String(bad)}`,
      );
    }
  });
});

describe('beatTimes', () => {
  it('places beat i at start + the sum of intervals 0..i', () => {
    expect(beatTimes({ values: new Float64Array([780, 788, 777]) }, START)).toEqual(
      new Float64Array([START_MS + 780, START_MS + 1568, START_MS + 2345]),
    );
    expect(beatTimes({ values: new Uint16Array([1000, 500]) }, 0)).toEqual(new Float64Array([1000, 1500]));
    expect(beatTimes({ values: new BigUint64Array([1n, 2n]) }, 0)).toEqual(new Float64Array([1, 3]));
    expect(beatTimes({ values: [] }, 0)).toEqual(new Float64Array(0));
  });

  it('does not accumulate rounding error against a large epoch start', () => {
    const intervals = new Float64Array(20_000).fill(0.1);
    const times = beatTimes({ values: intervals }, START_MS);
    expect(times[19_999]! - START_MS).toBeCloseTo(2000, 3);
  });
});

describe('seriesTimes', () => {
  it('picks sampleTimes for regular series and beatTimes for RR series', () => {
    expect(seriesTimes({ samplingRate: '1Hz', values: [7, 7] }, 0)).toEqual(new Float64Array([0, 1000]));
    expect(seriesTimes({ values: [7, 7] }, 0)).toEqual(new Float64Array([7, 14]));
  });
});
