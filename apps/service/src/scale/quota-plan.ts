import { nextUtcMidnight, type PostgresStorage, utcDay } from '@sportscloud/sync';

/** Whether a consumer's work left fits in today's quota, from the counters every instance shares. */
export interface ConsumerPlan {
  consumerId: string;
  dailyQuota: number;
  usedToday: number;
  remainingToday: number;
  /** Results still to fetch (new, changed, 202 pending) and 204s waiting for their retry. */
  pending: number;
  canFinishToday: boolean;
  resumesAt?: string;
  summary: string;
  lastRun?: { runId: number; state: string; finishedAt?: string };
  /** The consumer's sync job in the queue (scale-out only): waiting, active, delayed (a retry)… */
  job?: string;
}

/**
 * The quota plan of one consumer. The day's count is the one every instance commits to the shared
 * database with each unit, and `sharedUsed` (the shared Redis budget's count, when it can be read)
 * raises it when requests outside the sync spent some: the plan is the same whichever instance answers.
 */
export async function planConsumer(
  storage: PostgresStorage,
  consumerId: string,
  dailyQuota: number,
  now: number,
  sharedUsed?: number,
): Promise<ConsumerPlan> {
  const { used: committed } = await storage.quotaUsed(consumerId, utcDay(now));
  const used = Math.max(committed, sharedUsed ?? 0);
  const remainingToday = Math.max(0, dailyQuota - used);
  const counts = await storage.counts(await storage.accountIds(consumerId));
  const last = await storage.lastRun(consumerId);
  const pending = counts.pending + counts.failed;
  // A run paused for the quota today (not one stopped by a shutdown) waits for midnight.
  const pausedToday =
    last?.state === 'paused' &&
    /quota/.test(last.message ?? '') &&
    utcDay(Date.parse(last.finishedAt ?? last.startedAt)) === utcDay(now);
  const canFinishToday = !pausedToday && pending <= remainingToday;
  const resumesAt = canFinishToday ? undefined : new Date(nextUtcMidnight(now)).toISOString();
  return {
    consumerId,
    dailyQuota,
    usedToday: used,
    remainingToday,
    pending,
    canFinishToday,
    ...(resumesAt ? { resumesAt } : {}),
    summary: canFinishToday
      ? "The work left fits in today's quota: the sync finishes today."
      : `The work left does not fit in today's quota: the sync resumes at ${resumesAt}.`,
    ...(last
      ? {
          lastRun: {
            runId: last.runId,
            state: last.state,
            ...(last.finishedAt ? { finishedAt: last.finishedAt } : {}),
          },
        }
      : {}),
  };
}
