import * as z from 'zod/mini';
import { id, ids, pageSchema } from './primitives';

export const groupSchema = z.looseObject({
  groupId: id,
  name: z.optional(z.string()),
  athleteIds: z.optional(ids),
});

/** A team with its groups. A group id can be used wherever a `teamId` is expected. */
export const teamSchema = z.looseObject({
  teamId: id,
  name: z.optional(z.string()),
  athleteIds: z.optional(ids),
  groups: z.optional(z.array(groupSchema)),
});

export const teamsPageSchema = pageSchema('teams', teamSchema);
