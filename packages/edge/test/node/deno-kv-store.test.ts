import { describe, expect, it } from 'vitest';
import {
  DenoKvCheckpointStore,
  DenoKvRateLimitStore,
  type KvKey,
  type KvLike,
} from '../../src/deno/index.ts';

const limits = { perSecond: 1, burst: 2, dailyQuota: 100 };

/** Deno.Kv's semantics in memory (versionstamps, check-and-set), with injectable failures. */
function fakeKv(fail: { locked?: number; conflicts?: number; other?: Error } = {}) {
  const data = new Map<string, { value: unknown; versionstamp: string }>();
  let version = 0;
  const id = (key: KvKey) => JSON.stringify(key);
  const calls = { commits: 0 };
  const kv: KvLike = {
    async get(key) {
      const entry = data.get(id(key));
      return { key, value: entry?.value ?? null, versionstamp: entry?.versionstamp ?? null };
    },
    async set(key, value) {
      data.set(id(key), { value: structuredClone(value), versionstamp: String(++version) });
      return { ok: true };
    },
    atomic() {
      const checks: { key: KvKey; versionstamp: string | null }[] = [];
      const sets: [KvKey, unknown][] = [];
      const op = {
        check(...c: { key: KvKey; versionstamp: string | null }[]) {
          checks.push(...c);
          return op;
        },
        set(key: KvKey, value: unknown) {
          sets.push([key, value]);
          return op;
        },
        async commit() {
          calls.commits++;
          if (fail.other) throw fail.other;
          if (fail.locked && fail.locked-- > 0) throw new TypeError('database is locked');
          if (fail.conflicts && fail.conflicts-- > 0) return { ok: false };
          if (checks.some((c) => (data.get(id(c.key))?.versionstamp ?? null) !== c.versionstamp))
            return { ok: false };
          for (const [key, value] of sets)
            data.set(id(key), { value: structuredClone(value), versionstamp: String(++version) });
          return { ok: true };
        },
      };
      return op;
    },
  };
  return { kv, calls };
}

describe('DenoKvRateLimitStore (Deno.Kv semantics, simulated)', () => {
  it('retries a commit that hit "database is locked" or lost the check-and-set, and counts once', async () => {
    const { kv, calls } = fakeKv({ locked: 2, conflicts: 2 });
    const store = new DenoKvRateLimitStore(kv);
    expect(await store.take('c', 0, limits)).toEqual({ granted: true });
    expect(calls.commits).toBe(5);
    expect(await store.take('c', 0, limits)).toEqual({ granted: true });
    expect(await store.take('c', 0, limits)).toEqual({ granted: false, scope: 'burst', retryInMs: 1000 });
  });

  it('passes any other error on, and gives up after maxAttempts conflicts with a message naming the key', async () => {
    await expect(
      new DenoKvRateLimitStore(fakeKv({ other: new Error('quota exceeded') }).kv).take('c', 0, limits),
    ).rejects.toThrow('quota exceeded');
    const busy = new DenoKvRateLimitStore(fakeKv({ conflicts: 1000 }).kv, { maxAttempts: 3 });
    await expect(busy.take('c', 0, limits)).rejects.toThrow(
      'Deno KV rate-limit store: no atomic commit for "c" after 3 attempts',
    );
  });

  it('keeps budgets per key under its prefix, and checkpoints apart from them', async () => {
    const { kv } = fakeKv();
    const store = new DenoKvRateLimitStore(kv, { prefix: ['app'] });
    await store.take('a', 0, limits);
    await store.take('a', 0, limits);
    expect((await store.take('b', 0, limits)).granted).toBe(true);
    expect((await kv.get(['app', 'rate-limit', 'a'])).value).toMatchObject({ tokens: 0, usedToday: 2 });
    const checkpoints = new DenoKvCheckpointStore(kv, { prefix: ['app'] });
    await checkpoints.put('sync/cursor', 2);
    expect(await checkpoints.get('sync/cursor')).toBe(2);
    expect(await checkpoints.get('missing')).toBeUndefined();
  });
});
