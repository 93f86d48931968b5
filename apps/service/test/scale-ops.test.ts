import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DOCUMENTED_RATE_LIMITS } from '@sportscloud/core';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import type { ServiceConfig } from '../src/config';
import { openServiceStorage } from '../src/database';
import type { ConsumerSyncs } from '../src/scale/consumer-syncs';
import { loadScaleConfig } from '../src/scale/scale-config';
import { openSharedRateLimitStore } from '../src/scale/shared-rate-limit';
import { currentSyncJob, SYNC_QUEUE, type SyncJobData, SyncQueue } from '../src/scale/sync-queue';
import { runCli } from './cli';
import { storeConsumers } from './fleet/setup';
import { REDIS_URL, throwawayRedisPrefix } from './fleet/workers';
import { startFake, throwawayDatabase, until } from './helpers';

/**
 * What an operator of the scale-out does beside the fleet, on real PostgreSQL 15 and Redis 7
 * (loopback): remove a stored consumer (CLI and HTTP), run a one-off `--once` sync on the shared
 * budget, and ask for the same consumer's sync from two instances at once.
 */

/** A BullMQ queue of the sync on `prefix`, with its own connection; `close` closes both. */
function openQueue(prefix: string) {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue<SyncJobData>(SYNC_QUEUE, { connection, prefix });
  return {
    queue,
    async close() {
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

/** Every job of a consumer still in the queue (not finished), whatever its id. */
async function unfinishedJobsOf(queue: Queue<SyncJobData>, consumerId: string) {
  const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
  return jobs.filter((j) => j?.data.consumerId === consumerId);
}

/** A SyncQueue as an instance builds it; enqueueing reads only its queue. */
const syncQueueOn = (queue: Queue<SyncJobData>) =>
  new SyncQueue(queue, {} as ServiceConfig, {} as ConsumerSyncs, false);

describe('removing a stored consumer', () => {
  let db: Awaited<ReturnType<typeof throwawayDatabase>>;
  let fake: Awaited<ReturnType<typeof startFake>>;
  const redis = throwawayRedisPrefix();
  const key = randomBytes(32);
  const secretOf = (id: string) => `secret-of-${id}-${randomBytes(8).toString('hex')}`;
  const secrets: Record<string, string> = {};
  let env: Record<string, string>;
  let app: INestApplication;
  let storageClose: () => Promise<void>;
  let shared: ReturnType<typeof openSharedRateLimitStore>;
  let base = '';
  let admin = '';
  let reader = '';
  let q: ReturnType<typeof openQueue>;

  const http =
    (token: string) =>
    (path: string, init: RequestInit = {}) =>
      fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}` } });
  const storedIds = async () => {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    try {
      const rows = (await c.query('select * from svc_consumers order by consumer_id')).rows;
      return { ids: rows.map((r) => String(r.consumer_id)), dump: JSON.stringify(rows) };
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    db = await throwawayDatabase('postgres');
    fake = await startFake();
    env = {
      ...db.env,
      REDIS_URL,
      REDIS_KEY_PREFIX: redis.prefix,
      SPORTSCLOUD_ENCRYPTION_KEY: key.toString('base64'),
    };
    const ids = ['club-http', 'club-cli', 'club-gone', 'club-kept'];
    for (const id of ids) secrets[id] = secretOf(id);
    [admin, reader] = (await storeConsumers(
      env.DATABASE_URL!,
      key,
      ids.map((consumerId) => ({
        consumerId,
        sharedSecret: secrets[consumerId]!,
        apiKey: `key-of-${consumerId}-${randomBytes(8).toString('hex')}`,
        baseURL: fake.server.url,
      })),
      [
        { accounts: '*', scopes: ['admin'] },
        { accounts: '*', scopes: ['read', 'export'] },
      ],
    )) as [string, string];
    q = openQueue(redis.prefix);
    // Paused: the app's worker takes no job, so a consumer's job waits until the test resumes it.
    await q.queue.pause();
    const scale = loadScaleConfig(env);
    shared = openSharedRateLimitStore(scale.redis!);
    const config: ServiceConfig = {
      database: db.database,
      host: '127.0.0.1',
      port: 0,
      syncIntervalMinutes: 0,
      overlapHours: 72,
      logLevel: 'warn',
    };
    const storage = await openServiceStorage(config, { maxConnections: 8 });
    storageClose = () => storage.close();
    app = await createApp({
      config,
      storage,
      source: fake.source(),
      syncAtBoot: false,
      scale,
      sharedRateLimitStore: shared.store,
    });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await storageClose?.();
    await shared?.close();
    await q?.close();
    await fake?.server.close();
    await redis.drop();
    await db?.drop();
  });

  it('DELETE /api/consumers/{consumerId}: the row and its secret gone, its waiting job cancelled, no credential in the answer', async () => {
    const queued = (await (await http(admin)('/api/sync', { method: 'POST' })).json()) as {
      consumers: string[];
    };
    expect(queued.consumers).toContain('club-http');
    expect(await unfinishedJobsOf(q.queue, 'club-http')).toHaveLength(1);

    // Not an admin: refused before anything is removed.
    expect((await http(reader)('/api/consumers/club-http', { method: 'DELETE' })).status).toBe(403);
    expect((await storedIds()).ids).toContain('club-http');

    const removed = await http(admin)('/api/consumers/club-http', { method: 'DELETE' });
    const text = await removed.text();
    expect(removed.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ consumerId: 'club-http', job: 'cancelled', dataKept: true });
    expect(JSON.parse(text).message).toContain('stays in the database');
    expect(text).not.toContain(secrets['club-http']);
    expect(text).not.toContain('key-of-');

    const after = await storedIds();
    expect(after.ids).not.toContain('club-http');
    expect(after.dump).not.toContain('club-http');
    expect(await unfinishedJobsOf(q.queue, 'club-http')).toEqual([]);
    const listed = (await (await http(admin)('/api/consumers')).json()) as {
      items: { consumerId: string }[];
    };
    expect(listed.items.map((c) => c.consumerId)).not.toContain('club-http');
    // Nothing schedules it again.
    const again = (await (await http(admin)('/api/sync', { method: 'POST' })).json()) as {
      consumers: string[];
    };
    expect(again.consumers).not.toContain('club-http');
    expect(await unfinishedJobsOf(q.queue, 'club-http')).toEqual([]);

    const unknown = await http(admin)('/api/consumers/club-http', { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('club-http');
    const malformed = await http(admin)('/api/consumers/a%20b', { method: 'DELETE' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { field: string }).field).toBe('consumerId');
  });

  it('the environment consumer stored as well: its row goes, its sync stays', async () => {
    const consumerId = fake.source().client.consumerId;
    await storeConsumers(env.DATABASE_URL!, key, [{ consumerId, sharedSecret: secretOf('env') }], []);
    // Its job (queued already if an earlier case asked for every consumer: this joins it).
    await syncQueueOn(q.queue).enqueue(consumerId);
    expect((await unfinishedJobsOf(q.queue, consumerId)).length).toBe(1);
    const removed = (await (
      await http(admin)(`/api/consumers/${consumerId}`, { method: 'DELETE' })
    ).json()) as {
      job: string;
      message: string;
    };
    expect(removed.job).toBe('none');
    expect(removed.message).toContain('SPORTSCLOUD_CONSUMER_ID');
    expect((await storedIds()).ids).not.toContain(consumerId);
    expect((await unfinishedJobsOf(q.queue, consumerId)).length).toBe(1);
  });

  it('consumer remove --id: exit 0 and its waiting job cancelled; an unknown or missing id exits 2', async () => {
    // Queued by the POST /api/sync above already: this joins that job.
    await syncQueueOn(q.queue).enqueue('club-cli');
    expect(await unfinishedJobsOf(q.queue, 'club-cli')).toHaveLength(1);
    const run = await runCli(['consumer', 'remove', '--id', 'club-cli'], env).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Consumer club-cli removed');
    expect(run.stdout).toContain('waiting sync job was cancelled');
    expect(run.stdout).toContain('stays in the database');
    expect(run.stdout + run.stderr).not.toContain(secrets['club-cli']);
    expect((await storedIds()).ids).not.toContain('club-cli');
    expect(await unfinishedJobsOf(q.queue, 'club-cli')).toEqual([]);

    const listed = await runCli(['consumer', 'list'], env).done;
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('club-kept');
    expect(listed.stdout).not.toContain('club-cli');

    const unknown = await runCli(['consumer', 'remove', '--id', 'club-cli'], env).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No stored consumer club-cli');
    const missing = await runCli(['consumer', 'remove'], env).done;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('consumer remove --id <consumerId>');
    expect((await storedIds()).ids).toContain('club-kept');
  });

  it('consumer remove with Redis unreachable or unset: the row goes, the command answers and says what it did not check', async () => {
    // Redis on a port nothing listens on: the cancel cannot be answered, the command must not hang.
    const started = Date.now();
    const offline = await runCli(['consumer', 'remove', '--id', 'club-http-2'], {
      ...env,
      REDIS_URL: 'redis://127.0.0.1:1',
    }).done;
    expect(offline.code).toBe(2); // not stored: the row check comes first, Redis is not needed for it
    await storeConsumers(
      env.DATABASE_URL!,
      key,
      ['club-offline', 'club-unset'].map((consumerId) => ({
        consumerId,
        sharedSecret: secretOf(consumerId),
        apiKey: `key-of-${consumerId}`,
        baseURL: fake.server.url,
      })),
      [],
    );
    const unreachable = await runCli(['consumer', 'remove', '--id', 'club-offline'], {
      ...env,
      REDIS_URL: 'redis://127.0.0.1:1',
    }).done;
    expect(unreachable.code, unreachable.stderr).toBe(0);
    expect(unreachable.stdout).toContain('Redis did not answer');
    expect(Date.now() - started).toBeLessThan(30_000);
    const { REDIS_URL: _, REDIS_KEY_PREFIX: __, ...withoutRedis } = env;
    const unchecked = await runCli(['consumer', 'remove', '--id', 'club-unset'], withoutRedis).done;
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(unchecked.stdout).toContain('the queue was not checked');
    expect((await storedIds()).ids).not.toContain('club-offline');
    expect((await storedIds()).ids).not.toContain('club-unset');
  });

  it('a job whose consumer vanished before it ran fails once, as an unknown consumer, without retries', async () => {
    const { job } = await syncQueueOn(q.queue).enqueue('club-gone');
    // Removed behind the queue's back (as when a worker already held the job): the row only.
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    await c.query(`delete from svc_consumers where consumer_id = 'club-gone'`).finally(() => c.end());
    await q.queue.resume();
    const failed = await until(
      async () => {
        const j = (await q.queue.getJob(job.id!)) as Job<SyncJobData> | undefined;
        return j && (await j.getState()) === 'failed' ? j : undefined;
      },
      20_000,
      "club-gone's job to fail",
    );
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toContain('no consumer club-gone');
    await q.queue.pause();
  });
});

describe('a one-off sync (--once) beside the fleet', () => {
  it('paces with the shared Redis budget: the daily count grows by every request the fake saw', async () => {
    const db = await throwawayDatabase('postgres');
    const fake = await startFake();
    const redis = throwawayRedisPrefix();
    const shared = openSharedRateLimitStore({ url: REDIS_URL, keyPrefix: redis.prefix });
    try {
      const { client } = fake.source();
      const limits = { ...DOCUMENTED_RATE_LIMITS, ...client.rateLimit };
      // Another instance's takes today, before the one-off run: the run adds to them.
      // (The budget of a consumer new to this prefix starts empty and refills: count the granted takes.)
      let granted = 0;
      for (let i = 0; i < 5; i++)
        if ((await shared.store.take(client.consumerId, Date.now(), limits)).granted) granted += 1;
      const before = await shared.store.usage(client.consumerId, limits);
      expect(before.usedToday).toBe(granted);
      const run = await runCli(['--once'], {
        ...db.env,
        REDIS_URL,
        REDIS_KEY_PREFIX: redis.prefix,
        SPORTSCLOUD_CONSUMER_ID: client.consumerId,
        SPORTSCLOUD_SHARED_SECRET: client.sharedSecret,
        SPORTSCLOUD_API_KEY: client.apiKey!,
        SPORTSCLOUD_BASE_URL: client.baseURL!,
        SPORTSCLOUD_RATE_PER_SECOND: String(limits.perSecond),
        SPORTSCLOUD_RATE_BURST: String(limits.burst),
        SPORTSCLOUD_DAILY_QUOTA: String(limits.dailyQuota),
        SYNC_INTERVAL_MINUTES: '0',
      }).done;
      expect(run.code, run.stderr).toBe(0);
      expect(fake.served).toBeGreaterThan(20);
      const after = await shared.store.usage(client.consumerId, limits);
      expect(after.usedToday - before.usedToday).toBe(fake.served);
    } finally {
      await shared.close();
      await fake.server.close();
      await redis.drop();
      await db.drop();
    }
  });
});

describe('two instances asking for the same consumer at once', () => {
  const redis = throwawayRedisPrefix();
  let a: ReturnType<typeof openQueue>;
  let b: ReturnType<typeof openQueue>;

  // A fresh prefix for each test: the worker of the second must find no job of the first.
  beforeEach(async () => {
    await redis.drop();
    a = openQueue(redis.prefix);
    b = openQueue(redis.prefix);
  });
  afterEach(async () => {
    await a?.close();
    await b?.close();
    await redis.drop();
  });

  it('exactly one reports started, and one job exists', async () => {
    const [first, second] = [syncQueueOn(a.queue), syncQueueOn(b.queue)];
    for (let round = 0; round < 20; round++) {
      const consumerId = `club-${round}`;
      const answers = await Promise.all([first.enqueue(consumerId), second.enqueue(consumerId)]);
      expect(
        answers.filter((r) => r.started),
        consumerId,
      ).toHaveLength(1);
      expect(answers[0].job.id).toBe(answers[1].job.id);
      expect(await unfinishedJobsOf(a.queue, consumerId), consumerId).toHaveLength(1);
      // Asked again while it waits: joined.
      expect((await second.enqueue(consumerId)).started).toBe(false);
    }
  });

  it("a finished job does not block the consumer's next sync; a running one is joined", async () => {
    const consumerId = 'club-next';
    const q = syncQueueOn(a.queue);
    const first = await q.enqueue(consumerId);
    expect(first.started).toBe(true);
    let release: () => void = () => {};
    const running = new Promise<void>((r) => {
      release = r;
    });
    let taken = 0;
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const worker = new Worker<SyncJobData>(
      SYNC_QUEUE,
      async () => {
        taken += 1;
        await running;
        throw new UnrecoverableError('no consumer club-next in this deployment');
      },
      { connection, prefix: redis.prefix },
    );
    try {
      await until(async () => (taken > 0 ? true : undefined), 10_000, 'the worker to take the job');
      expect(await (await currentSyncJob(a.queue, consumerId))?.getState()).toBe('active');
      const joined = await syncQueueOn(b.queue).enqueue(consumerId);
      expect(joined).toMatchObject({ started: false });
      expect(joined.job.id).toBe(first.job.id);
      expect(await syncQueueOn(b.queue).cancel(consumerId)).toBe('running');
      release();
      await until(
        async () =>
          (await (await a.queue.getJob(first.job.id!))?.getState()) === 'failed' ? true : undefined,
        10_000,
        'the job to fail',
      );
      await worker.close();
      const next = await syncQueueOn(b.queue).enqueue(consumerId);
      expect(next.started).toBe(true);
      expect(next.job.id).not.toBe(first.job.id);
      expect(await syncQueueOn(a.queue).cancel(consumerId)).toBe('cancelled');
      expect(await unfinishedJobsOf(a.queue, consumerId)).toEqual([]);
    } finally {
      release();
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    }
  });
});
