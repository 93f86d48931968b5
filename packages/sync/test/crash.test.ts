import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumRequests } from '../bench/minimum';
import type { SyncReport } from '../src';
import { ENGINES, type Throwaway, throwawayDatabase } from './helpers/databases';

/**
 * Crash safety with a real `kill -9`: a sync runs in a child process and is killed at several
 * points (while a request is on the wire, while a unit commits), then restarted until it finishes.
 */

const CHILD = fileURLToPath(new URL('./helpers/sync-child.ts', import.meta.url));
const DATASET = {
  accounts: 1,
  athletesPerAccount: 8,
  measurementsPerAthlete: 8,
  teamsPerAccount: 2,
  sessionsPerTeam: 6,
  days: 60,
};
/** Requests in flight: what one kill can cost at most (their answers never reached the database). */
const CONCURRENCY = 1;
/** Kill when the fake has received this many requests, after this many ms (0: while it is in flight). */
const KILLS = [
  { at: 6, delayMs: 0 },
  { at: 40, delayMs: 3 },
  { at: 90, delayMs: 0 },
  { at: 130, delayMs: 8 },
];

describe.each(ENGINES)('kill -9 on %s', (engine) => {
  let db: Throwaway;
  let server: FakeServer;
  const fake = createFakeSportsCloud({
    seed: 11,
    dataset: DATASET,
    limits: { rate: Number.POSITIVE_INFINITY },
  });
  let served = 0;
  let onRequest: (n: number) => void = () => {};

  beforeAll(async () => {
    db = await throwawayDatabase(engine);
    // The schema exists before the first child starts (a kill during migration is PGlite's initdb, not ours).
    await (await db.open()).close();
    server = await startFakeServer({
      fetch: (request) => {
        served += 1;
        onRequest(served);
        return fake.fetch(request);
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  function start(): {
    child: ChildProcess;
    done: Promise<{ code: number | null; signal: string | null; out: string }>;
  } {
    const child = spawn(process.execPath, ['--conditions=@sportscloud/source', '--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        SYNC_CHILD: JSON.stringify({
          storage: db.options,
          client: {
            consumerId: fake.consumerId,
            sharedSecret: fake.sharedSecret,
            apiKey: fake.apiKey,
            baseURL: server.url,
            rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
          },
          concurrency: CONCURRENCY,
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal, out: out || err }));
    });
    return { child, done };
  }

  it('loses nothing, duplicates nothing, and refetches almost nothing', async () => {
    const kills: string[] = [];
    for (const kill of KILLS) {
      const { child, done } = start();
      onRequest = (n) => {
        if (n !== kill.at) return;
        const fire = () => child.kill('SIGKILL');
        if (kill.delayMs === 0) fire();
        else setTimeout(fire, kill.delayMs);
      };
      const exit = await done;
      kills.push(`${kill.at}:${exit.signal ?? exit.code}`);
      expect(exit.signal, exit.out).toBe('SIGKILL');
    }
    onRequest = () => {};
    const { done } = start();
    const exit = await done;
    expect(exit.code, exit.out).toBe(0);
    const report = JSON.parse(exit.out.trim().split('\n').pop()!) as SyncReport;
    expect(report.state).toBe('done');
    expect(report.resumed).toBe(true);

    const storage = await db.open();
    try {
      const minimum = minimumRequests(fake.data);
      const account = fake.data.accounts[0]!;
      const counts = await storage.counts();
      expect(counts.pending).toBe(0);
      expect(counts.measurements).toBe(account.measurements.length);
      expect(counts.sessions).toBe(account.sessions.length);
      const laps =
        account.measurements.reduce((n, m) => n + m.laps.length, 0) +
        account.sessions.reduce((n, s) => n + s.laps.reduce((k, l) => k + l.athleteIds.length, 0), 0);
      // Exactly one record per measurement and per lap: nothing lost, nothing twice.
      expect(counts.resultSets).toBe(account.measurements.length + laps);
      const dupes = (await storage.db.execute(
        `select count(*)::int as n from (select result_set_id, variable_id from sc_result_scalars
         group by 1, 2 having count(*) > 1) d` as never,
      )) as unknown as { rows: Array<{ n: number }> };
      expect(dupes.rows[0]!.n).toBe(0);
      const ratio = served / minimum.total;
      console.log(
        JSON.stringify({
          engine,
          kills,
          requests: served,
          uninterrupted: minimum.total,
          ratio: Number(ratio.toFixed(3)),
        }),
      );
      expect(served - minimum.total).toBeLessThanOrEqual(KILLS.length * CONCURRENCY);
      expect(ratio).toBeLessThanOrEqual(1.05);
    } finally {
      await storage.close();
    }
  }, 300_000);
});
