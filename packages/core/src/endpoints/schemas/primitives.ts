import * as z from 'zod/mini';
import type { MeasurementType } from './types';

export { type KnownMeasurementType, MEASUREMENT_TYPES, type MeasurementType } from './types';

// zod/mini, not zod: the bundle keeps only the checks used here, and zod/mini has no default locale,
// so every message a check can produce is written out (the same words full zod's English locale uses).

/**
 * ISO 8601 / RFC 3339 date-time, checked loosely: `Z`, a numeric offset (`+03:00`, `+0300`) or none,
 * optional seconds and fractions. Values stay strings: `…Time` fields are UTC, `…TimeLocal` fields carry
 * the local offset, and converting them to `Date` would lose that offset.
 */
const DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

export const dateTime = z.string().check(z.regex(DATE_TIME_PATTERN, 'expected an ISO 8601 date-time'));

/** A string of at least one character. */
export const nonEmpty = () =>
  z.string().check(z.minLength(1, 'Too small: expected string to have >=1 characters'));

/** A required integer id (`athleteId`, `teamId`, …). */
export const id = z.int();
export const ids = z.array(z.int());

export const measurementType = z.custom<MeasurementType>(
  (value) => typeof value === 'string',
  'expected a string',
);

/** Start and end times, UTC and local: shared by sessions, measurements, laps and results. */
export const timeSpan = {
  startTime: z.optional(dateTime),
  startTimeLocal: z.optional(dateTime),
  endTime: z.optional(dateTime),
  endTimeLocal: z.optional(dateTime),
};

/** Titles and categories shared by measurements, sessions and their results. */
export const activityLabels = {
  sportsType: z.optional(z.string()),
  eventType: z.optional(z.string()),
  notes: z.optional(z.string()),
};

/**
 * One page of a list endpoint: `more` plus the items under `key`. A missing `more` means the last page
 * and a missing array means no items (the spec marks both optional).
 */
export function pageSchema<const K extends string, T extends z.ZodMiniType>(key: K, item: T) {
  return z.looseObject({
    more: z._default(z.boolean(), false),
    ...({ [key]: z._default(z.array(item), () => []) } as Record<K, z.ZodMiniDefault<z.ZodMiniArray<T>>>),
  });
}
