import {
  AnalysisFailedError,
  AnalysisPendingError,
  type DecodedVariable,
  RateLimitError,
  type SportsCloudClient,
} from '@sportscloud/core';
import type { QueuedTask, ResultSetInput, TaskOutcome } from '../storage/types';
import { describeError, isFatal } from './errors';
import { settleAll } from './settle';

/**
 * Fetches what the list phase queued, newest first. A task's laps run after it in the same job, so
 * the laps of a failed (204) measurement or session are not asked for. 202 never blocks: the task is
 * set aside and revisited once everything else is done.
 */

export interface ResultsContext {
  client: SportsCloudClient;
  now(): number;
  sleep(ms: number): Promise<void>;
  concurrency: number;
  signal: AbortSignal | undefined;
  vars: string[] | undefined;
  failedBackoffMs: readonly number[];
  pendingIntervalMs: number;
  maxPendingPolls: number;
  commit(task: QueuedTask, outcome: TaskOutcome): Promise<void>;
  onTaskDone(kind: 'done' | 'failed' | 'error' | 'pending', task: QueuedTask, error?: unknown): void;
  /** Stop taking new work (abort, or the quota ran out). */
  stopped(): boolean;
}

export interface ResultsOutcome {
  /** Set when the daily quota ran out: its reset time. */
  quotaResetAt?: number;
  /** Tasks left still answering 202 after `maxPendingPolls`. */
  stillPending: number;
}

const parentKey = (task: QueuedTask): string =>
  task.kind === 'session' || task.kind === 'session_lap'
    ? `s:${task.accountId}:${task.sessionId}`
    : `m:${task.accountId}:${task.measurementId}`;

const iso = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : new Date(value).toISOString();

function times(body: {
  startTime?: string;
  startTimeLocal?: string;
  endTime?: string;
  endTimeLocal?: string;
}) {
  return {
    ...(body.startTimeLocal ? { startTimeLocal: body.startTimeLocal } : {}),
    ...(body.endTime ? { endTime: iso(body.endTime)! } : {}),
    ...(body.endTimeLocal ? { endTimeLocal: body.endTimeLocal } : {}),
  };
}

async function fetchTask(ctx: ResultsContext, task: QueuedTask): Promise<ResultSetInput[]> {
  const vars = ctx.vars ? { vars: ctx.vars } : {};
  const { client } = ctx;
  const call = ctx.signal ? { signal: ctx.signal } : {};
  switch (task.kind) {
    case 'session':
    case 'session_lap': {
      const params = {
        accountId: task.accountId,
        teamId: task.teamId,
        sessionId: task.sessionId,
        athleteIds: task.athleteIds,
        ...vars,
      };
      const body =
        task.kind === 'session'
          ? await client.sessions.results(params, call)
          : await client.sessions.lapResults({ ...params, lapId: task.lapId }, call);
      return (body.measurements ?? []).map((m) => ({
        source: task.kind,
        accountId: task.accountId,
        athleteId: m.athleteId,
        measurementId: m.measurementId,
        lapId: task.kind === 'session_lap' ? task.lapId : 0,
        sessionId: task.sessionId,
        startTime: iso(m.startTime) ?? task.startTime,
        ...times(m),
        variables: (m.variables ?? []) as DecodedVariable[],
      }));
    }
    case 'measurement':
    case 'measurement_lap': {
      const params = {
        accountId: task.accountId,
        athleteId: task.athleteId,
        measurementId: task.measurementId,
        ...vars,
      };
      const body =
        task.kind === 'measurement'
          ? await client.measurements.results(params, call)
          : await client.measurements.lapResults({ ...params, lapId: task.lapId }, call);
      return [
        {
          source: task.kind,
          accountId: task.accountId,
          athleteId: body.athleteId ?? task.athleteId,
          measurementId: task.measurementId,
          lapId: task.kind === 'measurement_lap' ? task.lapId : 0,
          sessionId: body.sessionId ?? 0,
          startTime: iso(body.startTime) ?? task.startTime,
          ...times(body),
          variables: (body.variables ?? []) as DecodedVariable[],
        },
      ];
    }
  }
}

export async function runResults(ctx: ResultsContext, tasks: QueuedTask[]): Promise<ResultsOutcome> {
  const jobs = new Map<string, QueuedTask[]>();
  for (const task of tasks) {
    const key = parentKey(task);
    const job = jobs.get(key);
    if (job) job.push(task);
    else jobs.set(key, [task]);
  }
  // Wholes before their laps, whatever the order they were queued in.
  const queue = [...jobs.values()].map((job) =>
    job.sort((a, b) => Number(a.kind.endsWith('lap')) - Number(b.kind.endsWith('lap'))),
  );
  const failedParents = new Map<string, { retryAt: string; reason: string }>();
  const revisit: Array<{ task: QueuedTask; polls: number; notBefore: number }> = [];
  let quotaResetAt: number | undefined;
  let stillPending = 0;

  const backoff = (attempts: number) =>
    ctx.failedBackoffMs[Math.min(attempts, ctx.failedBackoffMs.length - 1)] ?? 86_400_000;

  /** Returns false when the task must wait (202). */
  async function runTask(task: QueuedTask, polls: number): Promise<void> {
    const isLap = task.kind.endsWith('lap');
    const parentFailed = isLap ? failedParents.get(parentKey(task)) : undefined;
    if (parentFailed) {
      await ctx.commit(task, { status: 'failed', ...parentFailed });
      ctx.onTaskDone('failed', task);
      return;
    }
    try {
      const sets = await fetchTask(ctx, task);
      await ctx.commit(task, { status: 'done', sets });
      ctx.onTaskDone('done', task);
    } catch (error) {
      if (error instanceof AnalysisPendingError) {
        ctx.onTaskDone('pending', task, error);
        if (polls + 1 < ctx.maxPendingPolls) {
          revisit.push({ task, polls: polls + 1, notBefore: ctx.now() + ctx.pendingIntervalMs });
        } else stillPending += 1;
        return;
      }
      if (error instanceof RateLimitError && error.scope === 'daily') {
        quotaResetAt = error.resetAt?.getTime() ?? ctx.now();
        return;
      }
      if (error instanceof AnalysisFailedError) {
        const retryAt = new Date(ctx.now() + backoff(task.attempts)).toISOString();
        const { cause } = describeError(error);
        if (!isLap) failedParents.set(parentKey(task), { retryAt, reason: cause });
        await ctx.commit(task, { status: 'failed', retryAt, reason: cause });
        ctx.onTaskDone('failed', task, error);
        return;
      }
      if (isFatal(error)) throw error;
      // A documented failure of this one item: recorded with its cause, retried by a later run.
      const { code, cause } = describeError(error);
      const retryAt = new Date(ctx.now() + (code === 'not_found' ? backoff(task.attempts) : 3_600_000));
      await ctx.commit(task, { status: 'error', retryAt: retryAt.toISOString(), reason: cause });
      ctx.onTaskDone('error', task, error);
    }
  }

  const halted = () => ctx.stopped() || quotaResetAt !== undefined;

  async function drain(pull: () => (() => Promise<void>) | undefined): Promise<void> {
    let failed = false;
    const worker = async () => {
      for (let next = pull(); next && !halted() && !failed; next = halted() || failed ? undefined : pull()) {
        try {
          await next();
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await settleAll(Array.from({ length: Math.max(1, ctx.concurrency) }, worker));
  }

  await drain(() => {
    const job = queue.shift();
    return job
      ? async () => {
          for (const task of job) {
            if (halted()) return;
            await runTask(task, 0);
          }
        }
      : undefined;
  });

  while (revisit.length > 0 && !halted()) {
    revisit.sort((a, b) => a.notBefore - b.notBefore);
    const wait = revisit[0]!.notBefore - ctx.now();
    if (wait > 0) await ctx.sleep(wait);
    const due = revisit.splice(
      0,
      revisit.findIndex((r) => r.notBefore > ctx.now()) === -1
        ? revisit.length
        : revisit.findIndex((r) => r.notBefore > ctx.now()),
    );
    await drain(() => {
      const item = due.shift();
      return item ? () => runTask(item.task, item.polls) : undefined;
    });
  }
  return {
    ...(quotaResetAt !== undefined ? { quotaResetAt } : {}),
    stillPending: stillPending + revisit.length,
  };
}
