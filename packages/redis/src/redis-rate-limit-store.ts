import type { RateLimitStore, RateLimits, TakeResult } from '@sportscloud/core';
import { InvalidArgumentError } from '@sportscloud/core';
import type { Cluster, Redis } from 'ioredis';
import { RATE_LIMIT_SCRIPT } from './rate-limit-script';

export interface RedisRateLimitStoreOptions {
  /** An ioredis client (or cluster); the store never closes it. */
  readonly redis: Redis | Cluster;
  /**
   * Put before every key (default `sportscloud:rate-limit:`). On Redis Cluster, give it a hash tag
   * (`{sportscloud}:rate-limit:`): the script touches a consumer's key and the store's marker together.
   */
  readonly prefix?: string;
  /**
   * Whose clock counts: `'redis'` (default) takes the time from Redis `TIME`, one clock for every
   * process; `'caller'` uses the `now` the client passes (its injected clock), for tests on a fake clock.
   */
  readonly time?: 'redis' | 'caller';
}

/** A consumer's budget as the store sees it now, without spending any of it. */
export interface RateLimitUsage {
  /** Tokens in the bucket (fractional: the bucket refills continuously). */
  readonly tokens: number;
  /** Requests granted since 00:00 UTC. */
  readonly usedToday: number;
  /** A daily 429 closed the day: nothing is granted before `resetAt`. */
  readonly closedToday: boolean;
  /** The next 00:00 UTC (ms since the epoch), on the store's clock. */
  readonly resetAt: number;
  /** The store's clock when it answered (Redis `TIME`, or the `now` given). */
  readonly now: number;
}

/** A `RateLimitStore` that also reports a consumer's budget (for "finishes today / resumes at …"). */
export interface RedisRateLimitStore extends RateLimitStore {
  usage(key: string, limits: RateLimits, now?: number): Promise<RateLimitUsage>;
}

type Op = 'take' | 'burst' | 'daily' | 'peek';
type ScriptReply = [
  granted: number,
  scope: string,
  value: string,
  tokens: string,
  used: string,
  now: string,
  closed: number,
];
type WithScript = { sportscloudRateLimit(...args: (string | number)[]): Promise<ScriptReply> };

const COMMAND = 'sportscloudRateLimit';
const DAY_MS = 86_400_000;
const MAX_KEY_LENGTH = 512;
const MAX_TTL_MS = 1e15;

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH)
    throw new InvalidArgumentError('key', `expected a string of 1 to ${MAX_KEY_LENGTH} characters`);
}

function checkLimits(limits: RateLimits): void {
  for (const field of ['perSecond', 'burst', 'dailyQuota'] as const) {
    const value = limits?.[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      throw new InvalidArgumentError(
        `limits.${field}`,
        `expected a finite number above 0, got ${String(value)}`,
      );
  }
}

/**
 * A `RateLimitStore` on Redis: every process that uses the same Redis and prefix takes from one
 * budget per consumer. Each take is one Lua script (EVALSHA, EVAL when Redis does not know it yet).
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RedisRateLimitStore {
  const { redis } = options;
  const prefix = options.prefix ?? 'sportscloud:rate-limit:';
  if (typeof prefix !== 'string') throw new InvalidArgumentError('prefix', 'expected a string');
  const time = options.time ?? 'redis';
  if (time !== 'redis' && time !== 'caller')
    throw new InvalidArgumentError('time', `expected 'redis' or 'caller', got ${String(time)}`);
  if (!redis || typeof (redis as Partial<Redis>).defineCommand !== 'function')
    throw new InvalidArgumentError('redis', 'expected an ioredis client');
  // ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT (a restarted or flushed Redis).
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: RATE_LIMIT_SCRIPT });
  const marker = `${prefix}since`;

  const run = (op: Op, key: string, now: number | undefined, limits: RateLimits) => {
    checkKey(key);
    checkLimits(limits);
    let at = '';
    if (time === 'caller') {
      if (typeof now !== 'number' || !Number.isFinite(now))
        throw new InvalidArgumentError('now', 'expected the time in ms (the store uses the caller’s clock)');
      at = String(now);
    }
    // Long enough that a key only expires once its bucket is full and its day is over.
    // (Bounded for PEXPIRE: limits that take longer than this to refill are not real limits.)
    const ttlMs = Math.min(Math.ceil((limits.burst / limits.perSecond) * 1000) + 2 * DAY_MS, MAX_TTL_MS);
    return (redis as unknown as WithScript)[COMMAND](
      `${prefix}bucket:${key}`,
      marker,
      op,
      limits.perSecond,
      limits.burst,
      limits.dailyQuota,
      at,
      ttlMs,
    );
  };

  return {
    async take(key, now, limits): Promise<TakeResult> {
      const [granted, scope, value] = await run('take', key, now, limits);
      if (granted === 1) return { granted: true };
      if (scope === 'daily') return { granted: false, scope: 'daily', resetAt: Number(value) };
      return { granted: false, scope: 'burst', retryInMs: Number(value) };
    },
    async penalise(key, now, scope, limits): Promise<void> {
      if (scope !== 'burst' && scope !== 'daily')
        throw new InvalidArgumentError('scope', `expected 'burst' or 'daily', got ${String(scope)}`);
      await run(scope, key, now, limits);
    },
    async usage(key, limits, now): Promise<RateLimitUsage> {
      const [, , , tokens, used, at, closed] = await run('peek', key, now, limits);
      const clock = Number(at);
      return {
        tokens: Number(tokens),
        usedToday: Number(used),
        closedToday: closed === 1,
        resetAt: (Math.floor(clock / DAY_MS) + 1) * DAY_MS,
        now: clock,
      };
    },
  };
}
