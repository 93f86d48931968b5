import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServiceStorage, query } from '../src/database';
import { runCli } from './cli';
import { ENGINES, startFake, throwawayDatabase } from './helpers';

/**
 * A real `kill -9` of the service process while it syncs, then a restart: nothing is lost and
 * nothing is doubled. The service talks to the fake as to the real API (credentials in the env).
 */
const DATASET = {
  accounts: 1,
  teamsPerAccount: 1,
  groupsPerTeam: 1,
  athletesPerAccount: 5,
  measurementsPerAthlete: 2,
  sessionsPerTeam: 3,
  maxLaps: 1,
  days: 14,
};

async function snapshot(database: Awaited<ReturnType<typeof throwawayDatabase>>['database']) {
  const storage = await openServiceStorage({ database });
  try {
    const sets = await query(
      storage,
      sql`select account_id, source, measurement_id, lap_id, session_id, athlete_id from sc_result_sets
          order by 1, 2, 3, 4, 5, 6`,
    );
    const { pending, failed, errors, ...counts } = await storage.counts();
    return { counts, pending, failed, errors, sets: sets.map((r) => Object.values(r).join('/')) };
  } finally {
    await storage.close();
  }
}

describe.each(ENGINES)('kill -9 of the service during a sync on %s', (engine) => {
  let fake: Awaited<ReturnType<typeof startFake>>;
  let env: Record<string, string>;
  const drops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    fake = await startFake(DATASET);
    const c = fake.source().client;
    env = {
      SPORTSCLOUD_CONSUMER_ID: c.consumerId,
      SPORTSCLOUD_SHARED_SECRET: c.sharedSecret,
      SPORTSCLOUD_API_KEY: c.apiKey!,
      SPORTSCLOUD_BASE_URL: c.baseURL!,
      SYNC_INTERVAL_MINUTES: '0',
      // The fake's limits are raised: no test waits out the real API's pacing on the real clock.
      SPORTSCLOUD_RATE_PER_SECOND: '1000',
      SPORTSCLOUD_RATE_BURST: '100000',
    };
  });
  let expected: Awaited<ReturnType<typeof snapshot>>;

  afterAll(async () => {
    await fake?.server.close();
    for (const drop of drops) await drop();
  });

  it('an uninterrupted sync (the reference)', async () => {
    const reference = await throwawayDatabase(engine);
    drops.push(reference.drop);
    const clean = await runCli(['--once'], { ...env, ...reference.env }).done;
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/sessions +duration +avg HR +TRIMP/);
    expected = await snapshot(reference.database);
    expect(expected.sets.length).toBeGreaterThan(10);
  });

  it('SIGTERM during a sync: the service stops cleanly (exit 0) and a restart completes the data', async () => {
    const db = await throwawayDatabase(engine);
    drops.push(db.drop);
    const start = fake.served;
    const run = runCli(['--quickstart'], { ...env, ...db.env, PORT: '0' });
    fake.onRequest((n) => {
      if (n - start === 15) run.child.kill('SIGTERM');
    });
    const stopped = await run.done;
    fake.onRequest(() => {});
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain('SIGTERM: stopping');
    const restart = await runCli(['--once'], { ...env, ...db.env }).done;
    expect(restart.code, restart.stderr).toBe(0);
    expect(await snapshot(db.database)).toEqual(expected);
  });

  it('kill -9 during a sync: a restart ends with exactly what an uninterrupted sync stores', async () => {
    const db = await throwawayDatabase(engine);
    drops.push(db.drop);
    // Kill while lists are committing, then while results are (requests counted from each start).
    for (const at of [6, 20]) {
      const start = fake.served;
      const run = runCli(['--once'], { ...env, ...db.env });
      fake.onRequest((n) => {
        if (n - start === at) run.child.kill('SIGKILL');
      });
      const killed = await run.done;
      fake.onRequest(() => {});
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
    }
    const partial = await snapshot(db.database);
    expect(partial.sets.length).toBeLessThan(expected.sets.length);

    const restart = await runCli(['--once'], { ...env, ...db.env }).done;
    expect(restart.code, restart.stderr).toBe(0);
    const after = await snapshot(db.database);
    expect(after).toEqual(expected);
    expect(new Set(after.sets).size).toBe(after.sets.length);
  });
});
