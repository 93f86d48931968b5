import type { RateLimits } from './rate-limit-store';

/**
 * Headroom against arrival jitter. The API counts a request when it *arrives*, the client when
 * it *leaves*. If the trip takes between d and d + J, requests the client sends conforming to a
 * bucket (rate r, burst b') arrive conforming to (r, b' + r·J): in any window, the ones that
 * arrive were sent in a window J longer. So the client keeps r·J tokens of the burst in reserve
 * (b' = b − r·J) and the server's bucket never runs dry, while the steady rate stays the
 * documented one. At the documented 1/s that is a tenth of one of the 60 tokens; at 20/s, two.
 * A bucket too small to keep the reserve is paced slower instead: one request per 1/r + J.
 *
 * J is assumed (`arrivalJitterMs`, default 100 ms) and learnt: every 429 that still comes doubles
 * it (up to the point where one token of burst is left), so a jittery path costs one 429, not
 * one per burst.
 */
export const DEFAULT_ARRIVAL_JITTER_MS = 100;

/** The limits the client paces by, for the API's `limits` and an arrival jitter of `jitterMs`. */
export function pacedLimits(limits: RateLimits, jitterMs: number): RateLimits {
  const reserve = (limits.perSecond * Math.max(0, jitterMs)) / 1000;
  if (limits.burst - reserve >= 1) return { ...limits, burst: limits.burst - reserve };
  return { ...limits, burst: 1, perSecond: 1 / (1 / limits.perSecond + Math.max(0, jitterMs) / 1000) };
}

/** The jitter assumed after a 429 showed the assumption too small. */
export function learntJitterMs(limits: RateLimits, jitterMs: number): number {
  // Doubling from zero would stay at zero: start from a millisecond's worth.
  const doubled = Math.max(2 * jitterMs, 1);
  // The most a reserve can absorb leaves one token of burst; beyond it `pacedLimits` slows the rate.
  const reserveCap = ((limits.burst - 1) / limits.perSecond) * 1000;
  const rateCap = 1000 / limits.perSecond;
  return Math.min(doubled, Math.max(reserveCap, rateCap));
}

/** The pacing one client applies: shared by the rate limiter, and taught by the retry policy's 429s. */
export class Headroom {
  #jitterMs: number;
  #paced: RateLimits;
  /** When the headroom last grew: requests started before then were paced by the old one. */
  #grownAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly limits: RateLimits,
    jitterMs = DEFAULT_ARRIVAL_JITTER_MS,
  ) {
    this.#jitterMs = jitterMs;
    this.#paced = pacedLimits(limits, jitterMs);
  }

  get jitterMs(): number {
    return this.#jitterMs;
  }

  /** What the client-side bucket is run with. */
  get paced(): RateLimits {
    return this.#paced;
  }

  /**
   * A burst 429 came anyway, for a request started at `startedAt`: requests bunch up more than
   * assumed on the way. Learnt once per burst of 429s: those of requests started before the last
   * adjustment were paced by the old headroom and tell nothing new.
   */
  throttled(startedAt: number, now: number): void {
    if (startedAt < this.#grownAt) return;
    this.#grownAt = now;
    this.#jitterMs = learntJitterMs(this.limits, this.#jitterMs);
    this.#paced = pacedLimits(this.limits, this.#jitterMs);
  }
}
