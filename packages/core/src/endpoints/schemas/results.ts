import * as z from 'zod';
import { activityLabels, id, measurementType, timeSpan } from './primitives';

/** A single number, e.g. `{ name: 'trimp', value: 112.3 }`. Some scalars have no unit. */
export const scalarVariableSchema = z.looseObject({
  name: z.string(),
  unit: z.string().optional(),
  value: z.number(),
});

/**
 * A time series as sent: `value` is Base64 of a zlib stream of big-endian numbers (`format: 'binary'`,
 * the default) or a plain number array (`format: 'list'`). RR series have no `samplingRate`.
 */
export const timeSeriesVariableSchema = z.looseObject({
  name: z.string(),
  unit: z.string().optional(),
  /** A number and `Hz`, e.g. `"0.2Hz"` (one old example used a decimal comma). */
  samplingRate: z.string().optional(),
  /** `Float`, `Signed` or `Unsigned` (compare case-insensitively). */
  type: z.string(),
  /** 8, 16, 32 or 64 (a numeric string is accepted, as the official decoder does). */
  bits: z.union([z.int(), z.string().regex(/^\d+$/, 'expected an integer')]),
  value: z.union([z.string(), z.array(z.number())]),
});

/**
 * A raw result variable (decoded types: see `../decoders`). An item whose `value` is a string or an array
 * and that has `type` or `bits` is a time series; anything else is a scalar — so a scalar carrying a `type`
 * of its own (`{ type: 'score', value: 3 }`) stays a scalar. Problems are reported against that kind
 * (`variables[3].bits: missing`), not as "matches neither".
 */
export const resultVariableSchema = z.unknown().transform((input, ctx): RawVariableOutput => {
  const value =
    typeof input === 'object' && input !== null ? (input as { value?: unknown }).value : undefined;
  const series =
    (typeof value === 'string' || Array.isArray(value)) &&
    ('type' in (input as object) || 'bits' in (input as object));
  const parsed = (series ? timeSeriesVariableSchema : scalarVariableSchema).safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.issues.push({ ...issue, input: undefined });
  return z.NEVER;
});
type RawVariableOutput = z.output<typeof scalarVariableSchema> | z.output<typeof timeSeriesVariableSchema>;

const variables = z.array(resultVariableSchema).default(() => []);
const measurementRef = { athleteId: id, measurementId: id };
const labels = { exerciseType: z.string().optional(), ...activityLabels };

/** `GET …/athletes/{athleteId}/measurements/{measurementId}/results` (`AthleteMeasurementResults`). */
export const measurementResultsSchema = z.looseObject({
  ...measurementRef,
  sessionId: z.int().optional(),
  ...timeSpan,
  measurementType: measurementType.optional(),
  ...labels,
  variables,
});
export type MeasurementResults = z.output<typeof measurementResultsSchema>;

/** `GET …/measurements/{measurementId}/laps/{lapId}/results` (`AthleteMeasurementLapResults`). */
export const measurementLapResultsSchema = measurementResultsSchema.extend({
  lapId: id,
  name: z.string().optional(),
});
export type MeasurementLapResults = z.output<typeof measurementLapResultsSchema>;

/** One athlete's measurement within a session's results (no `measurementType`). */
export const sessionMeasurementResultsSchema = z.looseObject({
  ...measurementRef,
  sessionId: id,
  ...timeSpan,
  ...labels,
  variables,
});
export type SessionMeasurementResults = z.output<typeof sessionMeasurementResultsSchema>;

export const sessionLapMeasurementResultsSchema = sessionMeasurementResultsSchema.extend({
  lapId: id,
  name: z.string().optional(),
});
export type SessionLapMeasurementResults = z.output<typeof sessionLapMeasurementResultsSchema>;

/**
 * `GET …/teams/{teamId}/sessions/{sessionId}/results`: one entry per analysed athlete measurement
 * (measurements whose analysis failed are left out).
 */
export const sessionResultsSchema = z.looseObject({
  measurements: z.array(sessionMeasurementResultsSchema).default(() => []),
});
export type SessionResults = z.output<typeof sessionResultsSchema>;

export const sessionLapResultsSchema = z.looseObject({
  measurements: z.array(sessionLapMeasurementResultsSchema).default(() => []),
});
export type SessionLapResults = z.output<typeof sessionLapResultsSchema>;
