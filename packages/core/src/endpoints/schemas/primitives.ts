import { z } from 'zod';

/**
 * ISO 8601 / RFC 3339 date-time, checked loosely: `Z`, a numeric offset (`+03:00`, `+0300`) or none,
 * optional seconds and fractions. Values stay strings: `…Time` fields are UTC, `…TimeLocal` fields carry
 * the local offset, and converting them to `Date` would lose that offset.
 */
const DATE_TIME_PATTERN =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

const dateTime = z.string().regex(DATE_TIME_PATTERN, 'expected an ISO 8601 date-time');

/** A required integer id (`athleteId`, `teamId`, …). */
export const id = z.int();
export const ids = z.array(z.int());

/** The four measurement types of spec 1.1.0. */
export const MEASUREMENT_TYPES = ['exercise', 'quickRecoveryTest', 'night', 'manual'] as const;
export type KnownMeasurementType = (typeof MEASUREMENT_TYPES)[number];
/** A measurement type: one of the documented four, or a newer one the API added since (kept, not rejected). */
export type MeasurementType = KnownMeasurementType | (string & {});
export const measurementType = z.custom<MeasurementType>(
  (value) => typeof value === 'string',
  'expected a string',
);

/** Start and end times, UTC and local: shared by sessions, measurements, laps and results. */
export const timeSpan = {
  startTime: dateTime.optional(),
  startTimeLocal: dateTime.optional(),
  endTime: dateTime.optional(),
  endTimeLocal: dateTime.optional(),
};

/** Titles and categories shared by measurements, sessions and their results. */
export const activityLabels = {
  sportsType: z.string().optional(),
  eventType: z.string().optional(),
  notes: z.string().optional(),
};

/**
 * One page of a list endpoint: `more` plus the items under `key`. A missing `more` means the last page
 * and a missing array means no items (the spec marks both optional).
 */
export function pageSchema<const K extends string, T extends z.ZodType>(key: K, item: T) {
  return z.looseObject({
    more: z.boolean().default(false),
    ...({ [key]: z.array(item).default(() => []) } as Record<K, z.ZodDefault<z.ZodArray<T>>>),
  });
}
