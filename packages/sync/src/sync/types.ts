import type { ClientOptions, RateLimitStore, SportsCloudClient } from '@sportscloud/core';
import type { StatusCounts, SyncStorage } from '../storage/types';

export interface SyncOptions {
  storage: SyncStorage;
  /**
   * The consumer's credentials and client settings (baseURL, clock, fetch, rateLimit…). The sync owns
   * the client's rate-limit store (its daily count lives in the database) and its 202 handling.
   */
  client: Omit<ClientOptions, 'rateLimitStore' | 'analysisPolling'>;
  /**
   * A rate-limit store every process of the deployment shares (e.g. `@sportscloud/redis`): it paces
   * this consumer's requests, keyed by consumer id, so several processes draw on one budget. The
   * day's count is still committed to the database with each unit. Default: the bucket is local.
   */
  sharedRateLimitStore?: RateLimitStore;
  /** Lists start at the last checkpoint minus this window: late and edited items are seen. Default 72 h. */
  overlapHours?: number;
  /** Variables asked for in every results call (`var`). Default: the API's default set. */
  variables?: readonly string[];
  /** The first sync lists from here (default: everything the API has). */
  since?: string | Date;
  /**
   * Requests in flight at once (default {@link DEFAULT_CONCURRENCY}). The token bucket still paces them.
   * It is also what a `kill -9` can cost: the answers in flight or not yet committed are asked again.
   */
  concurrency?: number;
  /** Requests per UTC day to leave unused for other uses of this consumer (default 0). */
  reserve?: number;
  /** When the day's budget runs out: wait (on the client's clock) until 00:00 UTC and go on. Default false: pause. */
  waitForQuota?: boolean;
  /** Waits before a 204 ("analysis failed") is asked again: hours, then days. The last one repeats. */
  failedBackoffMs?: readonly number[];
  /** Wait before a 202 ("analysis running") is asked again within the run. Default 5 s, as the API suggests. */
  pendingIntervalMs?: number;
  /** 202s a result may answer within one run before it is left for the next run. Default 36. */
  maxPendingPolls?: number;
  /** Called with each run's client before its first request: to watch its events (metrics, health). */
  onClient?: (client: SportsCloudClient) => void;
  /** Called with the progress after every committed unit. */
  onProgress?: (progress: SyncProgress) => void;
  signal?: AbortSignal;
}

export const DEFAULT_CONCURRENCY = 4;

export const DEFAULT_FAILED_BACKOFF_MS = [6 * 3_600_000, 24 * 3_600_000, 3 * 86_400_000, 7 * 86_400_000];

export type SyncPhase = 'lists' | 'results' | 'waiting-for-quota' | 'finished';

/** Progress as data, for the service, the CLI and a progress display. */
export interface SyncProgress {
  consumerId: string;
  runId: number;
  phase: SyncPhase;
  lists: { done: number; total: number };
  results: { done: number; left: number; failed: number; errors: number; pending202: number };
  /** Requests sent by this process in this run. */
  requests: number;
  /** 202 answers seen (each one revisited later in the run). */
  pendingAnswers: number;
}

export interface QuotaReport {
  dailyQuota: number;
  reserve: number;
  usedToday: number;
  remainingToday: number;
  /** Requests the run still needed when it was planned (lists + results; 202 polls come on top). */
  estimatedRequests: number;
  canFinishToday: boolean;
  /** When the run paused (or waited) for the quota: 00:00 UTC of the next day. */
  resumesAt?: string;
}

export interface SyncError {
  item: string;
  /** The core client's stable error code, e.g. `analysis_failed`, `not_found`, `server_error`. */
  code: string;
  /** What the API documentation says it means, and what happens next. */
  cause: string;
}

export interface SyncReport {
  consumerId: string;
  runId: number;
  /** True when it went on with a run a crash (or a paused quota) left unfinished. */
  resumed: boolean;
  state: 'done' | 'paused' | 'failed';
  startedAt: string;
  finishedAt: string;
  requests: {
    total: number;
    lists: number;
    results: number;
    /** Of the results requests: those answered 202 (analysis still running). */
    pending202: number;
  };
  quota: QuotaReport;
  progress: SyncProgress;
  /** Items left for later (quota, 202 still running, errors to retry). */
  left: number;
  errors: SyncError[];
  /**
   * Measurements in no session: sessions are created by coaches by hand in Sports Cloud, and the API
   * never makes one from an upload, so these are normal. Their results are fetched on their own.
   */
  measurementsWithoutSession: { count: number; reason: string };
  counts: StatusCounts;
  message?: string;
}

export const NO_SESSION_REASON =
  'Sessions are made by coaches by hand in Sports Cloud and never appear on their own; a measurement no coach put in a session has sessionId 0. Its results are synced from the measurement itself.';
