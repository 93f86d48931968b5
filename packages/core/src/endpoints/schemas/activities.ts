import * as z from 'zod/mini';
import { activityLabels, id, ids, measurementType, pageSchema, timeSpan } from './primitives';

/** A lap of a measurement (present only when listed with `includeLaps: true`). */
export const measurementLapSchema = z.looseObject({ lapId: id, name: z.optional(z.string()), ...timeSpan });

/** A lap of a session: as a measurement lap, plus the athletes in it. */
export const sessionLapSchema = z.extend(measurementLapSchema, { athleteIds: z.optional(ids) });

/** One measurement of an athlete (type: `Measurement`). */
export const measurementSchema = z.looseObject({
  measurementId: id,
  athleteId: id,
  sessionId: z.optional(z.int()),
  ...timeSpan,
  measurementType: z.optional(measurementType),
  exerciseType: z.optional(z.string()),
  ...activityLabels,
  laps: z.optional(z.array(measurementLapSchema)),
});

/** A session, created by a coach for a team from chosen athletes and a time range. */
export const sessionSchema = z.looseObject({
  sessionId: id,
  coachId: z.optional(z.int()),
  ...timeSpan,
  sessionType: z.optional(z.string()),
  ...activityLabels,
  athleteIds: z.optional(ids),
  laps: z.optional(z.array(sessionLapSchema)),
});

export const measurementsPageSchema = pageSchema('measurements', measurementSchema);

export const sessionsPageSchema = pageSchema('sessions', sessionSchema);
