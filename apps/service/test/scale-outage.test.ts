import { randomBytes } from 'node:crypto';
import { openStorage, SportsCloudSync } from '@sportscloud/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServiceStorage } from '../src/database';
import { ConsumerStore } from '../src/scale/consumer-store';
import { CredentialCipher } from '../src/scale/credential-cipher';
import { TokenStore } from '../src/tokens';
import { startFleetFake } from './fleet/fake';
import { startOwnRedis } from './fleet/redis-server';
import { accountSnapshot, duplicateResultSets } from './fleet/snapshot';
import { startWorkers, stopWorkers, type WorkerProcess, waitForFleet } from './fleet/workers';
import { throwawayDatabase } from './helpers';

/**
 * The deployment guide's "Redis goes down" claim: a worker syncing when Redis dies (`kill -9` of a
 * Redis of this test's own, started again 2 s later from its append-only file) carries on once Redis
 * is back, and the data ends equal to an uninterrupted sync's, with nothing stored twice.
 */
const LIMITS = { rate: 20, burst: 10, dailyQuota: 400 };
const DATASET = {
  teamsPerAccount: 1,
  groupsPerTeam: 1,
  athletesPerAccount: 4,
  measurementsPerAthlete: 2,
  sessionsPerTeam: 3,
  maxLaps: 1,
  days: 10,
};

describe('Redis down during a distributed sync', () => {
  let fleet: Awaited<ReturnType<typeof startFleetFake>>;
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let reference: Awaited<ReturnType<typeof throwawayDatabase>>;
  let shared: Awaited<ReturnType<typeof throwawayDatabase>>;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    fleet = await startFleetFake({ consumers: 2, dataset: DATASET, limits: LIMITS, seed: 21 });
    redis = await startOwnRedis();
    reference = await throwawayDatabase('postgres');
    shared = await throwawayDatabase('postgres');
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await fleet?.server.close();
    await redis?.stop();
    await reference?.drop();
    await shared?.drop();
  });

  it('a worker carries on when Redis is back; the data equals an uninterrupted sync, nothing twice', async () => {
    const client = (c: (typeof fleet.consumers)[number]) => ({
      consumerId: c.consumerId,
      sharedSecret: c.sharedSecret,
      apiKey: c.apiKey,
      baseURL: fleet.server.url,
      rateLimit: { perSecond: LIMITS.rate, burst: LIMITS.burst, dailyQuota: LIMITS.dailyQuota },
    });
    const refStorage = await openStorage({ url: reference.env.DATABASE_URL!, maxConnections: 6 });
    try {
      await Promise.all(
        fleet.consumers.map((c) => new SportsCloudSync({ storage: refStorage, client: client(c) }).run()),
      );
    } finally {
      await refStorage.close();
    }
    const referenceTotal = fleet.total;
    fleet.reset();

    const url = shared.env.DATABASE_URL!;
    const key = randomBytes(32);
    const storage = await openServiceStorage({ database: { url } });
    let token: string;
    try {
      await ConsumerStore.migrate(storage);
      const store = new ConsumerStore(storage, new CredentialCipher(key));
      for (const c of fleet.consumers) await store.put(client(c));
      token = (await new TokenStore(storage).create({ accounts: '*', scopes: ['admin'] })).token;
    } finally {
      await storage.close();
    }
    workers = startWorkers(1, {
      DATABASE_URL: url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'outage',
      SPORTSCLOUD_ENCRYPTION_KEY: key.toString('base64'),
      SYNC_JOB_LOCK_MS: '3000',
      SYNC_JOB_STALLED_INTERVAL_MS: '1000',
    });
    const worker = workers[0]!;
    while (!/Listening on (http:\/\/\S+) /.test(worker.log())) await new Promise((r) => setTimeout(r, 50));
    const base = /Listening on (http:\/\/\S+) /.exec(worker.log())![1]!;
    const outage = new Promise<void>((resolve) => {
      fleet.onRequest((total) => {
        if (total !== Math.round(referenceTotal * 0.3)) return;
        fleet.onRequest(() => {});
        void (async () => {
          await redis.kill();
          // Down for 2 s while the worker is mid-sync, then back with its data (append-only file).
          await new Promise((r) => setTimeout(r, 2_000));
          await redis.start();
          resolve();
        })();
      });
    });
    const trigger = await fetch(`${base}/api/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(trigger.status).toBe(202);
    await outage;
    await waitForFleet(
      url,
      'outage',
      fleet.consumers.map((c) => c.consumerId),
      90_000,
      redis.url,
    );
    const traffic = [...fleet.traffic().values()];
    const total = traffic.reduce((n, t) => n + t.requests, 0);
    console.log(
      JSON.stringify({
        test: 'redis-outage',
        requests: total,
        referenceRequests: referenceTotal,
        requestsRatio: Number((total / referenceTotal).toFixed(3)),
        throttled429: traffic.reduce((n, t) => n + t.throttled, 0),
      }),
    );
    // The worker lost Redis while it synced (its queue connection was refused).
    expect(worker.log()).toMatch(/queue: (connect ECONNREFUSED|could not renew lock)/);
    expect(traffic.every((t) => t.throttled === 0)).toBe(true);
    for (const c of fleet.consumers)
      expect(await accountSnapshot(url, c.accountId)).toEqual(
        await accountSnapshot(reference.env.DATABASE_URL!, c.accountId),
      );
    expect(await duplicateResultSets(url)).toBe(0);
  });
});
