import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DOCUMENTED_RATE_LIMITS, type RateLimitStore } from '@sportscloud/core';
import {
  describeError,
  nextUtcMidnight,
  type PostgresStorage,
  SportsCloudSync,
  SyncInProgressError,
  type SyncProgress,
  type SyncReport,
  utcDay,
} from '@sportscloud/sync';
import type { ServiceConfig } from './config';
import { ServiceMetrics } from './metrics';
import { SHARED_RATE_LIMIT_STORE } from './scale/scale-di';
import type { SportsCloudSource } from './sports-cloud-source';
import { CONFIG, OWN_SYNC, SOURCE, STORAGE, SYNC_AT_BOOT } from './tokens-di';

/** How often a run that waits for another process's run of its consumer tries the lock again. */
const LOCK_RETRY_MS = 500;

/**
 * Runs the sync: at boot, every `syncIntervalMinutes`, and on demand — one run at a time (a trigger
 * while a run is going joins it). All sync logic is @sportscloud/sync's; this only schedules it,
 * keeps its progress for the status endpoint and metrics, and stops it cleanly at shutdown.
 */
@Injectable()
export class SyncRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly #log = new Logger('Sync');
  readonly #abort = new AbortController();
  readonly sync: SportsCloudSync;
  #running?: Promise<SyncReport | undefined>;
  #startedAt?: string;
  #progress?: SyncProgress;
  #lastReport?: SyncReport;
  #lastFailure?: { at: string; code: string; cause: string };
  #nextRunAt?: string;
  #timer?: NodeJS.Timeout;
  /** Sports Cloud responses with an error status, by cause, for the health check. */
  #lastApiFailure?: { at: string; status: number; code?: string };
  #lastApiSuccessAt?: string;
  #waitingForLock?: string;
  /** Whether this process's first run has started (only that one waits for a held lock). */
  #firstRunStarted = false;

  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(STORAGE) private readonly storage: PostgresStorage,
    @Inject(SOURCE) private readonly source: SportsCloudSource,
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @Inject(SchedulerRegistry) private readonly scheduler: SchedulerRegistry,
    @Inject(SYNC_AT_BOOT) protected readonly syncAtBoot: boolean,
    /**
     * The deployment's shared budget (Redis, with REDIS_URL): this process's own runs (`--once`,
     * `--quickstart`) draw on it like the queue's workers, so a run beside a fleet stays in the
     * consumer's rate and daily quota. Undefined: the sync's own bucket.
     */
    @Optional() @Inject(SHARED_RATE_LIMIT_STORE) sharedRateLimitStore?: RateLimitStore,
    /**
     * Set when this process runs its own consumer's sync itself and shows it (`--quickstart`,
     * `--once`): its first run then waits for a run of the consumer that another process holds,
     * rather than failing. Otherwise such a run fails (the next schedule simply tries again).
     */
    @Optional() @Inject(OWN_SYNC) protected readonly ownSync?: string,
  ) {
    metrics.isRunning = () => this.running;
    this.sync = new SportsCloudSync({
      storage,
      client: source.client,
      overlapHours: config.overlapHours,
      signal: this.#abort.signal,
      ...(sharedRateLimitStore ? { sharedRateLimitStore } : {}),
      onProgress: (p) => {
        // Progress means the run holds its lock: it no longer waits.
        this.#waitingForLock = undefined;
        this.#progress = p;
      },
      onClient: (client) => {
        client.on('response', (e) => {
          const status = e.status ?? 0;
          this.metrics.apiResponses.inc({ status: String(status) });
          if (status === 429) this.metrics.apiThrottled.inc();
          if (e.code === undefined) this.#lastApiSuccessAt = new Date().toISOString();
          else if (e.code !== 'analysis_pending' && e.code !== 'aborted')
            this.#lastApiFailure = { at: new Date().toISOString(), status, code: e.code };
        });
      },
    });
  }

  get consumerId(): string {
    return this.sync.consumerId;
  }

  /** The current run's progress (undefined before its first unit). */
  get progress(): SyncProgress | undefined {
    return this.running ? this.#progress : undefined;
  }

  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Why the current run has not started yet: another process holds its consumer's run lock. */
  get waitingForLock(): string | undefined {
    return this.running ? this.#waitingForLock : undefined;
  }

  onApplicationBootstrap(): void {
    const minutes = this.config.syncIntervalMinutes;
    if (minutes > 0) {
      const ms = minutes * 60_000;
      this.#nextRunAt = new Date(Date.now() + (this.syncAtBoot ? 0 : ms)).toISOString();
      this.#timer = setInterval(() => {
        this.#nextRunAt = new Date(Date.now() + ms).toISOString();
        void this.trigger('schedule');
      }, ms);
      this.#timer.unref();
      this.scheduler.addInterval('sync', this.#timer);
    }
    if (this.syncAtBoot) void this.trigger('boot');
  }

  /** Starts a run unless one is going; resolves when the run (this one or the one going) ends. */
  trigger(reason: 'boot' | 'schedule' | 'request'): {
    started: boolean;
    done: Promise<SyncReport | undefined>;
  } {
    if (this.#running) return { started: false, done: this.#running };
    if (this.#abort.signal.aborted) return { started: false, done: Promise.resolve(undefined) };
    this.#startedAt = new Date().toISOString();
    this.#progress = undefined;
    this.#waitingForLock = undefined;
    this.#log.log(`sync started (${reason})`);
    // Only the first run of a process that shows its own sync (the quick start's, --once's) waits
    // for another process's run of the consumer; a scheduled or requested one later fails at once
    // and the next schedule tries again, as before.
    const waitForLock = this.ownSync !== undefined && !this.#firstRunStarted;
    this.#firstRunStarted = true;
    this.#running = this.#run(waitForLock)
      .then(
        (report) => {
          this.#lastReport = report;
          this.metrics.syncRuns.inc({ state: report.state });
          this.#log.log(
            `sync run ${report.runId} ${report.state}: ${report.requests.total} requests, ${report.left} items left, ${report.errors.length} errors`,
          );
          return report;
        },
        (error: unknown) => {
          const { code, cause } = describeError(error);
          this.#lastFailure = { at: new Date().toISOString(), code, cause };
          this.metrics.syncRuns.inc({ state: this.#abort.signal.aborted ? 'stopped' : 'failed' });
          if (this.#abort.signal.aborted)
            this.#log.log('sync stopped at shutdown (committed units are kept)');
          else this.#log.error(`sync failed (${code}): ${cause}`);
          return undefined;
        },
      )
      .finally(() => {
        this.#running = undefined;
        this.#waitingForLock = undefined;
      });
    return { started: true, done: this.#running };
  }

  /** One run; with `waitForLock`, first waiting out a run of the consumer that another process holds. */
  async #run(waitForLock: boolean): Promise<SyncReport> {
    for (;;) {
      try {
        return await this.sync.run();
      } catch (error) {
        if (!(error instanceof SyncInProgressError) || !waitForLock) throw error;
        if (!this.#waitingForLock) {
          this.#waitingForLock = `${error.message}: this run waits for it and starts when it ends`;
          this.#log.log(`sync waits: ${this.#waitingForLock}`);
        }
        // Rejects when the service shuts down: the run is then stopped, not failed.
        await sleep(LOCK_RETRY_MS, undefined, { signal: this.#abort.signal });
        // The other run may have ended: this one starts afresh, with what that one committed.
      }
    }
  }

  /** The service is shutting down: a run that ended now was stopped, not failed. */
  protected get stopping(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Stops the schedule and lets the current unit of work commit (or roll back) before closing. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#abort.abort(new Error('the service is shutting down'));
    await this.#running;
  }

  /** The sync as the status endpoint shows it, for the caller's accounts. */
  async status(accountIds: readonly string[]) {
    const now = Date.now();
    const { used } = await this.storage.quotaUsed(this.consumerId, utcDay(now));
    const dailyQuota = this.source.client.rateLimit?.dailyQuota ?? DOCUMENTED_RATE_LIMITS.dailyQuota;
    const remainingToday = Math.max(0, dailyQuota - used);
    const counts = await this.storage.counts(accountIds);
    const lastRun = await this.storage.lastRun(this.consumerId);
    const report = this.#lastReport;
    const pendingNeeded = counts.pending + counts.failed;
    const canFinishToday = report?.state === 'paused' ? false : pendingNeeded <= remainingToday;
    const resumesAt =
      report?.quota.resumesAt ?? (canFinishToday ? undefined : new Date(nextUtcMidnight(now)).toISOString());
    return {
      consumerId: this.consumerId,
      demoData: this.source.demo,
      running: this.running,
      currentRun: this.running ? { startedAt: this.#startedAt, progress: this.#progress } : undefined,
      lastRun,
      lastReport: report
        ? {
            runId: report.runId,
            state: report.state,
            startedAt: report.startedAt,
            finishedAt: report.finishedAt,
            requests: report.requests,
            left: report.left,
            message: report.message,
          }
        : undefined,
      lastFailure: this.#lastFailure,
      nextRunAt: this.config.syncIntervalMinutes > 0 ? this.#nextRunAt : undefined,
      intervalMinutes: this.config.syncIntervalMinutes,
      counts,
      pending202: this.#progress?.results.pending202 ?? report?.progress.results.pending202 ?? 0,
      errors: (await this.storage.errors(accountIds, 50)).map((e) => ({ item: e.item, cause: e.cause })),
      quota: {
        dailyQuota,
        usedToday: used,
        remainingToday,
        canFinishToday,
        summary: canFinishToday
          ? "The work left fits in today's quota: the sync finishes today."
          : `The work left does not fit in today's quota: the sync resumes at ${resumesAt}.`,
        ...(resumesAt ? { resumesAt } : {}),
      },
    };
  }

  /** What the readiness check needs: no request is sent. */
  apiState() {
    return {
      lastSuccessAt: this.#lastApiSuccessAt,
      lastFailure: this.#lastApiFailure,
      lastSyncFailure: this.#lastFailure,
    };
  }

  lastReport(): SyncReport | undefined {
    return this.#lastReport;
  }
}
