import type { ConsumerStore } from './consumer-store';
import type { SyncJobCancel } from './sync-queue';

/** What `consumer remove` and `DELETE /api/consumers/{consumerId}` answer: never a credential. */
export interface ConsumerRemoval {
  consumerId: string;
  /**
   * The consumer's job in the queue: removed while it waited, left running, or none; `unchecked` when
   * this process has no queue (no REDIS_URL), `unreachable` when Redis did not answer in time.
   */
  job: JobOutcome;
  /** The data its syncs stored stays: removing a consumer deletes only its stored row. */
  dataKept: true;
  message: string;
}

export type JobOutcome = SyncJobCancel | 'unchecked' | 'unreachable';

/** How long removal waits for Redis to cancel the job: the row is gone already, the answer must come. */
export const CANCEL_TIMEOUT_MS = 5_000;

const JOB_OUTCOME: Record<JobOutcome, string> = {
  cancelled: 'its waiting sync job was cancelled',
  running:
    'its running sync finishes with the credentials it read at its start; a retry fails as an unknown consumer',
  none: 'no sync job of it was queued',
  unchecked:
    'the queue was not checked (no REDIS_URL here): a job of it still queued elsewhere fails once as an unknown consumer',
  unreachable:
    'Redis did not answer, so its job (if any) was not cancelled: it fails once as an unknown consumer',
};

/**
 * Removes a stored consumer: its row first (the encrypted credentials are deleted, and enqueueing
 * lists stored consumers, so nothing schedules it again; a job that starts after this fails at once as
 * an unknown consumer), then its waiting job. Undefined for an id that is not stored.
 */
export async function removeConsumer(
  store: ConsumerStore,
  consumerId: string,
  options: {
    cancelJob?: (consumerId: string) => Promise<SyncJobCancel>;
    /** The consumer of SPORTSCLOUD_CONSUMER_ID: the environment's credentials keep it synced. */
    environmentConsumerId?: string;
  } = {},
): Promise<ConsumerRemoval | undefined> {
  if (!(await store.remove(consumerId))) return undefined;
  const ownOfEnvironment = consumerId === options.environmentConsumerId;
  // The environment's consumer is still synced: its job is its own, not the stored row's.
  const job: JobOutcome = ownOfEnvironment
    ? 'none'
    : options.cancelJob
      ? await withTimeout(options.cancelJob(consumerId), CANCEL_TIMEOUT_MS).catch(
          () => 'unreachable' as const,
        )
      : 'unchecked';
  return {
    consumerId,
    job,
    dataKept: true,
    message: ownOfEnvironment
      ? `Consumer ${consumerId} removed from the database (its stored credentials are deleted); it is the consumer of SPORTSCLOUD_CONSUMER_ID, so the environment's credentials keep it synced. The data its syncs stored stays in the database.`
      : `Consumer ${consumerId} removed: its stored credentials are deleted and it is no longer scheduled; ${JOB_OUTCOME[job]}. The data its syncs stored stays in the database, readable by the tokens that cover it (tokens limited to this consumer included: revoke them with token revoke if they should not).`,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
