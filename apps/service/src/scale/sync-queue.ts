import { InjectQueue } from '@nestjs/bullmq';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { ServiceConfig } from '../config';
import { CONFIG, SYNC_AT_BOOT } from '../tokens-di';
import type { ConsumerSyncs } from './consumer-syncs';
import { CONSUMER_SYNCS } from './scale-di';

export const SYNC_QUEUE = 'sportscloud-sync';

export interface SyncJobData {
  consumerId: string;
}

/**
 * One job per consumer at a time: its id is stable (`sync-<consumer>`), so every instance may ask
 * for a consumer's sync (at boot, on its schedule, on a request) and the queue keeps only one.
 * BullMQ refuses ":" in custom ids: the consumer id is URI-encoded.
 */
export const syncJobId = (consumerId: string) => `sync-${encodeURIComponent(consumerId)}`;

/** Retries of a job that failed (a worker shut down mid-run, PostgreSQL or the API unreachable…). */
const ATTEMPTS = 8;
const RETRY_DELAY_MS = 2_000;

/**
 * The producer side of the distributed sync: enqueues each consumer's sync at boot and every
 * `SYNC_INTERVAL_MINUTES` (every instance does; the stable job ids make the copies one), and on demand.
 */
@Injectable()
export class SyncQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly #log = new Logger('SyncQueue');
  #timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(SYNC_QUEUE) readonly queue: Queue<SyncJobData>,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(CONSUMER_SYNCS) private readonly syncs: ConsumerSyncs,
    @Inject(SYNC_AT_BOOT) private readonly syncAtBoot: boolean,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.syncIntervalMinutes;
    if (minutes > 0) {
      this.#timer = setInterval(() => void this.enqueueAll().catch((e) => this.#warn(e)), minutes * 60_000);
      this.#timer.unref();
    }
    if (this.syncAtBoot) void this.enqueueAll().catch((e) => this.#warn(e));
  }

  beforeApplicationShutdown(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** Asks for every consumer's sync; returns the consumers whose job is new. */
  async enqueueAll(): Promise<string[]> {
    const started: string[] = [];
    for (const consumerId of await this.syncs.ids()) {
      if ((await this.enqueue(consumerId)).started) started.push(consumerId);
    }
    return started;
  }

  /** Adds the consumer's job unless one is waiting or running (then the caller joins it). */
  async enqueue(consumerId: string): Promise<{ started: boolean; job: Job<SyncJobData> }> {
    const jobId = syncJobId(consumerId);
    const existing = await this.queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown')
        return { started: false, job: existing };
      // A finished job kept for inspection would make the id taken: a new run replaces it.
      await existing.remove().catch(() => {});
    }
    const job = await this.queue.add(
      'sync',
      { consumerId },
      {
        jobId,
        attempts: ATTEMPTS,
        backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
        removeOnComplete: true,
        removeOnFail: { count: 100 },
      },
    );
    return { started: true, job };
  }

  /** The state of each consumer's job (`waiting`, `active`, `delayed`…), for the status endpoint. */
  async states(consumerIds: readonly string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    for (const consumerId of consumerIds) {
      const job = await this.queue.getJob(syncJobId(consumerId));
      if (job) states.set(consumerId, await job.getState());
    }
    return states;
  }

  #warn(error: unknown) {
    this.#log.warn(`could not enqueue the syncs: ${error instanceof Error ? error.message : String(error)}`);
  }
}
