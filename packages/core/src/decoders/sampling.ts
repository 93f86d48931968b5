import { DecodeError, InvalidArgumentError } from '../errors';
import type { TimeSeriesArray } from './types';

/** What the time helpers need from a series: its optional rate and its values. */
export interface SeriesTiming {
  name?: string;
  samplingRate?: string;
  values: TimeSeriesArray | ArrayLike<number>;
}

/** A start time: a Date, an ISO 8601 string (e.g. a result's `startTime`) or epoch milliseconds. */
export type StartTime = Date | string | number;

const RATE = /^\s*(\d+(?:[.,]\d*)?|[.,]\d+)(?:e([+-]?\d+))?\s*(?:hz)?\s*$/i;

/**
 * Parses a `samplingRate` such as `"0.2Hz"`, `"0,2Hz"` (decimal comma, seen in the 1.0.0 spec), `"1Hz"` or
 * `"0.016666666666666666Hz"` into Hz. The `Hz` suffix is optional and case-insensitive.
 * Throws a {@link DecodeError} for anything that is not a positive finite rate.
 */
export function parseSamplingRate(rate: string, variable?: string): number {
  const match = typeof rate === 'string' ? RATE.exec(rate) : null;
  const hz = match ? Number(`${match[1]!.replace(',', '.')}e${match[2] ?? '0'}`) : Number.NaN;
  if (!(hz > 0 && Number.isFinite(hz))) {
    // A DecodeError names no variable when `variable` is undefined.
    throw new DecodeError(`invalid samplingRate ${JSON.stringify(rate)}`, { variable });
  }
  return hz;
}

/** A start time as epoch milliseconds; throws an {@link InvalidArgumentError} when it is not a valid time. */
function toEpochMs(start: StartTime): number {
  const ms = start instanceof Date ? start.getTime() : typeof start === 'string' ? Date.parse(start) : start;
  // Number.isFinite is false for anything but a number (a start of the wrong type included).
  if (!Number.isFinite(ms)) {
    throw new InvalidArgumentError('startTime', `not a valid time: ${String(start)}`);
  }
  return ms;
}

/**
 * Times (epoch ms) of a regularly sampled series: sample `i` is at `startTime + i / rate`.
 * The API does not state the anchor; the measurement's `startTime` is the natural one (inference, see
 * the reference §10). Throws a {@link DecodeError} when the series has no `samplingRate`.
 */
export function sampleTimes(series: SeriesTiming, startTime: StartTime): Float64Array {
  if (series.samplingRate === undefined) {
    throw new DecodeError('has no samplingRate (an irregular beat-to-beat series): use beatTimes', {
      variable: series.name,
    });
  }
  const hz = parseSamplingRate(series.samplingRate, series.name);
  const start = toEpochMs(startTime);
  const out = new Float64Array(series.values.length);
  // Stryker disable next-line EqualityOperator: a typed array ignores a write one past its end.
  for (let i = 0; i < out.length; i++) out[i] = start + (i * 1000) / hz;
  return out;
}

/**
 * Times (epoch ms) of the beats of an RR-interval series without `samplingRate` (`artifactCorrectedRrVector`,
 * `rriSeries`), each value one beat-to-beat interval in ms.
 *
 * Choice: interval `i` is taken to END at beat `i`, so beat `i` is at
 * `startTime + intervals[0] + … + intervals[i]` (inclusive running sum) and the last beat lands at
 * `startTime +` the total span. The API documents no anchor; subtract `intervals[0]` from every entry for
 * the other convention (first beat at `startTime`).
 */
export function beatTimes(series: SeriesTiming, startTime: StartTime): Float64Array {
  const start = toEpochMs(startTime);
  const values = series.values;
  const out = new Float64Array(values.length);
  // Sum the intervals apart from the (large) epoch start, so rounding does not accumulate.
  let sum = 0;
  // Stryker disable next-line EqualityOperator: a typed array ignores a write one past its end.
  for (let i = 0; i < out.length; i++) {
    sum += Number(values[i]);
    out[i] = start + sum;
  }
  return out;
}

/** {@link sampleTimes} for a series with a `samplingRate`, {@link beatTimes} for one without. */
export function seriesTimes(series: SeriesTiming, startTime: StartTime): Float64Array {
  return series.samplingRate === undefined ? beatTimes(series, startTime) : sampleTimes(series, startTime);
}
