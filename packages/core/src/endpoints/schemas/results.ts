import * as z from 'zod/mini';
import { activityLabels, id, measurementType, timeSpan } from './primitives';
import type { ResultVariableBody } from './types';

/** A single number, e.g. `{ name: 'trimp', value: 112.3 }`. Some scalars have no unit. */
export const scalarVariableSchema = z.looseObject({
  name: z.string(),
  unit: z.optional(z.string()),
  value: z.number(),
});

/**
 * A time series as sent: `value` is Base64 of a zlib stream of big-endian numbers (`format: 'binary'`,
 * the default) or a plain number array (`format: 'list'`). RR series have no `samplingRate`.
 */
export const timeSeriesVariableSchema = z.looseObject({
  name: z.string(),
  unit: z.optional(z.string()),
  /** A number and `Hz`, e.g. `"0.2Hz"` (one old example used a decimal comma). */
  samplingRate: z.optional(z.string()),
  /** `Float`, `Signed` or `Unsigned` (compare case-insensitively). */
  type: z.string(),
  /** 8, 16, 32 or 64 (a numeric string is accepted, as the official decoder does). */
  bits: z.union([z.int(), z.string().check(z.regex(/^\d+$/, 'expected an integer'))]),
  value: z.union([z.string(), z.array(z.number())]),
});

/**
 * A raw result variable (decoded types: see `../decoders`). An item whose `value` is a string or an array
 * and that has `type` or `bits` is a time series; anything else is a scalar — so a scalar carrying a `type`
 * of its own (`{ type: 'score', value: 3 }`) stays a scalar. Problems are reported against that kind
 * (`variables[3].bits: missing`), not as "matches neither".
 */
export const resultVariableSchema = z.pipe(
  z.unknown(),
  z.transform((input, ctx): ResultVariableBody => {
    const value =
      typeof input === 'object' && input !== null ? (input as { value?: unknown }).value : undefined;
    const series =
      (typeof value === 'string' || Array.isArray(value)) &&
      ('type' in (input as object) || 'bits' in (input as object));
    const parsed = (series ? timeSeriesVariableSchema : scalarVariableSchema).safeParse(input);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: undefined });
    return z.NEVER;
  }),
);

const variables = z._default(z.array(resultVariableSchema), () => []);
const measurementRef = { athleteId: id, measurementId: id };
const labels = { exerciseType: z.optional(z.string()), ...activityLabels };

/** `GET …/athletes/{athleteId}/measurements/{measurementId}/results` (`AthleteMeasurementResults`). */
export const measurementResultsSchema = z.looseObject({
  ...measurementRef,
  sessionId: z.optional(z.int()),
  ...timeSpan,
  measurementType: z.optional(measurementType),
  ...labels,
  variables,
});

/** `GET …/measurements/{measurementId}/laps/{lapId}/results` (`AthleteMeasurementLapResults`). */
export const measurementLapResultsSchema = z.extend(measurementResultsSchema, {
  lapId: id,
  name: z.optional(z.string()),
});

/** One athlete's measurement within a session's results (no `measurementType`). */
export const sessionMeasurementResultsSchema = z.looseObject({
  ...measurementRef,
  sessionId: id,
  ...timeSpan,
  ...labels,
  variables,
});

export const sessionLapMeasurementResultsSchema = z.extend(sessionMeasurementResultsSchema, {
  lapId: id,
  name: z.optional(z.string()),
});

/**
 * `GET …/teams/{teamId}/sessions/{sessionId}/results`: one entry per analysed athlete measurement
 * (measurements whose analysis failed are left out).
 */
export const sessionResultsSchema = z.looseObject({
  measurements: z._default(z.array(sessionMeasurementResultsSchema), () => []),
});

export const sessionLapResultsSchema = z.looseObject({
  measurements: z._default(z.array(sessionLapMeasurementResultsSchema), () => []),
});
