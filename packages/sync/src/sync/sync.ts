import { DOCUMENTED_RATE_LIMITS, SportsCloudClient } from '@sportscloud/core';
import type { ListUnit, QueuedTask, SyncStorage, TaskOutcome, UnitContext } from '../storage/types';
import { describeError } from './errors';
import { estimateListUnits, runLists } from './list-phase';
import { QuotaLedger, utcDay } from './quota';
import { runResults } from './results-phase';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_FAILED_BACKOFF_MS,
  NO_SESSION_REASON,
  type QuotaReport,
  type SyncError,
  type SyncOptions,
  type SyncProgress,
  type SyncReport,
} from './types';

export class SyncConfigurationError extends Error {
  override readonly name = 'SyncConfigurationError';
}

/** Another run of the same consumer is under way (in this process or another one on the same database). */
export class SyncInProgressError extends Error {
  override readonly name = 'SyncInProgressError';
}

interface Clockish {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const realClock: Clockish = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};

function positive(
  name: string,
  value: number | undefined,
  fallback: number,
  { integer = false } = {},
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  )
    throw new SyncConfigurationError(
      `${name} must be a ${integer ? 'whole ' : ''}number ≥ 0, got ${String(value)}`,
    );
  return value;
}

/**
 * Keeps a database in step with Sports Cloud for one consumer (API credentials). Several consumers can
 * share one database: create one sync per consumer.
 */
export class SportsCloudSync {
  readonly consumerId: string;
  readonly #options: SyncOptions;
  readonly #storage: SyncStorage;
  readonly #clock: Clockish;
  readonly #overlapMs: number;
  readonly #concurrency: number;
  readonly #dailyQuota: number;
  readonly #reserve: number;
  readonly #since: string | undefined;
  #inFlight = 0;

  constructor(options: SyncOptions) {
    if (!options?.storage) throw new SyncConfigurationError('storage is required (see openStorage)');
    if (!options.client?.consumerId) throw new SyncConfigurationError('client.consumerId is required');
    this.#options = options;
    this.#storage = options.storage;
    this.consumerId = options.client.consumerId;
    this.#clock = (options.client.clock as Clockish | undefined) ?? realClock;
    this.#overlapMs = positive('overlapHours', options.overlapHours, 72) * 3_600_000;
    this.#concurrency = Math.max(
      1,
      positive('concurrency', options.concurrency, DEFAULT_CONCURRENCY, { integer: true }),
    );
    this.#dailyQuota = options.client.rateLimit?.dailyQuota ?? DOCUMENTED_RATE_LIMITS.dailyQuota;
    this.#reserve = positive('reserve', options.reserve, 0, { integer: true });
    if (options.since !== undefined) {
      const ms = new Date(options.since).getTime();
      if (!Number.isFinite(ms))
        throw new SyncConfigurationError(`since is not a date: ${String(options.since)}`);
      this.#since = new Date(ms).toISOString();
    }
    if (options.variables !== undefined) {
      if (!Array.isArray(options.variables) || !options.variables.every((v) => /^[A-Za-z0-9]{1,80}$/.test(v)))
        throw new SyncConfigurationError('variables must be a list of variable names (letters and digits)');
    }
    if (options.failedBackoffMs !== undefined && options.failedBackoffMs.length === 0)
      throw new SyncConfigurationError('failedBackoffMs needs at least one wait');
  }

  /** True while a request or a commit is under way (lets a simulation know time must not jump). */
  get busy(): boolean {
    return this.#inFlight > 0;
  }

  /**
   * One run: lists, then results, resuming a run a crash or the quota left unfinished. Rejects with
   * SyncInProgressError while another run of this consumer holds the storage's lock.
   */
  async run(): Promise<SyncReport> {
    const release = this.#storage.acquireRunLock
      ? await this.#storage.acquireRunLock(this.consumerId)
      : async () => {};
    if (!release) {
      throw new SyncInProgressError(
        `a sync of consumer ${this.consumerId} is already running on this database`,
      );
    }
    try {
      return await this.#run();
    } finally {
      await release();
    }
  }

  async #run(): Promise<SyncReport> {
    const o = this.#options;
    const storage = this.#storage;
    const clock = this.#clock;
    const nowIso = () => new Date(clock.now()).toISOString();
    const consumerId = this.consumerId;
    const startedAt = nowIso();
    await storage.ensureConsumer(consumerId, startedAt);
    const { run, doneUnits } = await storage.beginRun(consumerId, startedAt);
    const resumed = doneUnits.size > 0 || run.requests > 0;
    const budget = Math.max(0, this.#dailyQuota - this.#reserve);
    const spent = await storage.quotaUsed(consumerId, utcDay(clock.now()));
    const ledger = new QuotaLedger(
      budget,
      clock.now(),
      spent.used,
      spent.lastRequestAt,
      o.sharedRateLimitStore,
    );
    const runRequestsBefore = run.requests;

    let listRequests = 0;
    let pending202 = 0;
    const client = new SportsCloudClient({
      ...o.client,
      rateLimitStore: ledger,
      // 202 never blocks the run: the sync revisits the item itself later.
      analysisPolling: { maxAttempts: 1 },
    });
    o.onClient?.(client);
    const stopSignal = o.signal;
    client.on('request', (e) => {
      this.#inFlight += 1;
      if (!e.operation.endsWith('esults')) listRequests += 1;
    });
    client.on('response', (e) => {
      this.#inFlight -= 1;
      if (e.status === 202) pending202 += 1;
    });

    const progress: SyncProgress = {
      consumerId,
      runId: run.runId,
      phase: 'lists',
      lists: { done: 0, total: 0 },
      results: { done: 0, left: 0, failed: 0, errors: 0, pending202: 0 },
      requests: 0,
      pendingAnswers: 0,
    };
    const errors: SyncError[] = [];
    const report = () => {
      progress.requests = ledger.sent;
      progress.pendingAnswers = pending202;
      o.onProgress?.(structuredClone(progress));
    };
    const context = (): Omit<UnitContext, 'unitKey'> => ({
      consumerId,
      runId: run.runId,
      now: nowIso(),
      quota: ledger.usage(clock.now()),
      runRequests: runRequestsBefore + ledger.sent,
    });
    const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
      this.#inFlight += 1;
      try {
        return await work();
      } finally {
        this.#inFlight -= 1;
      }
    };

    // "Can this finish today?": lists from what the database knows, plus the results already queued.
    const planned = await estimateListUnits(storage, consumerId);
    // Each list is one request (one page of up to 1000 items); the types unit is two.
    const listsLeft = [...planned.keys]
      .filter((k) => !doneUnits.has(k))
      .reduce((n, k) => n + (k === 'types' ? 2 : 1), 0);
    const queuedBefore = (await storage.queuedTasks(await storage.accountIds(consumerId), nowIso())).length;
    const quota: QuotaReport = {
      dailyQuota: this.#dailyQuota,
      reserve: this.#reserve,
      usedToday: ledger.usage(clock.now()).used,
      remainingToday: ledger.remaining(clock.now()),
      estimatedRequests: listsLeft + queuedBefore,
      canFinishToday: listsLeft + queuedBefore <= ledger.remaining(clock.now()),
    };
    progress.lists.total = planned.total;

    let state: SyncReport['state'] = 'done';
    let message: string | undefined;
    try {
      for (;;) {
        progress.phase = 'lists';
        report();
        const lists = await runLists({
          client,
          storage,
          consumerId,
          now: () => clock.now(),
          overlapMs: this.#overlapMs,
          since: this.#since,
          concurrency: this.#concurrency,
          signal: stopSignal,
          doneUnits,
          stopped: () => stopSignal?.aborted === true,
          onError: (unitKey, error) => {
            errors.push({ item: `list ${unitKey}`, ...describeError(error) });
          },
          commit: (unit: ListUnit, unitKey, checkpoint) =>
            tracked(async () => {
              await storage.commitList(unit, {
                ...context(),
                unitKey,
                ...(checkpoint ? { checkpoint } : {}),
              });
              progress.lists.done = doneUnits.size + 1;
              progress.lists.total = Math.max(progress.lists.total, progress.lists.done);
              report();
            }),
        });
        let resetAt = lists.quotaResetAt;
        if (resetAt === undefined && stopSignal?.aborted !== true) {
          progress.lists.done = doneUnits.size;
          progress.lists.total = doneUnits.size;
          const accountIds = await storage.accountIds(consumerId);
          await tracked(() => storage.reconcileSessionMembership(accountIds));
          const tasks = await storage.queuedTasks(accountIds, nowIso());
          quota.estimatedRequests = Math.max(quota.estimatedRequests, tasks.length);
          if (tasks.length > ledger.remaining(clock.now())) quota.canFinishToday = false;
          progress.phase = 'results';
          progress.results.left = tasks.length;
          report();
          const results = await runResults(
            {
              client,
              now: () => clock.now(),
              sleep: (ms) => clock.sleep(ms, stopSignal),
              concurrency: this.#concurrency,
              signal: stopSignal,
              vars: o.variables ? [...o.variables] : undefined,
              failedBackoffMs: o.failedBackoffMs ?? DEFAULT_FAILED_BACKOFF_MS,
              pendingIntervalMs: positive('pendingIntervalMs', o.pendingIntervalMs, 5_000),
              maxPendingPolls: Math.max(
                1,
                positive('maxPendingPolls', o.maxPendingPolls, 36, { integer: true }),
              ),
              stopped: () => stopSignal?.aborted === true,
              commit: (task: QueuedTask, outcome: TaskOutcome) =>
                tracked(() => storage.commitTask(task, outcome, context())),
              onTaskDone: (kind, task, error) => {
                if (kind === 'pending') {
                  progress.results.pending202 += 1;
                } else {
                  progress.results.left -= 1;
                  progress.results[kind === 'done' ? 'done' : kind === 'failed' ? 'failed' : 'errors'] += 1;
                  if (error) errors.push({ item: describeTask(task), ...describeError(error) });
                }
                report();
              },
            },
            tasks,
          );
          resetAt = results.quotaResetAt;
        }
        if (stopSignal?.aborted) throw stopSignal.reason ?? new Error('aborted');
        if (resetAt === undefined) break;
        quota.canFinishToday = false;
        quota.resumesAt = new Date(resetAt).toISOString();
        if (!o.waitForQuota) {
          state = 'paused';
          message = `The daily quota of ${budget} requests is used up; the sync resumes at ${quota.resumesAt} (run it again then).`;
          break;
        }
        progress.phase = 'waiting-for-quota';
        report();
        await clock.sleep(Math.max(0, resetAt - clock.now()), stopSignal);
      }
    } catch (error) {
      // Resumable: the next run goes on from the units this one committed.
      const aborted = stopSignal?.aborted === true;
      message = aborted ? 'aborted: the next run resumes it' : describeError(error).cause;
      await storage.finishRun(
        run.runId,
        aborted ? 'paused' : 'failed',
        nowIso(),
        runRequestsBefore + ledger.sent,
        message,
      );
      throw error;
    }

    const accountIds = await storage.accountIds(consumerId);
    const counts = await storage.counts(accountIds);
    for (const e of await storage.errors(accountIds, 50)) {
      if (!errors.some((x) => x.item === e.item))
        errors.push({ item: e.item, code: 'stored', cause: e.cause });
    }
    progress.phase = 'finished';
    report();
    const finishedAt = nowIso();
    await storage.finishRun(run.runId, state, finishedAt, runRequestsBefore + ledger.sent, message);
    quota.usedToday = ledger.usage(clock.now()).used;
    quota.remainingToday = ledger.remaining(clock.now());
    return {
      consumerId,
      runId: run.runId,
      resumed,
      state,
      startedAt,
      finishedAt,
      requests: {
        total: ledger.sent,
        lists: listRequests,
        results: ledger.sent - listRequests,
        pending202,
      },
      quota,
      progress: structuredClone(progress),
      left: counts.pending,
      errors,
      measurementsWithoutSession: { count: counts.measurementsWithoutSession, reason: NO_SESSION_REASON },
      counts,
      ...(message ? { message } : {}),
    };
  }

  /** What the database says now: counts, the last run, the day's quota. */
  async status() {
    const accountIds = await this.#storage.accountIds(this.consumerId);
    const now = this.#clock.now();
    const { used } = await this.#storage.quotaUsed(this.consumerId, utcDay(now));
    return {
      consumerId: this.consumerId,
      lastRun: await this.#storage.lastRun(this.consumerId),
      counts: await this.#storage.counts(accountIds),
      quota: {
        dailyQuota: this.#dailyQuota,
        reserve: this.#reserve,
        usedToday: used,
        remainingToday: Math.max(0, this.#dailyQuota - this.#reserve - used),
      },
      measurementsWithoutSession: { reason: NO_SESSION_REASON },
      errors: await this.#storage.errors(accountIds),
    };
  }
}

function describeTask(task: QueuedTask): string {
  switch (task.kind) {
    case 'session':
      return `session ${task.accountId}/${task.sessionId}`;
    case 'session_lap':
      return `session lap ${task.accountId}/${task.sessionId}/${task.lapId}`;
    case 'measurement':
      return `measurement ${task.accountId}/${task.measurementId}`;
    case 'measurement_lap':
      return `measurement lap ${task.accountId}/${task.measurementId}/${task.lapId}`;
  }
}
