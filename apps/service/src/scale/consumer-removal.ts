import type { ConsumerStore } from './consumer-store';
import type { SyncJobCancel } from './sync-queue';

/** What `consumer remove` and `DELETE /api/consumers/{consumerId}` answer: never a credential. */
export interface ConsumerRemoval {
  consumerId: string;
  /** The consumer's job in the queue: removed while it waited, left running, or none (no Redis: none). */
  job: SyncJobCancel;
  /** The data its syncs stored stays: removing a consumer deletes only its stored row. */
  dataKept: true;
  message: string;
}

const JOB_OUTCOME: Record<SyncJobCancel, string> = {
  cancelled: 'its waiting sync job was cancelled',
  running:
    'its running sync finishes with the credentials it read at its start; a retry fails as an unknown consumer',
  none: 'no sync job of it was queued',
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
  const job = options.cancelJob && !ownOfEnvironment ? await options.cancelJob(consumerId) : 'none';
  return {
    consumerId,
    job,
    dataKept: true,
    message: ownOfEnvironment
      ? `Consumer ${consumerId} removed from the database (its stored credentials are deleted); it is the consumer of SPORTSCLOUD_CONSUMER_ID, so the environment's credentials keep it synced. The data its syncs stored stays in the database.`
      : `Consumer ${consumerId} removed: its stored credentials are deleted and it is no longer scheduled; ${JOB_OUTCOME[job]}. The data its syncs stored stays in the database, readable by the tokens that cover it (tokens limited to this consumer included: revoke them with token revoke if they should not).`,
  };
}
