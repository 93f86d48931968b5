import type { RateLimitStore, RateLimits, TakeResult } from '@sportscloud/core';

const DAY_MS = 86_400_000;

/** `2025-06-02`: the UTC day the API's daily quota counts in. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** The next 00:00:00 UTC after `ms`, when the daily quota resets. */
export const nextUtcMidnight = (ms: number): number => (Math.floor(ms / DAY_MS) + 1) * DAY_MS;

/**
 * The client's rate-limit store for a sync, seeded from the database so a restarted sync neither
 * overspends the day nor bursts into a bucket an earlier process emptied:
 * - the day's request count continues from what was committed, and never goes past `budget` (the
 *   daily quota minus what the deployment keeps in reserve);
 * - the token bucket starts as if it was empty at the last committed request and has refilled since;
 *   or, given a `shared` store (Redis: one budget for every process of a deployment), that store
 *   paces the requests instead, and the ledger only keeps the day's count for the database.
 */
export class QuotaLedger implements RateLimitStore {
  #day: string;
  #used: number;
  #closedDay: string | undefined;
  #tokens: number | undefined;
  #updatedAt: number;
  #lastRequestAt: number | undefined;
  /** Requests this ledger granted (this process). */
  sent = 0;

  constructor(
    readonly budget: number,
    now: number,
    usedToday: number,
    lastRequestAt?: string,
    private readonly shared?: RateLimitStore,
  ) {
    this.#day = utcDay(now);
    this.#used = usedToday;
    const last = lastRequestAt === undefined ? Number.NaN : Date.parse(lastRequestAt);
    // Unknown: undefined tokens → a full bucket on first use.
    this.#tokens = Number.isFinite(last) ? 0 : undefined;
    this.#updatedAt = Number.isFinite(last) ? Math.min(last, now) : now;
    if (Number.isFinite(last)) this.#lastRequestAt = last;
  }

  /** The day, its count and the last request time, to commit with the next unit. */
  usage(now: number): { day: string; used: number; lastRequestAt?: string } {
    this.#roll(now);
    return {
      day: this.#day,
      used: this.#used,
      ...(this.#lastRequestAt !== undefined
        ? { lastRequestAt: new Date(this.#lastRequestAt).toISOString() }
        : {}),
    };
  }

  remaining(now: number): number {
    this.#roll(now);
    return this.#closedDay === this.#day ? 0 : Math.max(0, this.budget - this.#used);
  }

  async take(key: string, now: number, limits: RateLimits): Promise<TakeResult> {
    if (this.remaining(now) <= 0) return { granted: false, scope: 'daily', resetAt: nextUtcMidnight(now) };
    if (this.shared) {
      const result = await this.shared.take(key, now, limits);
      if (result.granted) this.#count(now);
      return result;
    }
    const tokens = this.#refill(now, limits);
    if (tokens < 1) {
      return {
        granted: false,
        scope: 'burst',
        retryInMs: Math.ceil(((1 - tokens) / limits.perSecond) * 1000),
      };
    }
    this.#tokens = tokens - 1;
    this.#count(now);
    return { granted: true };
  }

  #count(now: number): void {
    this.#used += 1;
    this.sent += 1;
    this.#lastRequestAt = now;
  }

  async penalise(key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits): Promise<void> {
    this.#roll(now);
    await this.shared?.penalise(key, now, scope, limits);
    // The server says the day is used up (another client of this consumer): spend nothing more today.
    if (scope === 'daily') this.#closedDay = this.#day;
    else this.#tokens = Math.min(this.#refill(now, limits), 0);
  }

  #refill(now: number, limits: RateLimits): number {
    const elapsed = Math.max(0, now - this.#updatedAt);
    const tokens = Math.min(
      limits.burst,
      (this.#tokens ?? limits.burst) + (elapsed / 1000) * limits.perSecond,
    );
    this.#tokens = tokens;
    this.#updatedAt = Math.max(this.#updatedAt, now);
    return tokens;
  }

  #roll(now: number): void {
    const day = utcDay(now);
    if (day !== this.#day) {
      this.#day = day;
      this.#used = 0;
    }
  }
}
