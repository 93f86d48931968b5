import { randomBytes } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type { ServiceConfig } from '../config';
import { CONFIG, OWN_SYNC, SYNC_AT_BOOT } from '../tokens-di';
import type { ConsumerSyncs } from './consumer-syncs';
import { CONSUMER_SYNCS } from './scale-di';

export const SYNC_QUEUE = 'sportscloud-sync';

export interface SyncJobData {
  consumerId: string;
}

/**
 * One job per consumer at a time: every job of a consumer carries the same deduplication id
 * (`sync-<consumer>`), so every instance may ask for a consumer's sync (at boot, on its schedule, on a
 * request) and the queue keeps only one until it completes or fails. BullMQ refuses ":" in custom
 * job ids: the consumer id is URI-encoded.
 */
export const syncDeduplicationId = (consumerId: string) => `sync-${encodeURIComponent(consumerId)}`;

/** A job id of this request alone: `queue.add` answers with it only if this request added the job. */
const newJobId = (consumerId: string) =>
  `${syncDeduplicationId(consumerId)}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;

/** The states of a job that waits (for a worker, or for a retry): it can be removed. */
const CANCELLABLE = new Set(['waiting', 'delayed', 'prioritized', 'waiting-children']);

/** Retries of a job that failed (a worker shut down mid-run, PostgreSQL or the API unreachable…). */
const ATTEMPTS = 8;
const RETRY_DELAY_MS = 2_000;

/** The consumer's job that is not finished (waiting, active, delayed…), if any. */
export async function currentSyncJob(
  queue: Queue<SyncJobData>,
  consumerId: string,
): Promise<Job<SyncJobData> | undefined> {
  const jobId = await queue.getDeduplicationJobId(syncDeduplicationId(consumerId));
  return jobId ? await queue.getJob(jobId) : undefined;
}

/** What became of a removed consumer's job: removed from the queue, left running, or there was none. */
export type SyncJobCancel = 'cancelled' | 'running' | 'none';

/**
 * Removes the consumer's job if it waits (or waits for a retry). A running job is left to finish or
 * fail: its worker holds its lock.
 */
export async function cancelSyncJob(queue: Queue<SyncJobData>, consumerId: string): Promise<SyncJobCancel> {
  const job = await currentSyncJob(queue, consumerId);
  if (!job) return 'none';
  const state = await job.getState();
  if (!CANCELLABLE.has(state)) return state === 'active' ? 'running' : 'none';
  try {
    await job.remove();
    return 'cancelled';
  } catch {
    // A worker took it between the two calls: it holds the job's lock now.
    return (await job.getState()) === 'active' ? 'running' : 'none';
  }
}

/**
 * The producer side of the distributed sync: enqueues each consumer's sync at boot and every
 * `SYNC_INTERVAL_MINUTES` (every instance does; the deduplication id makes the copies one), and on demand.
 * At boot it leaves out the consumer this process syncs itself (`OWN_SYNC`, a `--quickstart`): that
 * run covers it, and a queued job would sync it a second time (or take its lock first).
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
    /** The consumer whose boot sync this process runs itself, if any. */
    @Optional() @Inject(OWN_SYNC) private readonly ownSync?: string,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = this.config.syncIntervalMinutes;
    if (minutes > 0) {
      this.#timer = setInterval(() => void this.enqueueAll().catch((e) => this.#warn(e)), minutes * 60_000);
      this.#timer.unref();
    }
    if (this.syncAtBoot) void this.enqueueAll({ except: this.ownSync }).catch((e) => this.#warn(e));
  }

  beforeApplicationShutdown(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** Asks for every consumer's sync (but `except`); returns the consumers whose job is new. */
  async enqueueAll(options: { except?: string } = {}): Promise<string[]> {
    const started: string[] = [];
    for (const consumerId of await this.syncs.ids()) {
      if (consumerId === options.except) continue;
      if ((await this.enqueue(consumerId)).started) started.push(consumerId);
    }
    return started;
  }

  /**
   * Adds the consumer's job unless one is waiting or running (then the caller joins it). One atomic
   * `queue.add` (BullMQ's deduplication, a Lua script) decides: of two instances asking at once, one
   * adds the job and the other is handed that job; `started` says which one this caller was.
   */
  async enqueue(consumerId: string): Promise<{ started: boolean; job: Job<SyncJobData> }> {
    const jobId = newJobId(consumerId);
    const job = await this.queue.add(
      'sync',
      { consumerId },
      {
        jobId,
        deduplication: { id: syncDeduplicationId(consumerId) },
        attempts: ATTEMPTS,
        backoff: { type: 'fixed', delay: RETRY_DELAY_MS },
        removeOnComplete: true,
        removeOnFail: { count: 100 },
      },
    );
    if (job.id === jobId) return { started: true, job };
    // Deduplicated: the answer carries the id of the job that holds the consumer's deduplication id.
    return { started: false, job: (await this.queue.getJob(job.id!)) ?? job };
  }

  /** The consumer's job that is not finished (waiting, active, delayed…), if any. */
  current(consumerId: string): Promise<Job<SyncJobData> | undefined> {
    return currentSyncJob(this.queue, consumerId);
  }

  /** Removes the consumer's job if it waits; see {@link cancelSyncJob}. */
  cancel(consumerId: string): Promise<SyncJobCancel> {
    return cancelSyncJob(this.queue, consumerId);
  }

  /** The state of each consumer's unfinished job (`waiting`, `active`, `delayed`…), for the status endpoint. */
  async states(consumerIds: readonly string[]): Promise<Map<string, string>> {
    const states = new Map<string, string>();
    for (const consumerId of consumerIds) {
      const job = await this.current(consumerId);
      if (job) states.set(consumerId, await job.getState());
    }
    return states;
  }

  #warn(error: unknown) {
    this.#log.warn(`could not enqueue the syncs: ${error instanceof Error ? error.message : String(error)}`);
  }
}
