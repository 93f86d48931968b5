import type { Dataset, SeededAccount, SeededMeasurement, SeededSession } from '../data/seed';
import type { Athlete, Coach, Group, Team } from '../data/types';

/** Lookups over the seeded data, built once; the data set is treated as read-only. */

export interface AccountIndex {
  account: SeededAccount;
  athletes: Map<number, Athlete>;
  coaches: Map<number, Coach>;
  teams: Map<number, Team>;
  /** Group id → the group and its team ("teamId" path params accept group ids). */
  groups: Map<number, { group: Group; team: Team }>;
  measurementsByAthlete: Map<number, SeededMeasurement[]>;
  measurementsBySession: Map<number, SeededMeasurement[]>;
  measurements: Map<number, SeededMeasurement>;
  sessions: Map<number, SeededSession>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexDataset(data: Dataset): Map<string, AccountIndex> {
  const out = new Map<string, AccountIndex>();
  for (const account of data.accounts) {
    const idx: AccountIndex = {
      account,
      athletes: new Map(account.athletes.map((a) => [a.athleteId, a])),
      coaches: new Map(account.coaches.map((c) => [c.coachId, c])),
      teams: new Map(account.teams.map((t) => [t.teamId, t])),
      groups: new Map(
        account.teams.flatMap((team) => team.groups.map((group) => [group.groupId, { group, team }])),
      ),
      measurementsByAthlete: new Map(),
      measurementsBySession: new Map(),
      measurements: new Map(account.measurements.map((m) => [m.measurementId, m])),
      sessions: new Map(account.sessions.map((s) => [s.sessionId, s])),
    };
    for (const m of account.measurements) {
      push(idx.measurementsByAthlete, m.athleteId, m);
      if (m.sessionId !== 0) push(idx.measurementsBySession, m.sessionId, m);
    }
    out.set(account.accountId, idx);
  }
  return out;
}

/** A `teamId` path parameter resolved to a team or one of its groups. */
export interface TeamScope {
  /** The Team body: for a group, its id, name and members (groups have no sub-groups). */
  body: Team | Omit<Team, 'groups'>;
  athleteIds: number[];
  /** Sessions listed under it: a team's own and its groups'; a group's own. */
  ownsSession: (s: SeededSession) => boolean;
}

export function resolveTeam(idx: AccountIndex, teamId: number): TeamScope | undefined {
  const team = idx.teams.get(teamId);
  if (team) {
    const ids = new Set([team.teamId, ...team.groups.map((g) => g.groupId)]);
    return { body: team, athleteIds: team.athleteIds, ownsSession: (s) => ids.has(s.teamId) };
  }
  const hit = idx.groups.get(teamId);
  if (!hit) return undefined;
  const { group } = hit;
  return {
    body: { teamId: group.groupId, name: group.name, athleteIds: group.athleteIds },
    athleteIds: group.athleteIds,
    ownsSession: (s) => s.teamId === group.groupId,
  };
}
