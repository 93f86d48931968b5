import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumRequests } from '../bench/minimum';
import { DEFAULT_CONCURRENCY, type SyncReport } from '../src';
import { ENGINES, type Throwaway, throwawayDatabase } from './helpers/databases';

/**
 * Crash safety with a real `kill -9`: a sync runs in a child process at its default concurrency and is
 * killed at several points (during the lists, while results requests are on the wire, while answers are
 * being committed), restarted after each kill, and finally runs to the end. One database and one chain
 * of kills serve every kill point: what a kill cost is read from the requests the fake received (those of
 * the killed run that a later run asked again).
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
/**
 * Kill when the fake has received this many requests (counted over every run), after this many ms (0:
 * as the request arrives, with the other workers' requests on the wire or their answers committing).
 * 16 of the 133 requests are lists.
 */
const KILLS = [
  { at: 9, delayMs: 0, during: 'lists' },
  { at: 50, delayMs: 0, during: 'results, requests on the wire' },
  { at: 95, delayMs: 6, during: 'results, answers being committed' },
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
  /** Each request as it arrives, with the child run that sent it (a killed run's last ones included). */
  let currentRun = -1;
  const arrivals: Array<{ run: number; request: string }> = [];

  beforeAll(async () => {
    db = await throwawayDatabase(engine);
    // The schema exists before the first child starts (a kill during migration is PGlite's initdb, not ours).
    await (await db.open()).close();
    server = await startFakeServer({
      fetch: (request) => {
        served += 1;
        const url = new URL(request.url);
        arrivals.push({ run: currentRun, request: `${request.method} ${url.pathname}${url.search}` });
        onRequest(served);
        return fake.fetch(request);
      },
    });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await db?.drop();
  });

  function start(): {
    child: ChildProcess;
    done: Promise<{ code: number | null; signal: string | null; out: string; err: string }>;
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
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const done = new Promise<{ code: number | null; signal: string | null; out: string; err: string }>(
      (resolve) => {
        child.on('exit', (code, signal) => resolve({ code, signal, out: out || err, err }));
      },
    );
    return { child, done };
  }

  it('loses nothing, duplicates nothing, and asks again only what was in flight at each kill', async () => {
    const childErrors: string[] = [];
    const track = async (child: ReturnType<typeof start>) => {
      const exit = await child.done;
      childErrors.push(exit.err);
      currentRun += 1;
      return exit;
    };
    currentRun = 0;
    for (const kill of KILLS) {
      const child = start();
      onRequest = (n) => {
        if (n !== kill.at) return;
        const fire = () => child.child.kill('SIGKILL');
        if (kill.delayMs === 0) fire();
        else setTimeout(fire, kill.delayMs);
      };
      const exit = await track(child);
      expect(exit.signal, exit.out).toBe('SIGKILL');
    }
    onRequest = () => {};
    const exit = await track(start());
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

      // Every request an uninterrupted sync sends, and no other; none twice within a run.
      /** The requests (method and path with query) each child run sent, by arrival. */
      const runs = childErrors.map((_, r) => arrivals.filter((a) => a.run === r).map((a) => a.request));
      const all = runs.flat();
      expect(new Set(all).size).toBe(minimum.total);
      // None twice within a run, unless the client retried it (a timeout on a loaded machine): each
      // repeat must be one the child reported as a retry.
      const retries = childErrors.map(
        (err) => err.split('\n').filter((l) => l.startsWith('{"retry"')).length,
      );
      runs.forEach((run, r) => {
        const twice = run.filter((request, i) => run.indexOf(request) !== i);
        expect(twice.length, `asked twice within run ${r}: ${twice.join(', ')}\n${childErrors[r]}`).toBe(
          retries[r],
        );
      });
      // What each kill cost: the requests of the killed run that a later run asked again. They can only
      // be the ones whose answers had not been committed: at most one per worker.
      const perKill = KILLS.map((kill, k) => {
        const later = new Set(runs.slice(k + 1).flat());
        const again = [...new Set(runs[k])].filter((request) => later.has(request)).length;
        return {
          ...kill,
          sent: runs[k]!.length,
          askedAgain: again,
          ratio: Number(((minimum.total + again) / minimum.total).toFixed(3)),
        };
      });
      expect(all.length).toBe(served); // every request the fake served belongs to a run
      const retried = retries.reduce((a, b) => a + b, 0);
      console.log(
        JSON.stringify({
          engine,
          concurrency: DEFAULT_CONCURRENCY,
          uninterrupted: minimum.total,
          kills: perKill,
          requests: served,
          retried,
          ratio: Number((served / minimum.total).toFixed(3)),
        }),
      );
      expect(served).toBe(minimum.total + perKill.reduce((n, k) => n + k.askedAgain, 0) + retried);
      for (const kill of perKill) {
        expect(kill.askedAgain, kill.during).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
        expect(kill.ratio, kill.during).toBeLessThanOrEqual(1.05);
      }
      // The list and results kills hit a run with several requests in flight.
      expect(Math.max(...perKill.map((k) => k.askedAgain))).toBeGreaterThanOrEqual(2);
    } finally {
      await storage.close();
    }
  }, 600_000);
});
