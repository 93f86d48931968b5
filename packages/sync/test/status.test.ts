import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../bench/simulate';
import { type PostgresStorage, SportsCloudSync, SyncConfigurationError, type SyncProgress } from '../src';
import { ENGINES, type Throwaway, throwawayDatabase } from './helpers/databases';
import { type LoopbackFake, startLoopbackFake } from './helpers/fake';

const TABLES = [
  'sc_consumers',
  'sc_consumer_accounts',
  'sc_accounts',
  'sc_teams',
  'sc_athletes',
  'sc_coaches',
  'sc_measurements',
  'sc_sessions',
  'sc_runs',
  'sc_run_units',
  'sc_checkpoints',
  'sc_quota_usage',
  'sc_result_sets',
  'sc_variables',
];

describe.each(ENGINES)('progress, status and secrets on %s', (engine) => {
  let db: Throwaway;
  let storage: PostgresStorage;
  let loop: LoopbackFake;
  const progress: SyncProgress[] = [];
  let report: Awaited<ReturnType<SportsCloudSync['run']>>;

  beforeAll(async () => {
    db = await throwawayDatabase(engine);
    storage = await db.open();
    loop = await startLoopbackFake({
      dataset: {
        accounts: 1,
        athletesPerAccount: 4,
        measurementsPerAthlete: 2,
        teamsPerAccount: 1,
        sessionsPerTeam: 2,
      },
      failedRatio: 0.3,
    });
    const sync = new SportsCloudSync({ storage, client: loop.client, onProgress: (p) => progress.push(p) });
    report = await simulate(loop.clock, sync.run(), { isBusy: () => sync.busy });
  });
  afterAll(async () => {
    await loop?.close();
    await storage?.close();
    await db?.drop();
  });

  it('reports progress as data: lists then results, done and left adding up', () => {
    expect(progress[0]!.phase).toBe('lists');
    expect(progress.at(-1)!.phase).toBe('finished');
    const results = progress.filter((p) => p.phase === 'results');
    expect(results.length).toBeGreaterThan(1);
    const first = results[0]!.results;
    for (const p of results) {
      expect(p.results.done + p.results.failed + p.results.errors + p.results.left).toBe(first.left);
    }
    expect(progress.at(-1)!.results.left).toBe(0);
    const requests = progress.map((p) => p.requests);
    expect([...requests].sort((a, b) => a - b)).toEqual(requests);
    expect(report.requests.total).toBe(loop.fake.requests.length);
    expect(report.quota).toMatchObject({
      dailyQuota: 5000,
      usedToday: loop.fake.requests.length,
      canFinishToday: true,
    });
  });

  it('names failed analyses with their documented cause, and measurements in no session with the reason', async () => {
    expect(report.errors.length).toBeGreaterThan(0);
    for (const e of report.errors) expect(e.cause).toMatch(/204/);
    const status = await new SportsCloudSync({ storage, client: loop.client }).status();
    expect(status.lastRun).toMatchObject({ state: 'done', requests: loop.fake.requests.length });
    expect(status.counts.measurementsWithoutSession).toBeGreaterThan(0);
    expect(status.measurementsWithoutSession.reason).toMatch(/coaches by hand/);
    expect(status.errors.map((e) => e.item).sort()).toEqual(report.errors.map((e) => e.item).sort());
  });

  it('keeps every credential out of the database and the report', async () => {
    const secrets = [loop.client.sharedSecret, loop.client.apiKey!];
    let dump = JSON.stringify(report);
    for (const table of TABLES) {
      const { rows } = (await storage.db.execute(
        `select t::text as row from ${table} t` as never,
      )) as unknown as {
        rows: Array<{ row: string }>;
      };
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain(loop.client.consumerId);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(dump).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT
  });

  it('rejects bad options with a typed error naming the option', () => {
    const make = (extra: object) => () => new SportsCloudSync({ storage, client: loop.client, ...extra });
    expect(make({ overlapHours: -1 })).toThrow(SyncConfigurationError);
    expect(make({ overlapHours: -1 })).toThrow(/overlapHours/);
    expect(make({ concurrency: 1.5 })).toThrow(/concurrency/);
    expect(make({ since: 'not a date' })).toThrow(/since/);
    expect(make({ variables: ['heartRateSeries', 'a,b'] })).toThrow(/variables/);
    expect(make({ failedBackoffMs: [] })).toThrow(/failedBackoffMs/);
    expect(() => new SportsCloudSync({ storage, client: {} as never })).toThrow(/consumerId/);
  });
});
