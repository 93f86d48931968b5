import { SportsCloudClient } from '@sportscloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumRequests } from '../bench/minimum';
import { simulate } from '../bench/simulate';
import { type PostgresStorage, type ResultRecord, SportsCloudSync, type SyncOptions } from '../src';
import { ENGINES, type Throwaway, throwawayDatabase } from './helpers/databases';
import { type LoopbackFake, requestsByOperation, startLoopbackFake } from './helpers/fake';

const DATASET = {
  accounts: 1,
  athletesPerAccount: 6,
  measurementsPerAthlete: 3,
  teamsPerAccount: 2,
  sessionsPerTeam: 4,
  // The data ends at the simulated clock's start (2025-06-02), so recent items fall in the overlap window.
  startTime: '2025-05-03T00:00:00Z',
  days: 30,
};

describe.each(ENGINES)('sync on %s', (engine) => {
  let db: Throwaway;
  let storage: PostgresStorage;
  let loop: LoopbackFake;
  const sync = (extra: Partial<SyncOptions> = {}) => {
    const s = new SportsCloudSync({ storage, client: loop.client, ...extra });
    return simulate(loop.clock, s.run(), { isBusy: () => s.busy });
  };

  beforeAll(async () => {
    db = await throwawayDatabase(engine);
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: DATASET });
    // A session the coach creates only after the first sync: hidden, its measurements in no session yet.
    const account = loop.fake.data.accounts[0]!;
    late = account.sessions[account.sessions.length - 3]!;
    account.sessions.splice(account.sessions.indexOf(late), 1);
    for (const m of account.measurements) if (m.sessionId === late.sessionId) m.sessionId = 0;
  });
  let late: (typeof loop.fake.data.accounts)[number]['sessions'][number];
  afterAll(async () => {
    await loop?.close();
    await storage?.close();
    await db?.drop();
  });

  it('syncs everything with the fewest requests the API allows, and no 429', async () => {
    const report = await sync();
    const minimum = minimumRequests(loop.fake.data);
    expect(report.state).toBe('done');
    expect(loop.fake.requests.length).toBe(minimum.total);
    expect(report.requests.total).toBe(minimum.total);
    expect(loop.fake.stats().throttled).toEqual({ burst: 0, daily: 0 });
    const account = loop.fake.data.accounts[0]!;
    expect(report.counts).toMatchObject({
      athletes: account.athletes.length,
      coaches: account.coaches.length,
      measurements: account.measurements.length,
      sessions: account.sessions.length,
      pending: 0,
      measurementsWithoutSession: account.measurements.filter((m) => m.sessionId === 0).length,
    });
    expect(report.measurementsWithoutSession.reason).toMatch(/coaches by hand/);
    // One record per measurement (from its session or itself) and per lap.
    const laps =
      account.measurements.reduce((n, m) => n + m.laps.length, 0) +
      account.sessions.reduce((n, s) => n + s.laps.reduce((k, l) => k + l.athleteIds.length, 0), 0);
    expect(report.counts.resultSets).toBe(account.measurements.length + laps);
  });

  it('reads back what the core client decodes', async () => {
    const client = new SportsCloudClient(loop.client);
    let inFlight = 0;
    client.on('request', () => inFlight++);
    client.on('response', () => inFlight--);
    const records: ResultRecord[] = [];
    for await (const r of storage.readResults({ includeLaps: false, batchSize: 7 })) records.push(r);
    expect(records.length).toBe(loop.fake.data.accounts[0]!.measurements.length);
    const session = records.find((r) => r.source === 'session')!;
    const own = records.find((r) => r.source === 'measurement')!;
    const expected = await simulate(
      loop.clock,
      (async () => {
        const s = await client.sessions.results({
          accountId: session.accountId,
          teamId: loop.fake.data.accounts[0]!.sessions.find((x) => x.sessionId === session.sessionId)!.teamId,
          sessionId: session.sessionId!,
        });
        const m = await client.measurements.results({
          accountId: own.accountId,
          athleteId: own.athleteId,
          measurementId: own.measurementId!,
        });
        return { s: s.measurements!.find((x) => x.measurementId === session.measurementId)!, m };
      })(),
      { isBusy: () => inFlight > 0 },
    );
    const sorted = <T extends { name: string }>(v: T[]) =>
      [...v].sort((a, b) => a.name.localeCompare(b.name));
    expect(sorted(session.variables)).toEqual(sorted(expected.s.variables as never[]));
    expect(sorted(own.variables)).toEqual(sorted(expected.m.variables as never[]));
    expect(own.startTime).toBe(new Date(expected.m.startTime!).toISOString());
    expect(own.startTimeLocal).toBe(expected.m.startTimeLocal);
  });

  it('re-syncs with no upstream change: only the update calls, no data row written', async () => {
    const before = await storage.dataFingerprint();
    const from = loop.fake.requests.length;
    const report = await sync();
    const ops = requestsByOperation(loop.fake, from);
    const results = Object.entries(ops).filter(([op]) => op.endsWith('Results'));
    expect(results).toEqual([]);
    expect(report.requests.results).toBe(0);
    expect(report.requests.total).toBe(minimumRequests(loop.fake.data).lists);
    expect(await storage.dataFingerprint()).toBe(before);
  });

  it('picks up late sessions and edited notes, and marks a removal inside the overlap window', async () => {
    const account = loop.fake.data.accounts[0]!;
    const removed = account.sessions[account.sessions.length - 1]!;
    const edited = account.sessions[account.sessions.length - 2]!;
    // The coach creates the late session, edits the notes of another and deletes a third.
    account.sessions.push(late);
    account.sessions.sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
    const members = (sessionId: number) => account.measurements.filter((m) => m.sessionId === sessionId);
    const lateIds = new Set(
      loop.fake.data.accounts[0]!.measurements.filter(
        (m) =>
          m.sessionId === 0 &&
          late.athleteIds.includes(m.athleteId) &&
          m.startTime <= late.endTime &&
          m.endTime >= late.startTime,
      ).map((m) => m.measurementId),
    );
    for (const m of account.measurements) if (lateIds.has(m.measurementId)) m.sessionId = late.sessionId;
    edited.notes = 'Edited by the coach a day later';
    account.sessions.splice(account.sessions.indexOf(removed), 1);
    const orphans = members(removed.sessionId);
    for (const m of orphans) m.sessionId = 0;
    await loop.clock.advance(86_400_000);

    // An overlap window that reaches back just past the oldest of the three (the default is 72 h).
    const oldest = Math.min(...[late, edited, removed].map((s) => Date.parse(s.startTime)));
    const overlapHours = Math.ceil((loop.clock.now() - oldest) / 3_600_000) + 1;
    const from = loop.fake.requests.length;
    const report = await sync({ overlapHours });
    const ops = requestsByOperation(loop.fake, from);
    expect(report.state).toBe('done');
    expect(ops.getSessionResults).toBe(2);
    // The edited session's laps are unchanged list items: their results are not fetched again.
    expect(ops.getSessionLapResults ?? 0).toBe(late.laps.length);
    expect(ops.getMeasurementResults ?? 0).toBe(orphans.length);
    expect(report.counts.removed.sessions).toBe(1);
    const query = (text: string) =>
      storage.db.execute(text as never) as unknown as Promise<{ rows: Array<Record<string, unknown>> }>;
    const sessions = await query(
      `select session_id, notes, removed_at is not null as removed from sc_sessions
       where session_id in (${late.sessionId}, ${edited.sessionId}, ${removed.sessionId}) order by session_id`,
    );
    expect(sessions.rows).toEqual(
      [
        { session_id: late.sessionId, notes: late.notes ?? null, removed: false },
        { session_id: edited.sessionId, notes: 'Edited by the coach a day later', removed: false },
        { session_id: removed.sessionId, notes: removed.notes ?? null, removed: true },
      ].sort((a, b) => a.session_id - b.session_id),
    );
    // The late session's measurements now have one record each, from the session.
    const sources = await query(
      `select source, count(*)::int as n from sc_result_sets where lap_id = 0 and measurement_id in (${[...lateIds].join(',')}) group by source`,
    );
    expect(sources.rows).toEqual([{ source: 'session', n: lateIds.size }]);
  });
});
