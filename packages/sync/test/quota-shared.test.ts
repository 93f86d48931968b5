import { InMemoryRateLimitStore } from '@sportscloud/core';
import { describe, expect, it } from 'vitest';
import { QuotaLedger } from '../src/sync/quota';

const limits = { perSecond: 1, burst: 3, dailyQuota: 100 };
const now = Date.parse('2026-03-02T10:00:00Z');

describe('QuotaLedger with a shared store', () => {
  it('lets the shared bucket pace two ledgers (two processes) and counts only its own grants', async () => {
    const shared = new InMemoryRateLimitStore();
    const a = new QuotaLedger(100, now, 0, undefined, shared);
    const b = new QuotaLedger(100, now, 0, undefined, shared);
    const granted = [];
    for (const ledger of [a, b, a, b, a])
      granted.push((await ledger.take('consumer-1', now, limits)).granted);
    // One bucket of 3 for both: the fourth and fifth take wait, whoever asks.
    expect(granted).toEqual([true, true, true, false, false]);
    expect([a.sent, b.sent]).toEqual([2, 1]);
    expect(a.usage(now).used).toBe(2);
    // Another consumer's key has its own bucket.
    expect((await b.take('consumer-2', now, limits)).granted).toBe(true);
  });

  it("keeps the database's daily budget even when the shared bucket has tokens", async () => {
    const ledger = new QuotaLedger(5, now, 5, undefined, new InMemoryRateLimitStore());
    expect(await ledger.take('consumer-1', now, limits)).toMatchObject({ granted: false, scope: 'daily' });
  });

  it('passes a 429 on to the shared store, so every process backs off', async () => {
    const shared = new InMemoryRateLimitStore();
    const a = new QuotaLedger(100, now, 0, undefined, shared);
    await a.penalise('consumer-1', now, 'burst', limits);
    const other = new QuotaLedger(100, now, 0, undefined, shared);
    expect(await other.take('consumer-1', now, limits)).toMatchObject({ granted: false, scope: 'burst' });
  });
});
