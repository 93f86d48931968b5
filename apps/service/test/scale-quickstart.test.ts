import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_QUEUE, type SyncJobData } from '../src/scale/sync-queue';
import { runCli } from './cli';
import { type FleetConsumer, startFleetFake } from './fleet/fake';
import { storeConsumers } from './fleet/setup';
import { REDIS_URL, throwawayRedisPrefix } from './fleet/workers';
import { throwawayDatabase, until } from './helpers';

/**
 * `--quickstart` and `--once` with REDIS_URL, on real PostgreSQL 15 and Redis 7 (loopback): the
 * process's own run covers the environment's consumer, so no queued job syncs it a second time;
 * a stored consumer is still queued at a quickstart's boot; `--once` queues nothing; and a run that
 * finds the consumer's lock held by another process waits for it instead of failing.
 */

/** Limits no run reaches: the request counts compare exactly. */
const LIMITS = { rate: 1000, burst: 100_000, dailyQuota: 100_000 };

describe('a quickstart or --once run with REDIS_URL', () => {
  let fleet: Awaited<ReturnType<typeof startFleetFake>>;
  let own: FleetConsumer;
  let stored: FleetConsumer;
  /** What one process's sync of each consumer sends, on a fresh database without Redis. */
  const single = new Map<string, number>();
  const key = randomBytes(32);
  const databases: Awaited<ReturnType<typeof throwawayDatabase>>[] = [];
  const prefixes: ReturnType<typeof throwawayRedisPrefix>[] = [];

  const envOf = (c: FleetConsumer): Record<string, string> => ({
    SPORTSCLOUD_CONSUMER_ID: c.consumerId,
    SPORTSCLOUD_SHARED_SECRET: c.sharedSecret,
    SPORTSCLOUD_API_KEY: c.apiKey,
    SPORTSCLOUD_BASE_URL: fleet.server.url,
    SPORTSCLOUD_RATE_PER_SECOND: String(LIMITS.rate),
    SPORTSCLOUD_RATE_BURST: String(LIMITS.burst),
    SPORTSCLOUD_DAILY_QUOTA: String(LIMITS.dailyQuota),
    SYNC_INTERVAL_MINUTES: '0',
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const requestsOf = (c: FleetConsumer) => fleet.traffic().get(c.consumerId)?.requests ?? 0;

  /** A fresh database (the `stored` consumer in it) and a fresh Redis prefix. */
  async function freshDeployment() {
    const db = await throwawayDatabase('postgres');
    databases.push(db);
    const redis = throwawayRedisPrefix();
    prefixes.push(redis);
    await storeConsumers(
      db.env.DATABASE_URL!,
      key,
      [
        {
          consumerId: stored.consumerId,
          sharedSecret: stored.sharedSecret,
          apiKey: stored.apiKey,
          baseURL: fleet.server.url,
          rateLimit: { perSecond: LIMITS.rate, burst: LIMITS.burst, dailyQuota: LIMITS.dailyQuota },
        },
      ],
      [],
    );
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue<SyncJobData>(SYNC_QUEUE, { connection, prefix: redis.prefix });
    return {
      env: {
        ...db.env,
        ...envOf(own),
        REDIS_URL,
        REDIS_KEY_PREFIX: redis.prefix,
        SPORTSCLOUD_ENCRYPTION_KEY: key.toString('base64'),
      },
      databaseUrl: db.env.DATABASE_URL!,
      queue,
      /** Jobs not finished (waiting, delayed, active…). */
      unfinished: async () =>
        (await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'waiting-children'])).filter(
          Boolean,
        ),
      async close() {
        await queue.close();
        await connection.quit().catch(() => connection.disconnect());
      },
    };
  }

  beforeAll(async () => {
    fleet = await startFleetFake({
      consumers: 2,
      dataset: {
        teamsPerAccount: 1,
        groupsPerTeam: 1,
        athletesPerAccount: 6,
        measurementsPerAthlete: 2,
        sessionsPerTeam: 4,
        maxLaps: 2,
        days: 20,
      },
      limits: LIMITS,
    });
    [own, stored] = fleet.consumers as [FleetConsumer, FleetConsumer];
    // The reference: each consumer synced by `--once` without Redis, each on a database of its own.
    for (const c of [own, stored]) {
      const db = await throwawayDatabase('postgres');
      databases.push(db);
      fleet.reset();
      const run = await runCli(['--once'], { ...db.env, ...envOf(c) }).done;
      expect(run.code, run.stderr).toBe(0);
      single.set(c.consumerId, requestsOf(c));
      expect(single.get(c.consumerId)).toBeGreaterThan(20);
    }
  }, 120_000);

  afterAll(async () => {
    await fleet?.server.close();
    for (const p of prefixes) await p.drop();
    for (const db of databases) await db.drop();
  });

  it('--quickstart: its own run syncs the environment consumer once; the stored one is queued and synced once', async () => {
    const d = await freshDeployment();
    fleet.reset();
    const run = runCli(['--quickstart'], d.env);
    let out = '';
    let err = '';
    run.child.stdout!.on('data', (b: Buffer) => (out += b));
    run.child.stderr!.on('data', (b: Buffer) => (err += b));
    try {
      await until(() => (/Admin token: +sct_/.test(out) ? true : undefined), 90_000, `the summary\n${err}`);
      expect(err).toMatch(/Synced \(run \d+, done\)/);
      // Every job ends (the stored consumer's, and any other the boot queued); nothing is left waiting.
      await until(
        async () =>
          (await d.unfinished()).length === 0 && requestsOf(stored) >= single.get(stored.consumerId)!
            ? true
            : undefined,
        60_000,
        `the queue to empty\n${err}`,
      );
      expect(requestsOf(own), err).toBe(single.get(own.consumerId));
      expect(requestsOf(stored), err).toBe(single.get(stored.consumerId));
      run.child.kill('SIGINT');
      expect((await run.done).code).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      await d.close();
    }
  }, 180_000);

  it('--once: syncs the environment consumer once, queues nothing, runs no job, exits 0', async () => {
    const d = await freshDeployment();
    fleet.reset();
    try {
      const run = await runCli(['--once'], d.env).done;
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/Synced \(run \d+, done\)/);
      expect(run.stdout).toContain('Per athlete');
      expect(requestsOf(own), run.stderr).toBe(single.get(own.consumerId));
      expect(requestsOf(stored)).toBe(0);
      const counts = await d.queue.getJobCounts();
      expect(
        Object.values(counts).reduce((a, b) => a + b, 0),
        JSON.stringify(counts),
      ).toBe(0);
    } finally {
      await d.close();
    }
  }, 120_000);

  it.each([['--once'], ['--quickstart']])(
    "%s while another process holds the consumer's run lock: waits for it, then syncs once",
    async (mode) => {
      const d = await freshDeployment();
      fleet.reset();
      // Another instance's job of this consumer, as PostgreSQL sees it: the sync's advisory lock held.
      const holder = new pg.Client({ connectionString: d.databaseUrl });
      await holder.connect();
      const lockKey = `sc-sync:${own.consumerId}`;
      // Held before the process starts, so its run cannot take the lock first.
      const { rows } = await holder.query('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [
        lockKey,
      ]);
      expect(rows[0]?.ok).toBe(true);
      const run = runCli([mode], d.env);
      try {
        let out = '';
        let err = '';
        let exited = false;
        run.child.stdout!.on('data', (b: Buffer) => (out += b));
        run.child.stderr!.on('data', (b: Buffer) => (err += b));
        void run.done.then(() => (exited = true));
        const told = await until(
          // A run that does not wait fails at once: --once exits, a quickstart goes on to its banner.
          () => (/waits for it/.test(err) ? true : exited || /Admin token/.test(out) ? false : undefined),
          60_000,
          `the wait notice\n${err}`,
        );
        expect(told, `exited without waiting:\n${err}`).toBe(true);
        expect(err).toContain(`a sync of consumer ${own.consumerId} is already running`);
        expect(requestsOf(own)).toBe(0);
        await holder.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]);
        if (mode === '--once') {
          const done = await run.done;
          expect(done.code, done.stderr).toBe(0);
        } else {
          await until(
            () => (/Admin token: +sct_/.test(out) ? true : undefined),
            90_000,
            `the summary\n${err}`,
          );
          await until(
            async () => ((await d.unfinished()).length === 0 ? true : undefined),
            60_000,
            `the queue to empty\n${err}`,
          );
        }
        expect(err).toMatch(/Synced \(run \d+, done\)/);
        expect(requestsOf(own), err).toBe(single.get(own.consumerId));
        if (mode === '--quickstart') {
          run.child.kill('SIGINT');
          expect((await run.done).code).toBe(0);
        }
      } finally {
        run.child.kill('SIGKILL');
        await holder.end();
        await d.close();
      }
    },
    180_000,
  );

  it('--quickstart whose own run fails queues its consumer, so the queue retries it', async () => {
    const d = await freshDeployment();
    fleet.reset();
    // A wrong shared secret: the API answers 401 and the own run fails at once.
    const run = runCli(['--quickstart'], { ...d.env, SPORTSCLOUD_SHARED_SECRET: 'not-the-secret' });
    let err = '';
    run.child.stderr!.on('data', (b: Buffer) => (err += b));
    try {
      const jobs = await until(
        async () => {
          const all = (
            await d.queue.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'failed', 'completed'])
          ).filter((j) => j?.data.consumerId === own.consumerId);
          return all.length > 0 ? all : undefined;
        },
        60_000,
        `a job of ${own.consumerId}\n${err}`,
      );
      expect(jobs).toHaveLength(1);
    } finally {
      run.child.kill('SIGKILL');
      await run.done;
      await d.close();
    }
  }, 120_000);

  it('Ctrl-C while --once waits for a held lock stops it cleanly (exit 130: the run did not happen), having sent nothing', async () => {
    const d = await freshDeployment();
    fleet.reset();
    const holder = new pg.Client({ connectionString: d.databaseUrl });
    await holder.connect();
    await holder.query('select pg_advisory_lock(hashtextextended($1, 0))', [`sc-sync:${own.consumerId}`]);
    const run = runCli(['--once'], d.env);
    let err = '';
    run.child.stderr!.on('data', (b: Buffer) => (err += b));
    try {
      await until(() => (/waits for it/.test(err) ? true : undefined), 60_000, `the wait notice\n${err}`);
      run.child.kill('SIGINT');
      const done = await run.done;
      expect(done.code, err).toBe(130);
      expect(err).toContain('SIGINT: stopping');
      expect(requestsOf(own)).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      await holder.end();
      await d.close();
    }
  }, 120_000);
});
