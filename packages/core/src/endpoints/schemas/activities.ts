import * as z from 'zod';
import { activityLabels, id, ids, measurementType, pageSchema, timeSpan } from './primitives';

/** A lap of a measurement (present only when listed with `includeLaps: true`). */
export const measurementLapSchema = z.looseObject({ lapId: id, name: z.string().optional(), ...timeSpan });
export type MeasurementLap = z.output<typeof measurementLapSchema>;

/** A lap of a session: as a measurement lap, plus the athletes in it. */
export const sessionLapSchema = measurementLapSchema.extend({ athleteIds: ids.optional() });
export type SessionLap = z.output<typeof sessionLapSchema>;

/**
 * One measurement of an athlete (`AthleteMeasurement` in the spec). `sessionId` is `0` when the
 * measurement belongs to no session.
 */
export const measurementSchema = z.looseObject({
  measurementId: id,
  athleteId: id,
  sessionId: z.int().optional(),
  ...timeSpan,
  measurementType: measurementType.optional(),
  /** The measurement's title. */
  exerciseType: z.string().optional(),
  ...activityLabels,
  laps: z.array(measurementLapSchema).optional(),
});
export type Measurement = z.output<typeof measurementSchema>;
/** The spec's name for {@link Measurement}. */
export type AthleteMeasurement = Measurement;

/** A session, created by a coach for a team from chosen athletes and a time range. */
export const sessionSchema = z.looseObject({
  sessionId: id,
  coachId: z.int().optional(),
  ...timeSpan,
  /** The session's title (filtered with `type`). */
  sessionType: z.string().optional(),
  ...activityLabels,
  athleteIds: ids.optional(),
  laps: z.array(sessionLapSchema).optional(),
});
export type Session = z.output<typeof sessionSchema>;

export const measurementsPageSchema = pageSchema('measurements', measurementSchema);
export type MeasurementsPage = z.output<typeof measurementsPageSchema>;

export const sessionsPageSchema = pageSchema('sessions', sessionSchema);
export type SessionsPage = z.output<typeof sessionsPageSchema>;
