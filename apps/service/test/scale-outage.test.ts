import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedis } from './fleet/redis-server';
import { startFleetTest, storeConsumers } from './fleet/setup';
import { listeningUrl, startWorkers, stopWorkers, type WorkerProcess, waitForFleet } from './fleet/workers';

/**
 * The deployment guide's "Redis goes down" claim: a worker syncing when Redis dies (`kill -9` of a
 * Redis of this test's own, started again 2 s later from its append-only file) carries on once Redis
 * is back, and the data ends equal to an uninterrupted sync's, with nothing stored twice.
 */
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
  let test: Awaited<ReturnType<typeof startFleetTest>>;
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    test = await startFleetTest({ consumers: 2, dataset: DATASET, seed: 21 });
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await test?.close();
    await redis?.stop();
  });

  it('a worker carries on when Redis is back; the data equals an uninterrupted sync, nothing twice', async () => {
    const { fleet, url } = test;
    await test.syncReference(6);
    const referenceTotal = fleet.total;
    fleet.reset();

    const [token] = await storeConsumers(url, test.key, fleet.consumers.map(test.client));
    workers = startWorkers(1, test.workerEnv({ url: redis.url, prefix: 'outage' }));
    const worker = workers[0]!;
    while (!listeningUrl(worker)) await new Promise((r) => setTimeout(r, 50));
    const base = listeningUrl(worker)!;
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
    const stored = await test.againstReference();
    expect(stored.shared).toEqual(stored.reference);
    expect(stored.duplicates).toBe(0);
  });
});
