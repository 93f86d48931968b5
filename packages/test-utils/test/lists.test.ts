import { describe, expect, it } from 'vitest';
import type { Athlete, AthleteMeasurement, Session, Team } from '../src/index';
import { accountPath, json, makeFake } from './helpers';

const unlimited = { limits: { rate: Number.POSITIVE_INFINITY, dailyQuota: Number.POSITIVE_INFINITY } };

describe('pagination', () => {
  it('returns at most 1000 items per page with more/offset', async () => {
    const t = makeFake({
      ...unlimited,
      dataset: { accounts: 1, athletesPerAccount: 1, measurementsPerAthlete: 2300, teamsPerAccount: 0 },
    });
    const acc = t.fake.data.accounts[0]!;
    const athleteId = acc.athletes[0]!.athleteId;
    const pages: Array<{ more: boolean; measurements: AthleteMeasurement[] }> = [];
    for (let offset = 0; ; ) {
      const page = await json<{ more: boolean; measurements: AthleteMeasurement[] }>(
        await t.call(`${accountPath(acc.accountId)}/athletes/${athleteId}/measurements?offset=${offset}`),
      );
      pages.push(page);
      offset += page.measurements.length;
      if (!page.more) break;
    }
    expect(pages.map((p) => [p.measurements.length, p.more])).toEqual([
      [1000, true],
      [1000, true],
      [300, false],
    ]);
    const ids = pages.flatMap((p) => p.measurements.map((m) => m.measurementId));
    expect(ids).toEqual(acc.measurements.map((m) => m.measurementId));
  });

  it('honours a configured pageSize on every paged list', async () => {
    const t = makeFake({ ...unlimited, pageSize: 7 });
    const acc = t.fake.data.accounts[0]!;
    const a = accountPath(acc.accountId);
    const team = acc.teams[0]!;
    for (const [path, key, total] of [
      [`${a}/athletes`, 'athletes', acc.athletes.length],
      [`${a}/coaches`, 'coaches', acc.coaches.length],
      [`${a}/teams`, 'teams', acc.teams.length],
      [`${a}/teams/${team.teamId}/athletes`, 'athletes', team.athleteIds.length],
    ] as const) {
      const first = await json<Record<string, unknown[]> & { more: boolean }>(await t.call(path));
      expect(first[key]).toHaveLength(Math.min(7, total));
      expect(first.more).toBe(total > 7);
      const last = await json<Record<string, unknown[]> & { more: boolean }>(
        await t.call(`${path}?offset=${total - 1}`),
      );
      expect([last[key]?.length, last.more]).toEqual([1, false]);
    }
  });

  it('answers an offset past the end with an empty page, and a bad offset with 400', async () => {
    const t = makeFake();
    const a = accountPath(t.fake.data.accounts[0]!.accountId);
    expect(await json(await t.call(`${a}/coaches?offset=999`))).toEqual({ more: false, coaches: [] });
    for (const bad of ['-1', '1.5', 'abc'])
      expect((await t.call(`${a}/coaches?offset=${bad}`)).status).toBe(400);
  });
});

describe('measurement filters', () => {
  const t = makeFake({ ...unlimited, seed: 5 });
  const acc = t.fake.data.accounts[0]!;
  // The athlete with the most measurements, so every filter has something to select.
  const athleteId = [...acc.athletes]
    .map((a) => a.athleteId)
    .sort(
      (x, y) =>
        acc.measurements.filter((m) => m.athleteId === y).length -
        acc.measurements.filter((m) => m.athleteId === x).length,
    )[0]!;
  const mine = acc.measurements.filter((m) => m.athleteId === athleteId);
  const list = async (query: string) =>
    (
      await json<{ measurements: AthleteMeasurement[] }>(
        await t.call(`${accountPath(acc.accountId)}/athletes/${athleteId}/measurements${query}`),
      )
    ).measurements.map((m) => m.measurementId);
  const ids = (ms: typeof mine) => ms.map((m) => m.measurementId);

  it('fromTime is inclusive and toTime exclusive, on the start time', async () => {
    const pivot = mine[Math.floor(mine.length / 2)]!;
    expect(await list(`?fromTime=${pivot.startTime}`)).toEqual(
      ids(mine.filter((m) => m.startTime >= pivot.startTime)),
    );
    expect(await list(`?toTime=${pivot.startTime}`)).toEqual(
      ids(mine.filter((m) => m.startTime < pivot.startTime)),
    );
    expect(await list(`?fromTime=${pivot.startTime}&toTime=${pivot.startTime}`)).toEqual([]);
    // An offset form of the same instant selects the same items.
    const local = pivot.startTimeLocal;
    expect(await list(`?fromTime=${encodeURIComponent(local)}`)).toEqual(
      await list(`?fromTime=${pivot.startTime}`),
    );
  });

  it('filters by measurementType, exact exerciseType and comma lists of sportsType/eventType', async () => {
    expect(await list('?measurementType=quickRecoveryTest')).toEqual(
      ids(mine.filter((m) => m.measurementType === 'quickRecoveryTest')),
    );
    const titled = mine.find((m) => m.exerciseType)!;
    expect(await list(`?exerciseType=${encodeURIComponent(titled.exerciseType!)}`)).toEqual(
      ids(mine.filter((m) => m.exerciseType === titled.exerciseType)),
    );
    expect(await list(`?exerciseType=${encodeURIComponent(titled.exerciseType!.toUpperCase())}`)).toEqual([]);
    const sports = [...new Set(mine.map((m) => m.sportsType).filter(Boolean))].slice(0, 2) as string[];
    expect(await list(`?sportsType=${sports.join(',')}`)).toEqual(
      ids(mine.filter((m) => m.sportsType && sports.includes(m.sportsType))),
    );
    expect(await list('?eventType=training,game')).toEqual(
      ids(mine.filter((m) => m.eventType === 'training' || m.eventType === 'game')),
    );
    expect(await list('?measurementType=exercise&eventType=game')).toEqual(
      ids(mine.filter((m) => m.measurementType === 'exercise' && m.eventType === 'game')),
    );
  });

  it('omits laps unless includeLaps=true', async () => {
    const path = `${accountPath(acc.accountId)}/athletes/${athleteId}/measurements`;
    const without = await json<{ measurements: AthleteMeasurement[] }>(await t.call(path));
    expect(without.measurements.some((m) => 'laps' in m)).toBe(false);
    const withLaps = await json<{ measurements: AthleteMeasurement[] }>(
      await t.call(`${path}?includeLaps=true`),
    );
    expect(withLaps.measurements.every((m) => Array.isArray(m.laps))).toBe(true);
    expect(withLaps.measurements.map((m) => m.laps)).toEqual(mine.map((m) => m.laps));
  });

  it('answers 400 to malformed filters', async () => {
    const path = `${accountPath(acc.accountId)}/athletes/${athleteId}/measurements`;
    for (const q of ['fromTime=yesterday', 'toTime=2025-01-01', 'measurementType=run', 'includeLaps=yes']) {
      expect((await t.call(`${path}?${q}`)).status).toBe(400);
    }
  });
});

describe('teams, groups and sessions', () => {
  const t = makeFake({ ...unlimited, seed: 3 });
  const acc = t.fake.data.accounts[0]!;
  const a = accountPath(acc.accountId);
  const team = acc.teams[0]!;
  const group = team.groups[0]!;

  it('lists teams with their groups', async () => {
    const body = await json<{ teams: Team[] }>(await t.call(`${a}/teams`));
    expect(body.teams).toEqual(acc.teams);
  });

  it('accepts a group id where a team id is expected', async () => {
    expect(await json(await t.call(`${a}/teams/${group.groupId}`))).toEqual({
      teamId: group.groupId,
      name: group.name,
      athleteIds: group.athleteIds,
    });
    const members = await json<{ athletes: Athlete[] }>(await t.call(`${a}/teams/${group.groupId}/athletes`));
    expect(members.athletes.map((x) => x.athleteId)).toEqual(group.athleteIds);
  });

  it("lists a team's sessions (its groups' included) and a group's own, by start time", async () => {
    const teamSessions = await json<{ sessions: Session[] }>(
      await t.call(`${a}/teams/${team.teamId}/sessions`),
    );
    const owners = new Set([team.teamId, ...team.groups.map((g) => g.groupId)]);
    expect(teamSessions.sessions.map((s) => s.sessionId)).toEqual(
      acc.sessions.filter((s) => owners.has(s.teamId)).map((s) => s.sessionId),
    );
    expect(teamSessions.sessions.every((s) => !('teamId' in s) && !('laps' in s))).toBe(true);
    const groupSessions = await json<{ sessions: Session[] }>(
      await t.call(`${a}/teams/${group.groupId}/sessions`),
    );
    expect(groupSessions.sessions.map((s) => s.sessionId)).toEqual(
      acc.sessions.filter((s) => s.teamId === group.groupId).map((s) => s.sessionId),
    );
  });

  it('filters sessions by time, exact type, sportsType and eventType; laps only with includeLaps', async () => {
    const mine = acc.sessions.filter(
      (s) => s.teamId === team.teamId || team.groups.some((g) => g.groupId === s.teamId),
    );
    const path = `${a}/teams/${team.teamId}/sessions`;
    const ids = async (q: string) =>
      (await json<{ sessions: Session[] }>(await t.call(`${path}?${q}`))).sessions.map((s) => s.sessionId);
    const pivot = mine[3]!;
    expect(await ids(`fromTime=${pivot.startTime}`)).toEqual(
      mine.filter((s) => s.startTime >= pivot.startTime).map((s) => s.sessionId),
    );
    expect(await ids(`type=${encodeURIComponent(pivot.sessionType!)}`)).toEqual(
      mine.filter((s) => s.sessionType === pivot.sessionType).map((s) => s.sessionId),
    );
    expect(await ids(`eventType=game&sportsType=${pivot.sportsType}`)).toEqual(
      mine.filter((s) => s.eventType === 'game').map((s) => s.sessionId),
    );
    const withLaps = await json<{ sessions: Session[] }>(await t.call(`${path}?includeLaps=true`));
    expect(withLaps.sessions.map((s) => s.laps)).toEqual(mine.map((s) => s.laps));
  });

  it('session measurements carry the sessionId; the rest carry 0', () => {
    for (const s of acc.sessions) {
      const linked = acc.measurements.filter((m) => m.sessionId === s.sessionId);
      expect(linked.map((m) => m.athleteId).sort()).toEqual([...s.athleteIds].sort());
    }
    expect(acc.measurements.some((m) => m.sessionId === 0)).toBe(true);
  });
});

describe('errors', () => {
  const t = makeFake(unlimited);
  const acc = t.fake.data.accounts[0]!;
  const other = t.fake.data.accounts[1]!;
  const a = accountPath(acc.accountId);

  it.each([
    ['an unknown account', '/sports/accounts/9-99999/athletes'],
    ['an unknown athlete', `${a}/athletes/1`],
    ['an unknown coach', `${a}/coaches/1`],
    ['an unknown team', `${a}/teams/1`],
    ['a non-numeric id', `${a}/athletes/abc`],
    ["another account's athlete", `${a}/athletes/${other.athletes[0]!.athleteId}`],
    ['an unknown path', '/sports/nothing'],
    ['a path outside /v1', '/../sports/accounts'],
  ])('404 for %s', async (_name, path) => {
    const res = await t.call(path);
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ message: 'Not Found' });
  });

  it('400 for a known path with the wrong method', async () => {
    expect((await t.call('/sports/accounts', { method: 'POST' })).status).toBe(400);
    expect((await t.call('/account/register')).status).toBe(400);
  });

  it('403 for an existing account not granted to the consumer', async () => {
    const limited = t.fake.registerConsumer({ accountIds: [acc.accountId] });
    const headers = await t.fake.authHeaders(limited);
    expect((await t.call(`${a}/athletes`, { auth: false, headers })).status).toBe(200);
    const res = await t.call(`${accountPath(other.accountId)}/athletes`, { auth: false, headers });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-fake-reason')).toBe('account not granted to this consumer');
    const accounts = await json<{ accounts: Array<{ accountId: string }> }>(
      await t.call('/sports/accounts', { auth: false, headers }),
    );
    expect(accounts.accounts.map((x) => x.accountId)).toEqual([acc.accountId]);
  });

  it('serves the documented type lists', async () => {
    const sports = await json<string[]>(await t.call('/sports/sports-types'));
    expect(sports).toHaveLength(60);
    expect(sports).toContain('football');
    expect(await json(await t.call('/sports/event-types'))).toEqual([
      'race',
      'game',
      'rehab',
      'recovery',
      'training',
    ]);
  });
});
