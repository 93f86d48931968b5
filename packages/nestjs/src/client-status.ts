import type { Clock, RateLimitStore, RateLimits, SportsCloudClient, TakeResult } from '@sportscloud/core';

const DAY_MS = 86_400_000;
/** A throttle this recent still counts as "throttled" in the status. */
const THROTTLE_WINDOW_MS = 60_000;

/**
 * What each failure code means, in the words of the API's troubleshooting and usage-limits pages.
 * The health output shows this instead of an error message, which could carry request details.
 */
const DOCUMENTED_CAUSES: Readonly<Record<string, string>> = {
  authentication:
    '401: the JWT is missing, malformed, badly signed or expired (check consumerId, sharedSecret and the clock)',
  permission_denied:
    '403: x-api-key missing or wrong, or the account is closed or not granted to this consumer',
  not_found: '404: unknown id or path (or a wrong base URL)',
  bad_request: '400: invalid request, or a wrong URL or HTTP method',
  rate_limited: '429: a rate limit was exceeded',
  response_too_large: '413: the response would exceed the 6 MB limit',
  server_error: '5xx: the API or its gateway failed',
  gateway_timeout: '504: the gateway gave up waiting (often a results body too large to make in time)',
  connection: 'the API could not be reached (DNS, refused or reset connection)',
  timeout: 'no response within the timeout',
  decode: 'a response body could not be decoded (damaged in transit)',
  validation: 'a response did not match the documented schema',
  analysis_failed: '204: the analysis failed',
};
const BURST_CAUSE = '429 ThrottledException: more than the burst of 60 requests, refilled at 1 per second';
const DAILY_CAUSE = '429 LimitExceededException: the daily quota is used up until 00:00 UTC';

/** Codes that say the integration itself is broken, not one request: they turn the health check down. */
const UNHEALTHY_CODES = new Set([
  'authentication',
  'permission_denied',
  'connection',
  'timeout',
  'server_error',
  'gateway_timeout',
]);
/** Outcomes that are part of normal work and say nothing about health. */
const IGNORED_CODES = new Set(['aborted', 'analysis_pending']);

export interface SportsCloudFailure {
  /** ISO 8601, on the client's clock. */
  readonly at: string;
  readonly operation: string;
  readonly code: string;
  readonly status?: number;
  /** The documented cause of this status or code. */
  readonly cause: string;
}

/** The client's state as the module observed it: reading it sends no request. */
export interface SportsCloudStatus {
  readonly consumerId: string;
  /** False when the last outcome says the integration is broken, or the day's quota is gone. */
  readonly healthy: boolean;
  /** Why `healthy` is false. */
  readonly reason?: string;
  readonly lastSuccess?: { readonly at: string; readonly operation: string };
  readonly lastFailure?: SportsCloudFailure;
  readonly throttling: {
    /** A 429 or a wait for a client-side rate-limit token in the last minute. */
    readonly throttled: boolean;
    readonly lastThrottledAt?: string;
    /** 429 ThrottledException answers today. */
    readonly serverThrottlesToday: number;
    /** Times a call waited for a token of the client's own bucket today. */
    readonly clientWaitsToday: number;
  };
  readonly quota: {
    /** Requests this client let out today (UTC), counted where it takes its rate-limit tokens. */
    readonly usedToday: number;
    readonly dailyQuota: number;
    /** Set while the day's quota is known to be used up (a 429 LimitExceededException, or the count). */
    readonly exhaustedUntil?: string;
  };
  /** HTTP attempts under way right now. */
  readonly inFlight: number;
}

interface Outcome {
  at: number;
  operation: string;
}

/**
 * Keeps the state the health indicator reports, from the client's events and its rate-limit store:
 * it never sends a request of its own.
 */
export class ClientStatusTracker {
  #day = -1;
  #usedToday = 0;
  #serverThrottlesToday = 0;
  #clientWaitsToday = 0;
  #lastThrottledAt?: number;
  #exhaustedUntil?: number;
  #lastSuccess?: Outcome;
  #lastFailure?: Outcome & { code: string; status?: number; cause: string };
  #inFlight = 0;
  #consumerId = '';
  #dailyQuota: number;

  constructor(
    private readonly clock: Clock,
    dailyQuota: number,
  ) {
    this.#dailyQuota = dailyQuota;
  }

  /** Subscribes to the client's events; returns the unsubscribe function. */
  observe(client: SportsCloudClient): () => void {
    this.#consumerId = client.consumerId;
    const offs = [
      client.on('request', () => {
        this.#inFlight += 1;
      }),
      client.on('response', (event) => {
        this.#inFlight = Math.max(0, this.#inFlight - 1);
        const at = this.clock.now();
        if (event.code === undefined) {
          this.#lastSuccess = { at, operation: event.operation };
          return;
        }
        if (IGNORED_CODES.has(event.code)) return;
        this.#lastFailure = {
          at,
          operation: event.operation,
          code: event.code,
          ...(event.status !== undefined ? { status: event.status } : {}),
          cause: DOCUMENTED_CAUSES[event.code] ?? `failed with code ${event.code}`,
        };
      }),
      client.on('wait', (event) => {
        if (event.reason === 'analysis-pending') return;
        this.#rollDay();
        this.#lastThrottledAt = this.clock.now();
        if (event.reason === 'rate-limit') this.#clientWaitsToday += 1;
      }),
      client.on('quota', (event) => {
        this.#exhaustedUntil = Date.parse(event.resetAt);
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  /**
   * Wraps the rate-limit store to count the requests it grants today and learn the scope of a 429:
   * the client's own accounting, whatever store holds the budget.
   */
  countingStore(store: RateLimitStore): RateLimitStore {
    return {
      take: async (key: string, now: number, limits: RateLimits): Promise<TakeResult> => {
        const result = await store.take(key, now, limits);
        this.#rollDay();
        if (result.granted) this.#usedToday += 1;
        else if (result.scope === 'daily') this.#exhaustedUntil = result.resetAt;
        return result;
      },
      penalise: async (key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits) => {
        this.#rollDay();
        if (scope === 'daily') this.#exhaustedUntil = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
        else {
          this.#serverThrottlesToday += 1;
          this.#lastThrottledAt = now;
        }
        if (this.#lastFailure?.code === 'rate_limited') {
          this.#lastFailure.cause = scope === 'daily' ? DAILY_CAUSE : BURST_CAUSE;
        }
        await store.penalise(key, now, scope, limits);
      },
    };
  }

  snapshot(): SportsCloudStatus {
    this.#rollDay();
    const now = this.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const exhausted =
      (this.#exhaustedUntil !== undefined && this.#exhaustedUntil > now) ||
      this.#usedToday >= this.#dailyQuota;
    const failure = this.#lastFailure;
    const failedLast =
      failure !== undefined && (this.#lastSuccess === undefined || failure.at >= this.#lastSuccess.at);
    const reason = exhausted
      ? DAILY_CAUSE
      : failedLast && UNHEALTHY_CODES.has(failure.code)
        ? `the last request failed: ${failure.cause}`
        : undefined;
    const exhaustedUntil =
      this.#exhaustedUntil !== undefined && this.#exhaustedUntil > now
        ? this.#exhaustedUntil
        : exhausted
          ? (Math.floor(now / DAY_MS) + 1) * DAY_MS
          : undefined;
    return {
      consumerId: this.#consumerId,
      healthy: reason === undefined,
      ...(reason ? { reason } : {}),
      ...(this.#lastSuccess
        ? { lastSuccess: { at: iso(this.#lastSuccess.at), operation: this.#lastSuccess.operation } }
        : {}),
      ...(failure
        ? {
            lastFailure: {
              at: iso(failure.at),
              operation: failure.operation,
              code: failure.code,
              ...(failure.status !== undefined ? { status: failure.status } : {}),
              cause: failure.cause,
            },
          }
        : {}),
      throttling: {
        throttled: this.#lastThrottledAt !== undefined && now - this.#lastThrottledAt < THROTTLE_WINDOW_MS,
        ...(this.#lastThrottledAt !== undefined ? { lastThrottledAt: iso(this.#lastThrottledAt) } : {}),
        serverThrottlesToday: this.#serverThrottlesToday,
        clientWaitsToday: this.#clientWaitsToday,
      },
      quota: {
        usedToday: this.#usedToday,
        dailyQuota: this.#dailyQuota,
        ...(exhaustedUntil !== undefined ? { exhaustedUntil: iso(exhaustedUntil) } : {}),
      },
      inFlight: this.#inFlight,
    };
  }

  /** Counters are per UTC day, like the API's quota. */
  #rollDay(): void {
    const day = Math.floor(this.clock.now() / DAY_MS);
    if (day === this.#day) return;
    this.#day = day;
    this.#usedToday = 0;
    this.#serverThrottlesToday = 0;
    this.#clientWaitsToday = 0;
  }
}
