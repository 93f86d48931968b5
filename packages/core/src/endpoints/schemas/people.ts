import * as z from 'zod/mini';
import { id, pageSchema } from './primitives';

const person = {
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  email: z.optional(z.string()),
};

export const athleteSchema = z.looseObject({ athleteId: id, ...person });

export const coachSchema = z.looseObject({ coachId: id, ...person });

/** One page of `GET …/athletes` (account or team). */
export const athletesPageSchema = pageSchema('athletes', athleteSchema);

export const coachesPageSchema = pageSchema('coaches', coachSchema);
