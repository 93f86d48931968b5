import { randomBytes } from 'node:crypto';
import type { RateLimits } from '@sportscloud/core';
import { openStorage, SportsCloudSync } from '@sportscloud/sync';
import { openServiceStorage } from '../../src/database';
import { ConsumerStore, type NewConsumer } from '../../src/scale/consumer-store';
import { CredentialCipher } from '../../src/scale/credential-cipher';
import { TokenStore } from '../../src/tokens';
import { throwawayDatabase } from '../helpers';
import { type FleetConsumer, startFleetFake } from './fake';
import { accountSnapshot, duplicateResultSets } from './snapshot';

type Fleet = Awaited<ReturnType<typeof startFleetFake>>;
type TokenRequest = Parameters<TokenStore['create']>[0];

/** A fleet consumer's client options: its credentials, the fleet's fake, and these limits. */
export function fleetClient(fleet: Fleet, c: FleetConsumer, rateLimit: RateLimits) {
  return {
    consumerId: c.consumerId,
    sharedSecret: c.sharedSecret,
    apiKey: c.apiKey,
    baseURL: fleet.server.url,
    rateLimit,
  };
}

/**
 * Stores consumers in a service database, their credentials encrypted with `key` (the workers' key),
 * then creates `tokens` there (one admin token unless told otherwise). Returns the tokens, in order.
 */
export async function storeConsumers(
  url: string,
  key: Uint8Array,
  consumers: readonly NewConsumer[],
  tokens: readonly TokenRequest[] = [{ accounts: '*', scopes: ['admin'] }],
): Promise<string[]> {
  const storage = await openServiceStorage({ database: { url } });
  try {
    await ConsumerStore.migrate(storage);
    const store = new ConsumerStore(storage, new CredentialCipher(key));
    for (const c of consumers) await store.put(c);
    const tokenStore = new TokenStore(storage);
    const created: string[] = [];
    for (const request of tokens) created.push((await tokenStore.create(request)).token);
    return created;
  } finally {
    await storage.close();
  }
}

/** The API's limit shapes scaled down for time: 20 requests/s, burst 10, 400 requests a day per consumer. */
export const FLEET_LIMITS = { rate: 20, burst: 10, dailyQuota: 400 };

/**
 * What the fleet tests share, on real PostgreSQL: a fake Sports Cloud for `consumers` (each with its
 * own account, at FLEET_LIMITS), a reference database that one process syncs, and the shared database
 * the workers sync, whose data must end equal to the reference's.
 */
export async function startFleetTest(options: {
  consumers: number;
  dataset: Parameters<typeof startFleetFake>[0]['dataset'];
  seed?: number;
}) {
  const fleet = await startFleetFake({ ...options, limits: FLEET_LIMITS });
  const databases: Awaited<ReturnType<typeof throwawayDatabase>>[] = [];
  const close = async () => {
    await fleet.server.close();
    for (const db of databases) await db.drop();
  };
  try {
    databases.push(await throwawayDatabase('postgres'), await throwawayDatabase('postgres'));
  } catch (e) {
    await close();
    throw e;
  }
  const [reference, shared] = databases as [(typeof databases)[number], (typeof databases)[number]];
  const referenceUrl = reference.env.DATABASE_URL!;
  const url = shared.env.DATABASE_URL!;
  /** The workers' encryption key of the stored credentials. */
  const key = randomBytes(32);
  const rateLimit = {
    perSecond: FLEET_LIMITS.rate,
    burst: FLEET_LIMITS.burst,
    dailyQuota: FLEET_LIMITS.dailyQuota,
  };
  const client = (c: FleetConsumer) => fleetClient(fleet, c, rateLimit);
  return {
    fleet,
    key,
    /** The shared database's URL. */
    url,
    referenceUrl,
    client,
    /** Every consumer synced at once by this one process into the reference database. */
    async syncReference(maxConnections: number) {
      const storage = await openStorage({ url: referenceUrl, maxConnections });
      try {
        return await Promise.all(
          fleet.consumers.map((c) => new SportsCloudSync({ storage, client: client(c) }).run()),
        );
      } finally {
        await storage.close();
      }
    },
    /** A worker's environment on the shared database and this Redis, with short job locks (a quick takeover). */
    workerEnv(redis: { url: string; prefix: string }): Record<string, string> {
      return {
        DATABASE_URL: url,
        REDIS_URL: redis.url,
        REDIS_KEY_PREFIX: redis.prefix,
        SPORTSCLOUD_ENCRYPTION_KEY: key.toString('base64'),
        SYNC_JOB_LOCK_MS: '3000',
        SYNC_JOB_STALLED_INTERVAL_MS: '1000',
      };
    },
    /**
     * Every consumer's account as the shared database and the reference hold it (the two must be
     * equal), and the result sets the shared database holds twice (there must be none).
     */
    async againstReference() {
      const shared: Record<string, string[]>[] = [];
      const reference: Record<string, string[]>[] = [];
      for (const c of fleet.consumers) {
        shared.push(await accountSnapshot(url, c.accountId));
        reference.push(await accountSnapshot(referenceUrl, c.accountId));
      }
      return { shared, reference, duplicates: await duplicateResultSets(url) };
    },
    close,
  };
}
