import { FAULT_KINDS, type FakeSportsCloudOptions, type FaultKind } from '@sportscloud/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportAccount } from './export-all';
import { createHarness } from './harness';

// A small account, so that many seeds fit in a test run: ~70 results, a handful of pages.
const dataset = {
  accounts: 1,
  athletesPerAccount: 6,
  measurementsPerAthlete: 4,
  teamsPerAccount: 1,
  sessionsPerTeam: 5,
  maxLaps: 1,
};

// An export job configured for a hostile network: up to 10 retries a request, a roomy budget.
const jobClient = { maxRetries: 10, retryBudget: { capacity: 5_000 } };

async function exportWith(seed: number, options: FakeSportsCloudOptions = {}) {
  const harness = createHarness(
    { seed, dataset, coldRatio: 0.2, failedRatio: 0.1, pageSize: 5, ...options },
    jobClient,
  );
  const accountId = harness.fake.data.accounts[0]!.accountId;
  const exported = await harness.run(exportAccount(harness.client, accountId));
  return { exported, stats: harness.fake.stats() };
}

const baselines = new Map<number, Awaited<ReturnType<typeof exportWith>>>();
async function baseline(seed: number) {
  let found = baselines.get(seed);
  if (!found) {
    found = await exportWith(seed);
    baselines.set(seed, found);
  }
  return found;
}

describe('fault matrix: exporting an account under faults gives exactly the fault-free data', () => {
  it('baseline: 202s and 204s are handled, every result exported once', async () => {
    const { exported, stats } = await baseline(1);
    const keys = exported.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(exported.length).toBeGreaterThan(40);
    expect(exported.some((e) => e.outcome === 'failed')).toBe(true);
    expect(stats.byStatus['202']).toBeGreaterThan(0);
    expect(stats.byStatus['429'] ?? 0).toBe(0);
  });

  it.each(FAULT_KINDS.filter((k) => k !== 'latency'))(
    '%s faults at a 30 percent rate',
    async (kind: FaultKind) => {
      const { exported, stats } = await exportWith(1, { faults: { rate: 0.3, kinds: { [kind]: 1 } } });
      expect(stats.faults[kind]).toBeGreaterThan(0);
      expect(exported).toEqual((await baseline(1)).exported);
    },
  );

  it('server-side 429s (a stricter bucket than the client knows) and 413s (a tiny response limit)', async () => {
    const { exported, stats } = await exportWith(1, { limits: { burst: 5 }, responseLimitBytes: 60_000 });
    expect(stats.byStatus['429']).toBeGreaterThan(0);
    expect(stats.byStatus['413']).toBeGreaterThan(0);
    expect(exported).toEqual((await baseline(1)).exported);
  });

  it('property: any seed, any mix of faults up to 30%, any limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.dictionary(fc.constantFrom(...FAULT_KINDS), fc.integer({ min: 0, max: 3 }), { minKeys: 1 }),
        fc.constantFrom(60, 10),
        fc.constantFrom(Number.POSITIVE_INFINITY, 60_000),
        async (seed, rate, kinds, burst, responseLimitBytes) => {
          const faulty = await exportWith(seed, {
            faults: { rate, kinds, latencyMs: 2_000 },
            limits: { burst },
            responseLimitBytes,
          });
          const clean = await baseline(seed);
          expect(faulty.exported).toEqual(clean.exported);
        },
      ),
      { numRuns: 8, seed: 20261126 },
    );
  });
});
