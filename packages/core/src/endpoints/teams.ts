import type { PagedList } from '../pagination';
import type { CallOptions } from '../transport/types';
import { defineGet, defineList } from './define';
import type { AccountParams, TeamParams } from './params';
import { APIResource } from './resource';
import { type Athlete, athletesPageSchema, type Team, teamSchema, teamsPageSchema } from './schemas';

const ACCOUNT_TEAMS = '/sports/accounts/{accountId}/teams';

const list = defineList({
  operation: 'teams.list',
  path: ACCOUNT_TEAMS,
  response: teamsPageSchema,
  items: 'teams',
  id: (team) => team.teamId,
});
const get = defineGet({ operation: 'teams.get', path: `${ACCOUNT_TEAMS}/{teamId}`, response: teamSchema });
const athletes = defineList({
  operation: 'teams.athletes',
  path: `${ACCOUNT_TEAMS}/{teamId}/athletes`,
  response: athletesPageSchema,
  items: 'athletes',
  id: (athlete) => athlete.athleteId,
});

export class Teams extends APIResource {
  /** The account's teams, each with its groups and athlete ids. */
  list(params: AccountParams, options?: CallOptions): PagedList<Team> {
    return list(this.transport, params, options);
  }

  /** One team; `teamId` may also be a group id. */
  get(params: TeamParams, options?: CallOptions): Promise<Team> {
    return get(this.transport, params, options);
  }

  /** The athletes of a team (or of a group, given its id as `teamId`). */
  athletes(params: TeamParams, options?: CallOptions): PagedList<Athlete> {
    return athletes(this.transport, params, options);
  }
}
