import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AuthenticationError, PermissionDeniedError } from '@sportscloud/core';
import { describeError, SyncInProgressError } from '@sportscloud/sync';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type ConsumerSyncs, UnknownConsumerError } from './consumer-syncs';
import { CredentialDecryptError } from './credential-cipher';
import type { ScaleConfig } from './scale-config';
import { CONSUMER_SYNCS, SCALE_CONFIG } from './scale-di';
import { SYNC_QUEUE, type SyncJobData } from './sync-queue';

export const WORKER_CONNECTION = Symbol('WorkerRedisConnection');

/**
 * Makes this instance a worker of the distributed sync. A job is one consumer's run; the sync's own
 * unit commits (upserts keyed by the API's ids, checkpoints, the run's resume state) make a run that
 * was cut short safe to run again, so a killed worker's job is simply run again by another worker
 * once its lock expires (BullMQ's stalled-job check). The worker is built here rather than by a
 * `@Processor` decorator because its lock and stall settings come from the validated environment.
 */
@Injectable()
export class SyncWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly #log = new Logger('SyncWorker');
  readonly #abort = new AbortController();
  #worker?: Worker<SyncJobData>;

  constructor(
    @Inject(SCALE_CONFIG) private readonly scale: ScaleConfig,
    @Inject(CONSUMER_SYNCS) private readonly syncs: ConsumerSyncs,
    @Inject(WORKER_CONNECTION) private readonly connection: Redis,
  ) {}

  onApplicationBootstrap(): void {
    const { worker, redis } = this.scale;
    this.#worker = new Worker<SyncJobData>(SYNC_QUEUE, (job, token) => this.#process(job, token), {
      connection: this.connection,
      prefix: redis!.keyPrefix,
      concurrency: worker.concurrency,
      lockDuration: worker.lockMs,
      stalledInterval: worker.stalledIntervalMs,
      // A job may be stalled more than once (two workers killed in a row) and still be run.
      maxStalledCount: 5,
    });
    this.#worker.on('error', (error) => this.#log.warn(`queue: ${error.message}`));
    this.#worker.on('failed', (job, error) =>
      this.#log.warn(
        `sync of ${job?.data.consumerId} failed (attempt ${job?.attemptsMade}): ${describeError(error).cause}`,
      ),
    );
  }

  async #process(job: Job<SyncJobData>, token?: string) {
    const { consumerId } = job.data;
    this.#log.log(`sync of ${consumerId} started (job ${job.id}, attempt ${job.attemptsMade + 1})`);
    let report: Awaited<ReturnType<ConsumerSyncs['run']>>;
    try {
      report = await this.syncs.run(consumerId, this.#abort.signal);
    } catch (error) {
      if (!(error instanceof SyncInProgressError)) throw jobError(error);
      // The consumer's run lock (PostgreSQL) is still held — by a process whose job was taken for
      // stalled, or by a sync outside the queue. Not a failure: look again in a second.
      this.#log.log(`sync of ${consumerId} waits: another process holds its run lock`);
      await job.moveToDelayed(Date.now() + 1_000, token);
      throw new DelayedError();
    }
    this.#log.log(
      `sync of ${consumerId} ${report.state}: ${report.requests.total} requests, ${report.left} items left`,
    );
    return { runId: report.runId, state: report.state, requests: report.requests.total, left: report.left };
  }

  /** The run commits or rolls back its current unit, its job goes back to the queue for a retry. */
  async beforeApplicationShutdown(): Promise<void> {
    this.#abort.abort(new Error('the service is shutting down'));
    await this.#worker?.close();
  }
}

/**
 * What a failed run tells BullMQ: errors no retry can mend (an unknown consumer, credentials that do
 * not decrypt or that the API refuses) fail the job at once, as retries would only spend sign-ins.
 */
export function jobError(error: unknown): unknown {
  const permanent =
    error instanceof UnknownConsumerError ||
    error instanceof CredentialDecryptError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError;
  return permanent ? new UnrecoverableError(describeError(error).cause) : error;
}
