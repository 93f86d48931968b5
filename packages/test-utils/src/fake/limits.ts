/**
 * Usage limits per consumer (reference §8.1): a token bucket (1 token/s, capacity 60) and a daily
 * quota (5000, fixed window reset at 00:00:00 UTC). A rejected request consumes nothing: neither a
 * token nor quota (undocumented; our choice, so a client that keeps polling is not punished twice).
 * The quota is checked first, since a client must then wait for midnight whatever its tokens.
 */

export interface LimitOptions {
  /** Tokens per second. Default 1. Infinity disables the bucket. */
  rate?: number;
  /** Bucket capacity (the burst). Default 60. */
  burst?: number;
  /** Requests per UTC day. Default 5000. Infinity disables the quota. */
  dailyQuota?: number;
}

export type LimitVerdict = 'ok' | 'burst' | 'daily';

interface Budget {
  tokens: number;
  refilledAt: number;
  day: number;
  used: number;
}

const DAY_MS = 86_400_000;
// Refill sums fractions of a token; forgive float dust so 1000 ms at 1 token/s is exactly one token.
const EPSILON = 1e-9;

export class RateLimiter {
  private readonly budgets = new Map<string, Budget>();
  private readonly rate: number;
  private readonly burst: number;
  private readonly dailyQuota: number;

  constructor(options: LimitOptions = {}) {
    this.rate = options.rate ?? 1;
    this.burst = options.burst ?? 60;
    this.dailyQuota = options.dailyQuota ?? 5000;
  }

  take(consumerId: string, now: number): LimitVerdict {
    const day = Math.floor(now / DAY_MS);
    let b = this.budgets.get(consumerId);
    if (!b) {
      b = { tokens: this.burst, refilledAt: now, day, used: 0 };
      this.budgets.set(consumerId, b);
    }
    // Requests are charged as they arrived, which can be out of order: a late-charged one from before
    // midnight must not reset the new day's count.
    if (day > b.day) {
      b.day = day;
      b.used = 0;
    }
    const elapsed = Math.max(0, now - b.refilledAt);
    // Infinity × 0 ms would be NaN: an unlimited rate simply keeps the bucket full.
    const refill = this.rate === Number.POSITIVE_INFINITY ? this.burst : (elapsed / 1000) * this.rate;
    b.tokens = Math.min(this.burst, b.tokens + refill);
    b.refilledAt = Math.max(b.refilledAt, now);
    if (b.used >= this.dailyQuota) return 'daily';
    if (b.tokens < 1 - EPSILON) return 'burst';
    b.tokens = Math.max(0, b.tokens - 1);
    b.used++;
    return 'ok';
  }

  reset(): void {
    this.budgets.clear();
  }
}
