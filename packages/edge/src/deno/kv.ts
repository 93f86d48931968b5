import type { RateLimitStore, RateLimits, TakeResult } from '@sportscloud/core';
import { type BucketState, isBucketState, penaliseBucket, takeFromBucket } from '../bucket.ts';
import type { CheckpointStore } from '../checkpoint.ts';

/** The parts of `Deno.Kv` used here (structural, so the package needs no Deno type definitions). */
export type KvKey = readonly unknown[];
export interface KvEntryLike {
  readonly key: KvKey;
  readonly value: unknown;
  readonly versionstamp: string | null;
}
export interface KvAtomicLike {
  check(...checks: { key: KvKey; versionstamp: string | null }[]): KvAtomicLike;
  set(key: KvKey, value: unknown, options?: { expireIn?: number }): KvAtomicLike;
  commit(): Promise<{ ok: boolean }>;
}
export interface KvLike {
  get(key: KvKey): Promise<KvEntryLike>;
  set(key: KvKey, value: unknown, options?: { expireIn?: number }): Promise<unknown>;
  atomic(): KvAtomicLike;
}

export interface DenoKvStoreOptions {
  /** Key prefix (default `['sportscloud']`). */
  readonly prefix?: KvKey;
  /** Optimistic attempts before giving up on a contended key (default 200). */
  readonly maxAttempts?: number;
}

// A local KV file shared by several processes is SQLite: concurrent writers can see SQLITE_BUSY.
const isLocked = (error: unknown) =>
  error instanceof Error && /database is locked|SQLITE_BUSY/i.test(error.message);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// The daily count must outlive the day it counts; a full bucket needs no state at all.
const STATE_TTL_MS = 2 * 86_400_000;

/**
 * A `RateLimitStore` on Deno KV: every isolate, worker and process that opens the same KV (one
 * file locally, one database on Deno Deploy) shares one consumer budget. Each change is a
 * check-and-set on the key's versionstamp, retried on conflict.
 */
export class DenoKvRateLimitStore implements RateLimitStore {
  readonly #kv: KvLike;
  readonly #prefix: KvKey;
  readonly #maxAttempts: number;

  constructor(kv: KvLike, options: DenoKvStoreOptions = {}) {
    this.#kv = kv;
    this.#prefix = [...(options.prefix ?? ['sportscloud']), 'rate-limit'];
    this.#maxAttempts = options.maxAttempts ?? 200;
  }

  take(key: string, now: number, limits: RateLimits): Promise<TakeResult> {
    return this.#update(key, (state) => takeFromBucket(state, now, limits));
  }

  async penalise(key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits): Promise<void> {
    await this.#update(key, (state) => ({
      state: penaliseBucket(state, now, scope, limits),
      result: undefined,
    }));
  }

  async #update<R>(
    key: string,
    change: (state: BucketState | undefined) => { state: BucketState; result: R },
  ): Promise<R> {
    const kvKey = [...this.#prefix, key];
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      try {
        const entry = await this.#kv.get(kvKey);
        const { state, result } = change(isBucketState(entry.value) ? entry.value : undefined);
        const commit = await this.#kv
          .atomic()
          .check({ key: kvKey, versionstamp: entry.versionstamp })
          .set(kvKey, state, { expireIn: STATE_TTL_MS })
          .commit();
        if (commit.ok) return result;
      } catch (error) {
        if (!isLocked(error)) throw error;
      }
      // Lost the race: back off a little, with jitter so contenders spread out.
      await pause(Math.random() * Math.min(50, attempt * 2));
    }
    throw new Error(
      `Deno KV rate-limit store: no atomic commit for "${key}" after ${this.#maxAttempts} attempts`,
    );
  }
}

/** A `CheckpointStore` on Deno KV (values must stay under KV's 64 KiB). */
export class DenoKvCheckpointStore implements CheckpointStore {
  readonly #kv: KvLike;
  readonly #prefix: KvKey;

  constructor(kv: KvLike, options: Pick<DenoKvStoreOptions, 'prefix'> = {}) {
    this.#kv = kv;
    this.#prefix = [...(options.prefix ?? ['sportscloud']), 'checkpoint'];
  }

  async get(key: string): Promise<unknown> {
    return (await retryLocked(() => this.#kv.get([...this.#prefix, key]))).value ?? undefined;
  }

  async put(key: string, value: unknown): Promise<void> {
    await retryLocked(() => this.#kv.set([...this.#prefix, key], value));
  }
}

async function retryLocked<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isLocked(error) || attempt >= 50) throw error;
      await pause(Math.random() * Math.min(50, attempt * 2));
    }
  }
}
