import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { minimumRequests } from '../bench/minimum';
import { simulate } from '../bench/simulate';
import { type PostgresStorage, SportsCloudSync, SyncInProgressError, type SyncOptions } from '../src';
import { ENGINES, type Throwaway, throwawayDatabase } from './helpers/databases';
import { type LoopbackFake, requestsByOperation, startLoopbackFake } from './helpers/fake';

const SMALL = {
  accounts: 1,
  athletesPerAccount: 5,
  measurementsPerAthlete: 3,
  teamsPerAccount: 1,
  sessionsPerTeam: 4,
  startTime: '2025-05-03T00:00:00Z',
  days: 30,
};
const HOUR = 3_600_000;

type Query = { rows: Array<Record<string, unknown>> };

describe.each(ENGINES)('results outcomes, quota and consumers on %s', (engine) => {
  let db: Throwaway;
  let storage: PostgresStorage;
  let loop: LoopbackFake | undefined;
  const run = (extra: Partial<SyncOptions> = {}, client = loop!.client) => {
    const s = new SportsCloudSync({ storage, client, ...extra });
    return simulate(loop!.clock, s.run(), { isBusy: () => s.busy });
  };
  const query = (text: string) => storage.db.execute(text as never) as unknown as Promise<Query>;

  beforeAll(async () => {
    db = await throwawayDatabase(engine);
  });
  afterEach(async () => {
    await loop?.close();
    loop = undefined;
    await storage?.close();
    await db.drop();
    db = await throwawayDatabase(engine);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('never blocks on 202: cold analyses are revisited later in the same run', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: SMALL, coldRatio: 0.4 });
    const report = await run();
    expect(report.state).toBe('done');
    expect(report.counts.pending).toBe(0);
    const minimum = minimumRequests(loop.fake.data);
    expect(minimum.polls).toBeGreaterThan(0);
    expect(loop.fake.requests.filter((r) => r.status === 202).length).toBe(minimum.polls);
    expect(report.requests.pending202).toBe(minimum.polls);
    expect(loop.fake.requests.length).toBe(minimum.total);
    // Other results were fetched between a cold item's first 202 and its 200.
    const log = loop.fake.requests;
    const first202 = log.findIndex((r) => r.status === 202);
    const path = log[first202]!.path;
    const answered = log.findIndex((r, i) => i > first202 && r.path === path && r.status === 200);
    const between = log
      .slice(first202 + 1, answered)
      .filter((r) => r.status === 200 && r.operation?.endsWith('Results'));
    expect(between.length).toBeGreaterThan(0);
  });

  it('stores 204 as "analysis failed" and retries it on a backoff, not on every run', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: SMALL, failedRatio: 0.35 });
    const first = await run();
    expect(first.state).toBe('done');
    const failed = loop.fake.requests.filter((r) => r.status === 204).length;
    expect(failed).toBeGreaterThan(0);
    expect(first.counts.failed).toBeGreaterThan(0);
    expect(first.errors.some((e) => e.code === 'analysis_failed' && /204/.test(e.cause))).toBe(true);

    let from = loop.fake.requests.length;
    const again = await run();
    expect(Object.keys(requestsByOperation(loop.fake, from)).filter((op) => op.endsWith('Results'))).toEqual(
      [],
    );
    expect(again.counts.failed).toBe(first.counts.failed);

    await loop.clock.advance(7 * HOUR);
    from = loop.fake.requests.length;
    await run();
    const retried = loop.fake.requests.slice(from).filter((r) => r.operation?.endsWith('Results'));
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((r) => r.status === 204)).toBe(true);
    // Second failure: the next try is a day later.
    const next = await query(
      `select min(results_retry_at) as at, min(results_attempts) as attempts from sc_measurements where results_state = 'failed'`,
    );
    expect(Date.parse(String(next.rows[0]!.at))).toBeGreaterThanOrEqual(loop.clock.now() + 23 * HOUR);
    expect(Number(next.rows[0]!.attempts)).toBe(2);
  });

  it('stops at the daily budget newest first, says what is left and when it resumes, then resumes', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: SMALL, limits: { dailyQuota: 30 } });
    const minimum = minimumRequests(loop.fake.data);
    expect(minimum.total).toBeGreaterThan(30);
    const first = await run();
    expect(first.state).toBe('paused');
    expect(first.requests.total).toBe(30);
    expect(first.quota.canFinishToday).toBe(false);
    expect(first.quota.resumesAt).toBe('2025-06-03T00:00:00.000Z');
    expect(first.left).toBeGreaterThan(0);
    expect(first.message).toMatch(/resumes at 2025-06-03T00:00:00.000Z/);
    expect(loop.fake.stats().throttled).toEqual({ burst: 0, daily: 0 });
    // Newest first: everything stored starts after everything still waiting.
    const spans = await query(`select
      (select min(start_time) from (select start_time from sc_measurements where results_state = 'done'
        union all select start_time from sc_sessions where results_state = 'done') d) as stored,
      (select max(start_time) from (select start_time from sc_measurements where results_state = 'pending'
        union all select start_time from sc_sessions where results_state = 'pending') p) as waiting`);
    expect(Date.parse(String(spans.rows[0]!.stored))).toBeGreaterThan(
      Date.parse(String(spans.rows[0]!.waiting)),
    );

    // Same day: nothing is sent.
    const sameDay = await run();
    expect(sameDay.state).toBe('paused');
    expect(sameDay.requests.total).toBe(0);
    expect(sameDay.resumed).toBe(true);

    await loop.clock.set(Date.parse('2025-06-03T00:00:01Z'));
    const next = await run();
    expect(next.state).toBe('done');
    // It resumed the paused run: no list repeated, and it knew before starting that it would finish.
    expect(next.quota).toMatchObject({
      estimatedRequests: first.left,
      canFinishToday: true,
      usedToday: next.requests.total,
    });
    expect(next.requests.lists).toBe(0);
    expect(next.counts.pending).toBe(0);
    expect(loop.fake.requests.length).toBe(minimum.total);
  });

  it('waits for 00:00 UTC and goes on when asked to', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: SMALL, limits: { dailyQuota: 30 } });
    const report = await run({ waitForQuota: true });
    expect(report.state).toBe('done');
    expect(report.quota.resumesAt).toBe('2025-06-03T00:00:00.000Z');
    expect(loop.clock.now()).toBeGreaterThanOrEqual(Date.parse('2025-06-03T00:00:00Z'));
    expect(loop.fake.requests.length).toBe(minimumRequests(loop.fake.data).total);
    expect(loop.fake.stats().throttled).toEqual({ burst: 0, daily: 0 });
  });

  it('rides out API faults: a failing list is recorded and listed again next run, nothing is lost', async () => {
    storage = await db.open();
    const faults = {
      rate: 0.1,
      kinds: { '503': 1, reset: 1, truncate: 1, corrupt: 1 },
      routes: { listSessions: { rate: 1, kinds: { '503': 1 } } },
    };
    loop = await startLoopbackFake({ dataset: SMALL, faults });
    const first = await run();
    expect(first.state).toBe('done');
    expect(first.errors.filter((e) => e.item.startsWith('list sessions:')).map((e) => e.code)).toEqual([
      'server_error',
    ]);
    expect(first.counts.sessions).toBe(0);
    // Upstream recovers.
    faults.rate = 0;
    faults.routes.listSessions.rate = 0;
    await loop.clock.advance(2 * HOUR);
    const second = await run();
    expect(second.state).toBe('done');
    const account = loop.fake.data.accounts[0]!;
    expect(second.counts).toMatchObject({ sessions: account.sessions.length, pending: 0, errors: 0 });
    const laps =
      account.measurements.reduce((n, m) => n + m.laps.length, 0) +
      account.sessions.reduce((n, s) => n + s.laps.reduce((k, l) => k + l.athleteIds.length, 0), 0);
    expect(second.counts.resultSets).toBe(account.measurements.length + laps);
  });

  it('stops on abort and the next run resumes it', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: SMALL });
    const controller = new AbortController();
    const aborted = run({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.requests >= 25) controller.abort();
      },
    });
    await expect(aborted).rejects.toThrow();
    const sent = loop.fake.requests.length;
    // Requests granted when it aborted may never have left; at most `concurrency` (4) more went out.
    expect(sent).toBeGreaterThan(10);
    expect(sent).toBeLessThanOrEqual(25 + 4);
    expect((await storage.lastRun(loop.client.consumerId))?.state).toBe('paused');
    const resumed = await run();
    expect(resumed).toMatchObject({ state: 'done', resumed: true });
    const minimum = minimumRequests(loop.fake.data).total;
    expect(loop.fake.requests.length).toBeLessThanOrEqual(minimum + 4);
    expect(resumed.counts.pending).toBe(0);
  });

  it('runs one sync per consumer at a time', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: SMALL });
    const first = new SportsCloudSync({ storage, client: loop.client });
    const running = simulate(loop.clock, first.run(), { isBusy: () => first.busy });
    await expect(new SportsCloudSync({ storage, client: loop.client }).run()).rejects.toBeInstanceOf(
      SyncInProgressError,
    );
    if (engine === 'postgres') {
      // Another process's view of the same database: held by a PostgreSQL advisory lock.
      const other = await db.open();
      try {
        await expect(
          new SportsCloudSync({ storage: other, client: loop.client }).run(),
        ).rejects.toBeInstanceOf(SyncInProgressError);
      } finally {
        await other.close();
      }
    }
    expect((await running).state).toBe('done');
    // Released: the next run may start.
    expect((await run()).state).toBe('done');
  });

  it('asks every results call for the configured variable set', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({ dataset: { ...SMALL, sessionsPerTeam: 1, measurementsPerAthlete: 1 } });
    const report = await run({ variables: ['heartRateSeries', 'trimp'] });
    expect(report.state).toBe('done');
    const results = loop.fake.requests.filter((r) => r.operation?.endsWith('Results'));
    expect(results.length).toBeGreaterThan(0);
    for (const r of results)
      expect(new URL(r.path, 'http://x').searchParams.get('var')).toBe('heartRateSeries,trimp');
    const names = new Set<string>();
    for await (const record of storage.readResults()) for (const v of record.variables) names.add(v.name);
    expect([...names].sort()).toEqual(['heartRateSeries', 'trimp']);
  });

  it('keeps several consumers in one database, each with its accounts and budget', async () => {
    storage = await db.open();
    loop = await startLoopbackFake({
      dataset: { ...SMALL, accounts: 2, sessionsPerTeam: 1, measurementsPerAthlete: 1 },
    });
    const [a, b] = loop.fake.data.accounts;
    const other = loop.fake.registerConsumer({ consumerName: 'Second AMS', accountIds: [b!.accountId] });
    const secondClient = { ...loop.client, ...other };
    await run();
    await run({}, secondClient);
    expect(await storage.accountIds(loop.client.consumerId)).toEqual([a!.accountId, b!.accountId].sort());
    expect(await storage.accountIds(other.consumerId)).toEqual([b!.accountId]);
    const seen = new Set<string>();
    for await (const r of storage.readResults({ consumerId: other.consumerId })) seen.add(r.accountId);
    expect([...seen]).toEqual([b!.accountId]);
    const usage = await query(`select consumer_id, used from sc_quota_usage order by used desc`);
    expect(usage.rows.map((r) => r.consumer_id)).toEqual([loop.client.consumerId, other.consumerId]);
    // The second consumer's account was already stored by the first: only its update calls went out.
    const second = usage.rows[1]!.used as number;
    expect(second).toBeLessThanOrEqual(3 + 3 + b!.athletes.length + b!.teams.length);
  });
});
