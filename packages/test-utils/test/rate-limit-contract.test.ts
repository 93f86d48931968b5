import { describe, expect, it } from 'vitest';
import { rateLimitStoreContract, type TakeFromProcesses } from '../src';
import { runNodeStoreProcesses, takeFromNodeProcesses } from '../src/node';

const module = new URL('./fixtures/per-process-store.mjs', import.meta.url);
const crossProcess = (processes: TakeFromProcesses | { skip: string }) =>
  rateLimitStoreContract(() => ({ take: async () => ({ granted: true }), penalise: async () => {} }), {
    processes,
  }).find((c) => c.name.startsWith('takes from several processes'))!;

describe('the cross-process part of the rate-limit-store contract', () => {
  it('runs the job in separate Node processes, each with its own store, and gathers every result', async () => {
    const { results, ms } = await runNodeStoreProcesses(
      { module },
      {
        processes: 3,
        now: 0,
        concurrency: 2,
        steps: [
          { key: 'a', limits: { perSecond: 1, burst: 2, dailyQuota: 100 }, count: 3 },
          { key: 'b', limits: { perSecond: 1, burst: 100, dailyQuota: 1 }, count: 2 },
        ],
      },
    );
    // Each process has its own budget here: each grants 2 of 3 on `a`, 1 of 2 on `b`.
    expect(results).toHaveLength(3);
    for (const [a, b] of results) {
      expect(a!.map((r) => r.granted)).toEqual([true, true, false]);
      expect(b!.map((r) => r.granted)).toEqual([true, false]);
    }
    expect(ms).toBeGreaterThan(0);
  });

  it('fails a store whose processes do not share one budget', async () => {
    await expect(crossProcess(takeFromNodeProcesses({ module })).run()).rejects.toThrow(
      'granted of 120 takes from 4 processes, burst 50: expected 50, got 120',
    );
  });

  it('is a skipped case, with its reason, for a store that does not take part', () => {
    const skipped = crossProcess({ skip: 'one process by design' });
    expect(skipped.skip).toBe('one process by design');
    const missing = rateLimitStoreContract(() => ({
      take: async () => ({ granted: true }),
      penalise: async () => {},
    }));
    expect(missing.filter((c) => c.skip).map((c) => c.skip)).toEqual([
      'no `processes` runner was given, so the store was not tested across processes',
      'no `loseState` was given, so losing the state was not tested',
    ]);
  });

  it('reports a process that dies before answering', async () => {
    const broken = new URL('data:text/javascript,export function createStore() { process.exit(3) }');
    await expect(
      runNodeStoreProcesses({ module: broken }, { processes: 1, now: 0, concurrency: 1, steps: [] }),
    ).rejects.toThrow(/ended without answering \(exit code/);
  });
});
