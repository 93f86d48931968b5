import * as z from 'zod';
import { id, ids, pageSchema } from './primitives';

export const groupSchema = z.looseObject({
  groupId: id,
  name: z.string().optional(),
  athleteIds: ids.optional(),
});
export type Group = z.output<typeof groupSchema>;

/** A team with its groups. A group id can be used wherever a `teamId` is expected. */
export const teamSchema = z.looseObject({
  teamId: id,
  name: z.string().optional(),
  athleteIds: ids.optional(),
  groups: z.array(groupSchema).optional(),
});
export type Team = z.output<typeof teamSchema>;

export const teamsPageSchema = pageSchema('teams', teamSchema);
export type TeamsPage = z.output<typeof teamsPageSchema>;
