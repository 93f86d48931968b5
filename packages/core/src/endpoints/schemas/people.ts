import * as z from 'zod';
import { id, pageSchema } from './primitives';

const person = {
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
};

export const athleteSchema = z.looseObject({ athleteId: id, ...person });
export type Athlete = z.output<typeof athleteSchema>;

export const coachSchema = z.looseObject({ coachId: id, ...person });
export type Coach = z.output<typeof coachSchema>;

/** One page of `GET …/athletes` (account or team). */
export const athletesPageSchema = pageSchema('athletes', athleteSchema);
export type AthletesPage = z.output<typeof athletesPageSchema>;

export const coachesPageSchema = pageSchema('coaches', coachSchema);
export type CoachesPage = z.output<typeof coachesPageSchema>;
