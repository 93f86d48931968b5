import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RateLimitStore, RateLimits, TakeResult } from '@sportscloud/core';
import type { CliIO } from './io';

const DAY_MS = 86_400_000;

/**
 * The API reports no remaining quota, so the CLI keeps its own count of what it sent today, per
 * consumer, across runs: one byte appended per request to a file per UTC day (appends of one byte are
 * atomic, so parallel runs count exactly), its size being the count. Requests sent by other programs with
 * the same consumer are not in it — `quota` says so.
 */
export class QuotaLedger {
  readonly #dir: string;

  constructor(stateDir: string, consumerId: string) {
    // The consumer id is not secret, but a hash keeps any id safe as a file name.
    const key = createHash('sha256').update(consumerId).digest('hex').slice(0, 16);
    this.#dir = join(stateDir, 'quota', key);
  }

  static stateDir(io: Pick<CliIO, 'env' | 'homedir'>): string {
    return (
      io.env.SPORTSCLOUD_STATE_DIR ||
      join(io.env.XDG_STATE_HOME || join(io.homedir, '.local', 'state'), 'sportscloud')
    );
  }

  /** Requests this CLI sent on the UTC day of `now`. */
  usedOn(now: number): number {
    try {
      return statSync(this.#file(now)).size;
    } catch {
      return 0;
    }
  }

  /** Whether the API said the quota of that day is gone (a 429 LimitExceededException). */
  closedOn(now: number): boolean {
    try {
      statSync(`${this.#file(now)}.closed`);
      return true;
    } catch {
      return false;
    }
  }

  record(now: number): void {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    appendFileSync(this.#file(now), '.');
  }

  close(now: number): void {
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    writeFileSync(`${this.#file(now)}.closed`, '');
  }

  /** Drops the files of earlier days (best effort). */
  prune(now: number): void {
    const today = dayName(now);
    try {
      for (const name of readdirSync(this.#dir)) {
        if (name.slice(0, 10) < today) rmSync(join(this.#dir, name), { force: true });
      }
    } catch {
      // No directory yet: nothing to prune.
    }
  }

  #file(now: number): string {
    return join(this.#dir, dayName(now));
  }
}

function dayName(now: number): string {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * core's RateLimitStore with the daily count in the ledger: the token bucket (1/s, burst 60) stays in
 * memory, as a run starts after any earlier one has had time to refill it; the day's count survives runs.
 */
export class LedgerRateLimitStore implements RateLimitStore {
  /** @param bucket core's InMemoryRateLimitStore: the token bucket, in memory. */
  constructor(
    readonly ledger: QuotaLedger,
    private readonly bucket: RateLimitStore,
  ) {}

  async take(key: string, now: number, limits: RateLimits): Promise<TakeResult> {
    if (this.ledger.closedOn(now) || this.ledger.usedOn(now) >= limits.dailyQuota) {
      return { granted: false, scope: 'daily', resetAt: (Math.floor(now / DAY_MS) + 1) * DAY_MS };
    }
    const result = await this.bucket.take(key, now, { ...limits, dailyQuota: Number.POSITIVE_INFINITY });
    if (result.granted) this.ledger.record(now);
    return result;
  }

  async penalise(key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits): Promise<void> {
    if (scope === 'daily') this.ledger.close(now);
    await this.bucket.penalise(key, now, scope, limits);
  }
}
