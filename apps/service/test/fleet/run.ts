import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { throwawayDatabase } from '../helpers';
import type { startFleetFake } from './fake';
import { fleetClient, storeConsumers } from './setup';
import {
  listeningUrl,
  REDIS_URL,
  startWorkers,
  stopWorkers,
  throwawayRedisPrefix,
  waitForFleet,
} from './workers';

type Fleet = Awaited<ReturnType<typeof startFleetFake>>;

/**
 * One distributed sync of every consumer of `fleet` by `workers` service processes on a fresh
 * PostgreSQL database and Redis prefix (both dropped after): the workers boot, the consumers are
 * stored, then one `POST /api/sync` queues every consumer, and the clock runs until the last run is done.
 */
export async function runFleet(
  fleet: Fleet,
  options: {
    workers: number;
    limits: { perSecond: number; burst: number; dailyQuota: number };
    workerConcurrency: number;
    /** Start each consumer's shared bucket full (a fresh Redis prefix otherwise starts it empty). */
    fullBuckets?: boolean;
  },
) {
  const db = await throwawayDatabase('postgres');
  const redis = throwawayRedisPrefix();
  const key = randomBytes(32);
  const url = db.env.DATABASE_URL!;
  // The workers boot first: with no consumer stored yet, their boot-time enqueue queues nothing, and
  // the clock starts at the one POST /api/sync below.
  const workers = startWorkers(options.workers, {
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_KEY_PREFIX: redis.prefix,
    SPORTSCLOUD_ENCRYPTION_KEY: key.toString('base64'),
    SYNC_WORKER_CONCURRENCY: String(options.workerConcurrency),
    LOG_LEVEL: 'warn',
  });
  try {
    const urls = async () => {
      for (;;) {
        const found = workers.map(listeningUrl);
        if (found.every(Boolean)) return found as string[];
        if (workers.some((w) => w.child.exitCode !== null))
          throw new Error(`a worker exited:\n${workers.map((w) => w.log()).join('\n')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const [first] = await urls();
    const [token] = await storeConsumers(
      url,
      key,
      fleet.consumers.map((c) => fleetClient(fleet, c, options.limits)),
    );
    if (options.fullBuckets) {
      // The store's "since" marker: buckets count as refilling since the epoch, i.e. full.
      const client = new Redis(REDIS_URL);
      await client.set(`${redis.prefix}:rate-limit:since`, '0');
      client.disconnect();
    }
    fleet.reset();
    const started = Date.now();
    const trigger = await fetch(`${first}/api/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (trigger.status !== 202) throw new Error(`POST /api/sync: ${trigger.status}`);
    await waitForFleet(
      url,
      redis.prefix,
      fleet.consumers.map((c) => c.consumerId),
      600_000,
    );
    const seconds = (Date.now() - started) / 1000;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as n from sc_result_sets');
    await client.end();
    const traffic = [...fleet.traffic().values()];
    return {
      seconds,
      resultSets: Number(rows[0].n),
      requests: traffic.reduce((n, t) => n + t.requests, 0),
      throttled429: traffic.reduce((n, t) => n + t.throttled, 0),
      perConsumer: fleet.traffic(),
    };
  } finally {
    await stopWorkers(workers);
    await db.drop();
    await redis.drop();
  }
}
