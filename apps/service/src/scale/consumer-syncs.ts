import { DOCUMENTED_RATE_LIMITS, type RateLimitStore, type RateLimits } from '@sportscloud/core';
import { type PostgresStorage, SportsCloudSync, type SyncOptions, type SyncReport } from '@sportscloud/sync';
import type { ServiceConfig } from '../config';
import type { ServiceMetrics } from '../metrics';
import type { SportsCloudSource } from '../sports-cloud-source';
import type { ConsumerStore } from './consumer-store';

export class UnknownConsumerError extends Error {
  override readonly name = 'UnknownConsumerError';
}

/**
 * The consumers this deployment syncs — the one from the environment (unless it is the demo fake) and
 * those stored in the database — and one sync run of any of them. Credentials are decrypted for the
 * run only and never leave the client options.
 */
export class ConsumerSyncs {
  constructor(
    private readonly deps: {
      config: ServiceConfig;
      storage: PostgresStorage;
      source: SportsCloudSource;
      consumers: ConsumerStore;
      metrics: ServiceMetrics;
      /** The deployment's shared budget (Redis), keyed by consumer; undefined: a local bucket. */
      sharedRateLimitStore?: RateLimitStore;
    },
  ) {}

  /** Every consumer id to sync, the environment's first. */
  async ids(): Promise<string[]> {
    const stored = (await this.deps.consumers.list()).map((c) => c.consumerId);
    const own = this.deps.source.demo ? [] : [this.deps.source.client.consumerId];
    return [...new Set([...own, ...stored])];
  }

  /** The client options of a consumer: the environment's, or the stored (decrypted) ones. */
  async client(consumerId: string): Promise<SyncOptions['client']> {
    if (consumerId === this.deps.source.client.consumerId) return this.deps.source.client;
    const stored = await this.deps.consumers.credentials(consumerId);
    if (!stored) throw new UnknownConsumerError(`no consumer ${consumerId} in this deployment`);
    return stored;
  }

  /**
   * Each consumer's limits (the documented ones unless configured otherwise): the environment's own
   * when it sets them, else the stored ones, read once for all. No credential is read.
   */
  async limits(consumerIds: readonly string[]): Promise<Map<string, RateLimits>> {
    const { client } = this.deps.source;
    let stored: Map<string, RateLimits> | undefined;
    const limits = new Map<string, RateLimits>();
    for (const id of consumerIds) {
      const own = id === client.consumerId ? client.rateLimit : undefined;
      if (!own)
        stored ??= new Map((await this.deps.consumers.list()).map((c) => [c.consumerId, c.rateLimit]));
      limits.set(id, { ...DOCUMENTED_RATE_LIMITS, ...(own ?? stored?.get(id)) });
    }
    return limits;
  }

  /** One run of a consumer's sync (resuming whatever an earlier, killed run left). */
  async run(consumerId: string, signal: AbortSignal): Promise<SyncReport> {
    const { config, storage, metrics, sharedRateLimitStore } = this.deps;
    const sync = new SportsCloudSync({
      storage,
      client: await this.client(consumerId),
      overlapHours: config.overlapHours,
      signal,
      ...(sharedRateLimitStore ? { sharedRateLimitStore } : {}),
      onClient: (client) => {
        client.on('response', (e) => {
          metrics.apiResponses.inc({ status: String(e.status ?? 0) });
          if (e.status === 429) metrics.apiThrottled.inc();
        });
      },
    });
    const report = await sync.run();
    metrics.syncRuns.inc({ state: report.state });
    return report;
  }
}
