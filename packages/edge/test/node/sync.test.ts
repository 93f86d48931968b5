import { ConfigurationError } from '@sportscloud/core';
import { describe, expect, it } from 'vitest';
import { createIncrementalSync, InMemoryCheckpointStore, type SyncedSession } from '../../src/index.ts';
import { fakeAndClient } from './fixtures.ts';

const SINCE = new Date('2025-01-01T00:00:00Z');

function setup(options: Parameters<typeof fakeAndClient>[0] = {}, client: Record<string, unknown> = {}) {
  const world = fakeAndClient(options, client);
  const checkpoints = new InMemoryCheckpointStore();
  const delivered: SyncedSession[] = [];
  return { ...world, checkpoints, delivered };
}

describe('incremental sync', () => {
  it('stops at its time budget and resumes where it stopped: every session delivered exactly once', async () => {
    const { client, clock, checkpoints, delivered, fake, simulate } = setup();
    const sync = createIncrementalSync({
      client,
      checkpoints,
      clock,
      since: SINCE,
      budgetMs: 25_000,
      // Each delivery takes 10 s of (simulated) time: a run has room for three.
      onSession: async (item) => {
        delivered.push(item);
        await clock.sleep(10_000);
      },
    });
    const reports = [];
    for (let i = 0; i < 4; i++) reports.push(await simulate(sync.run()));
    expect(reports.map((r) => [r.delivered, r.complete])).toEqual([
      [3, false],
      [3, false],
      [0, true],
      [0, true],
    ]);
    const all = [...fake.data.accounts[0]!.sessions].map((s) => s.sessionId).sort();
    expect(delivered.map((d) => d.session.sessionId).sort()).toEqual(all);
    // Results arrive decoded, with the roster checked.
    const first = delivered[0]!.results;
    expect(first.measurements.length).toBeGreaterThan(0);
    expect(first.missingAthleteIds).toEqual([]);
    expect(first.measurements.flatMap((m) => m.variables ?? []).some((v) => 'values' in v)).toBe(true);
  });

  it('a run that dies in the callback repeats only the session it was delivering', async () => {
    const { client, clock, checkpoints, delivered, simulate } = setup();
    let failOn: number | undefined = 2;
    const onSession = (item: SyncedSession) => {
      if (delivered.length + 1 === failOn) {
        failOn = undefined;
        throw new Error('storage down');
      }
      delivered.push(item);
    };
    const sync = createIncrementalSync({ client, checkpoints, clock, since: SINCE, onSession });
    await expect(simulate(sync.run())).rejects.toThrow('storage down');
    expect(delivered).toHaveLength(1);
    const report = await simulate(sync.run());
    expect(report).toMatchObject({ delivered: 5, complete: true });
    expect(new Set(delivered.map((d) => d.session.sessionId)).size).toBe(6);
  });

  it('defers a session whose analysis is still running and delivers it on a later run', async () => {
    const { client, clock, checkpoints, delivered, fake, simulate } = setup(
      { coldPolls: 1 },
      { analysisPolling: { maxAttempts: 1 } },
    );
    const cold = fake.data.accounts[0]!.sessions[0]!.sessionId;
    fake.data.analysis.sessions.set(cold, 'cold');
    const sync = createIncrementalSync({
      client,
      checkpoints,
      clock,
      since: SINCE,
      onSession: (item) => void delivered.push(item),
    });
    expect(await simulate(sync.run())).toMatchObject({ delivered: 5, deferred: 1, complete: true });
    expect(delivered.map((d) => d.session.sessionId)).not.toContain(cold);
    expect(await simulate(sync.run())).toMatchObject({ delivered: 1, deferred: 0 });
    expect(delivered.at(-1)!.session.sessionId).toBe(cold);
  });

  it('moves its window up to the lookback horizon and keeps the checkpoint small', async () => {
    const { client, clock, checkpoints, requests, simulate, fake } = setup();
    const sync = createIncrementalSync({
      client,
      checkpoints,
      clock,
      since: SINCE,
      lookbackMs: 86_400_000,
      onSession: () => {},
      targets: undefined,
    });
    await simulate(sync.run());
    const account = fake.data.accounts[0]!;
    const accountId = account.accountId;
    const teams = account.teams.map((t) => t.teamId);
    const state = (await checkpoints.get(`sportscloud-sync/team/${accountId}/${teams[0]}`)) as {
      from: number;
      seen: Record<string, number>;
    };
    // Scanned to the end: the window starts one lookback before the end of the run.
    expect(state.from).toBeGreaterThan(SINCE.getTime());
    expect(clock.now() - state.from).toBeGreaterThanOrEqual(86_400_000);
    expect(clock.now() - state.from).toBeLessThan(86_400_000 + 60_000);
    // The seeded sessions are all older than the horizon: nothing is kept for them.
    expect(Object.keys(state.seen)).toEqual([]);
    // The next run lists from the horizon and fetches no results.
    requests.length = 0;
    expect(await simulate(sync.run())).toMatchObject({ delivered: 0, complete: true });
    expect(requests.filter((p) => p.endsWith('/results'))).toEqual([]);
  });

  it('rejects a budget or window that is not positive', () => {
    const { client, checkpoints } = setup();
    expect(() => createIncrementalSync({ client, checkpoints, onSession: () => {}, budgetMs: 0 })).toThrow(
      ConfigurationError,
    );
    expect(() => createIncrementalSync({ client, checkpoints, onSession: () => {}, lookbackMs: -1 })).toThrow(
      'lookbackMs must be a positive number, got -1',
    );
  });
});
