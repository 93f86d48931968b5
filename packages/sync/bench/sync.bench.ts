/**
 * bench:sync — a season synced from the fake Sports Cloud over loopback HTTP into embedded PGlite, in
 * simulated time at the API's documented limits (1 request/s, burst 60, 5000 a day). Prints one JSON
 * line per scenario:
 * - full: requests against the minimum the API allows (counted from the fake's data: every list page,
 *   one results call per session, session lap, measurement in no session and measurement lap, plus the
 *   202s cold analyses answer), simulated time against the token-bucket bound (requests − burst
 *   seconds), database bytes for results against the API's uncompressed results bytes, peak RSS;
 * - no-change: the re-sync right after, with nothing changed upstream;
 * - late-edit-remove: a day later, after the fake adds late sessions, edits notes and removes one session.
 * Run: npm run bench:sync (or pnpm --filter @sportscloud/sync run bench:sync).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFakeSportsCloud,
  createSimulatedClock,
  DEFAULT_CLOCK_START,
  type SeededSession,
} from '@sportscloud/test-utils';
import { startFakeServer } from '@sportscloud/test-utils/node';
import pg from 'pg';
import { openStorage, SportsCloudSync, type SyncReport } from '../src';
import { minimumRequests } from './minimum';
import { simulate } from './simulate';

const BURST = 60;
const RATE = 1;
const DATASET = {
  // A season: 2 accounts × 20 athletes, 2 teams each with 15 sessions, 10 own measurements per athlete,
  // over 120 days that end when the simulated clock starts (2025-06-02).
  accounts: 2,
  athletesPerAccount: 20,
  teamsPerAccount: 2,
  sessionsPerTeam: 15,
  measurementsPerAthlete: 10,
  startTime: '2025-02-02T00:00:00Z',
  days: 120,
};

const clock = createSimulatedClock(DEFAULT_CLOCK_START, { autoAdvance: false });
const fake = createFakeSportsCloud({ seed: 1, clock, dataset: DATASET, coldRatio: 0.05, failedRatio: 0.02 });
const accounts = fake.data.accounts;

// Coaches create and edit sessions hours or a day later, so the sessions the re-syncs see change are recent:
// the newest three of each account are moved (with their laps and their athletes' recordings, by whole
// days) into the two days before the first sync, inside the default 72 h overlap window.
const DAY = 86_400_000;
const shiftUtc = (iso: string, ms: number) => `${new Date(Date.parse(iso) + ms).toISOString().slice(0, 19)}Z`;
const shiftLocal = (iso: string, ms: number) =>
  `${new Date(Date.parse(`${iso.slice(0, 19)}Z`) + ms).toISOString().slice(0, 19)}${iso.slice(19)}`;
function shiftTimes(
  item: { startTime: string; endTime?: string; startTimeLocal?: string; endTimeLocal?: string },
  ms: number,
) {
  item.startTime = shiftUtc(item.startTime, ms);
  if (item.endTime) item.endTime = shiftUtc(item.endTime, ms);
  if (item.startTimeLocal) item.startTimeLocal = shiftLocal(item.startTimeLocal, ms);
  if (item.endTimeLocal) item.endTimeLocal = shiftLocal(item.endTimeLocal, ms);
}
const byStart = (a: { startTime: string }, b: { startTime: string }) =>
  Date.parse(a.startTime) - Date.parse(b.startTime);
for (const account of accounts) {
  account.sessions.slice(-3).forEach((session, i) => {
    const day = Math.floor(Date.parse(session.startTime) / DAY);
    const shift = (Math.floor(DEFAULT_CLOCK_START / DAY) - (i === 0 ? 2 : 1) - day) * DAY;
    shiftTimes(session, shift);
    for (const lap of session.laps) shiftTimes(lap, shift);
    for (const m of account.measurements.filter((x) => x.sessionId === session.sessionId)) {
      shiftTimes(m, shift);
      for (const lap of m.laps) shiftTimes(lap, shift);
    }
  });
  account.sessions.sort(byStart);
  account.measurements.sort(byStart);
}

// Coaches create two sessions only after the first sync: hidden now, their measurements in no session.
const late: Array<{ account: (typeof accounts)[number]; session: SeededSession; members: number[] }> = [];
for (const account of accounts) {
  const session = account.sessions[account.sessions.length - 2]!;
  account.sessions.splice(account.sessions.indexOf(session), 1);
  const members = account.measurements.filter((m) => m.sessionId === session.sessionId);
  for (const m of members) m.sessionId = 0;
  late.push({ account, session, members: members.map((m) => m.measurementId) });
}
// Every changed session starts inside the window the re-syncs list again (checkpoint − 72 h).
const oldestChanged = Math.min(
  ...accounts.flatMap((a) => a.sessions.slice(-2).map((s) => Date.parse(s.startTime))),
  ...late.map((l) => Date.parse(l.session.startTime)),
);
const overlapHours = 72;
if (oldestChanged < DEFAULT_CLOCK_START - overlapHours * 3_600_000)
  throw new Error('changed sessions outside the overlap');

// Results bytes as the API sends them before any Content-Encoding: ask the fake for identity bodies.
let apiResultsBytes = 0;
const server = await startFakeServer({
  fetch: async (request) => {
    const headers = new Headers(request.headers);
    headers.set('accept-encoding', 'identity');
    const response = await fake.fetch(new Request(request, { headers }));
    if (response.status === 200 && new URL(request.url).pathname.endsWith('/results')) {
      const body = new Uint8Array(await response.arrayBuffer());
      apiResultsBytes += body.length;
      return new Response(body, { status: 200, headers: response.headers });
    }
    return response;
  },
});

// Embedded PGlite by default; SPORTSCLOUD_BENCH_PG=postgres://user@host:port/db runs it on PostgreSQL
// (in a throwaway database created next to the one named, and dropped at the end).
const pgAdmin = process.env.SPORTSCLOUD_BENCH_PG;
const pgName = `sc_bench_sync_${process.pid}`;
const dataDir = pgAdmin ? undefined : await mkdtemp(join(tmpdir(), 'sc-bench-sync-'));
const admin = async (statement: string) => {
  const c = new pg.Client({ connectionString: pgAdmin });
  await c.connect();
  await c.query(statement);
  await c.end();
};
if (pgAdmin) await admin(`create database ${pgName}`);
const storage = await openStorage(
  dataDir ? { dataDir } : { url: pgAdmin!.replace(/\/[^/]*$/, `/${pgName}`) },
);
const engine = dataDir ? 'pglite' : 'postgres';
const client = {
  consumerId: fake.consumerId,
  sharedSecret: fake.sharedSecret,
  apiKey: fake.apiKey,
  baseURL: server.url,
  clock,
  // Loopback takes real milliseconds while simulated time may jump: no per-attempt timeout.
  timeout: 20 * 86_400_000, // the longest a timer holds is ~24.8 days
};

async function measure(name: string) {
  const from = fake.requests.length;
  const throttledBefore = fake.stats().throttled;
  const started = clock.now();
  const realStarted = performance.now();
  // The default overlap window (72 h).
  const sync = new SportsCloudSync({ storage, client });
  const report: SyncReport = await simulate(clock, sync.run(), {
    isBusy: () => sync.busy,
    realTimeoutMs: 1_800_000,
  });
  const served = fake.requests.slice(from);
  const throttled = fake.stats().throttled;
  return {
    name,
    report,
    served,
    requests: served.length,
    seconds: (clock.now() - started) / 1000,
    realSeconds: (performance.now() - realStarted) / 1000,
    throttled429: throttled.burst - throttledBefore.burst + (throttled.daily - throttledBefore.daily),
  };
}

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const bound = (requests: number) => Math.max(0, requests - BURST) / RATE;

// 1. Full season.
const minimum = minimumRequests(fake.data);
const full = await measure('full');
const dbBytes = await storage.resultBytes();
print({
  bench: 'sync',
  scenario: 'full',
  engine,
  requests: full.requests,
  minimumRequests: minimum.total,
  minimum: minimum,
  requestsRatio: round(full.requests / minimum.total),
  simulatedSeconds: full.seconds,
  tokenBucketBoundSeconds: bound(minimum.total),
  timeRatio: round(full.seconds / bound(minimum.total)),
  throttled429: full.throttled429,
  pending202Answers: full.report.requests.pending202,
  failed204: full.report.counts.failed,
  resultSets: full.report.counts.resultSets,
  dbResultBytes: dbBytes,
  apiResultBytes: apiResultsBytes,
  bytesRatio: round(dbBytes / apiResultsBytes),
  peakRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
  memoryAtEndMB: Object.fromEntries(
    Object.entries(process.memoryUsage()).map(([k, v]) => [k, round(v / 1_048_576, 1)]),
  ),
  realSeconds: round(full.realSeconds, 1),
  state: full.report.state,
  targets: {
    requests: full.requests <= 1.05 * minimum.total,
    time: full.seconds <= 1.1 * bound(minimum.total),
    no429: full.throttled429 === 0,
    bytes: dbBytes <= apiResultsBytes,
  },
  method:
    'fake over loopback HTTP, simulated clock; minimum counted from the fake data; bound = (minimum - 60 burst) s at 1 token/s; db bytes = pg_total_relation_size of the result tables; api bytes = identity-encoded results bodies',
});

// 2. No change upstream.
const fingerprint = await storage.dataFingerprint();
const same = await measure('no-change');
const lists = minimumRequests(fake.data).lists;
const unchanged = (await storage.dataFingerprint()) === fingerprint;
print({
  bench: 'sync',
  scenario: 'no-change',
  requests: same.requests,
  updateCalls: lists,
  resultsRequests: same.served.filter((r) => r.operation?.endsWith('Results')).length,
  dataRowsWritten: unchanged ? 0 : 'some',
  overlapHours,
  simulatedSeconds: same.seconds,
  // The full sync left the bucket empty: every request waits for its token.
  tokenBucketBoundSeconds: same.requests / RATE,
  timeRatio: round(same.seconds / (same.requests / RATE)),
  throttled429: same.throttled429,
  targets: {
    onlyUpdateCalls: same.requests === lists,
    noRowsWritten: unchanged,
    no429: same.throttled429 === 0,
  },
});

const rows = async (text: string) =>
  ((await storage.db.execute(text as never)) as unknown as { rows: Array<Record<string, unknown>> }).rows;

// 3. A day later: late sessions appear, notes are edited, one session is deleted.
await clock.advance(86_400_000);
for (const { account, session, members } of late) {
  account.sessions.push(session);
  account.sessions.sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
  for (const m of account.measurements)
    if (members.includes(m.measurementId)) m.sessionId = session.sessionId;
}
const edited = accounts.map((a) => a.sessions[a.sessions.length - 3]!);
for (const s of edited) s.notes = `Edited by the coach: ${s.sessionId}`;
const removedAccount = accounts[0]!;
const removed = removedAccount.sessions[removedAccount.sessions.length - 1]!;
removedAccount.sessions.splice(removedAccount.sessions.indexOf(removed), 1);
const orphans = removedAccount.measurements.filter((m) => m.sessionId === removed.sessionId);
for (const m of orphans) m.sessionId = 0;
// 204s stored by the full sync come due again (first backoff: 6 h): one request per failed measurement in
// no session, and one per failed lap of a measurement that is not itself retried.
const failedRetries = (
  await rows(`select
    (select count(*)::int from sc_measurements where results_state = 'failed') +
    (select count(*)::int from sc_measurement_laps l where results_state = 'failed' and not exists (
      select 1 from sc_measurements m where m.account_id = l.account_id and m.measurement_id = l.measurement_id
      and m.results_state = 'failed')) +
    (select count(*)::int from sc_sessions where results_state = 'failed') as n`)
)[0]!.n as number;
const changed = await measure('late-edit-remove');
const lateIds = late.map((l) => l.session.sessionId);
const lateStored = await rows(
  `select count(*)::int as n from sc_result_sets where source = 'session' and session_id in (${lateIds.join(',')})`,
);
const lateMembers = late.reduce((n, l) => n + l.members.length, 0);
const editedStored = await rows(
  `select count(*)::int as n from sc_sessions where session_id in (${edited.map((s) => s.sessionId).join(',')}) and notes like 'Edited by the coach:%'`,
);
const removedRow = await rows(`select removed_at from sc_sessions where session_id = ${removed.sessionId}`);
const changeMinimum =
  lists +
  failedRetries +
  late.reduce((n, l) => n + 1 + l.session.laps.length, 0) +
  late.filter((l) => fake.data.analysis.sessions.get(l.session.sessionId) === 'cold').length * 2 +
  edited.length +
  orphans.filter((m) => fake.data.analysis.measurements.get(m.measurementId) !== 'cold').length +
  orphans.filter((m) => fake.data.analysis.measurements.get(m.measurementId) === 'cold').length * 3;
print({
  bench: 'sync',
  scenario: 'late-edit-remove',
  requests: changed.requests,
  minimumRequests: changeMinimum,
  requestsRatio: round(changed.requests / changeMinimum),
  byOperation: Object.fromEntries(
    Object.entries(
      changed.served.reduce<Record<string, number>>((acc, r) => {
        acc[r.operation ?? '?'] = (acc[r.operation ?? '?'] ?? 0) + 1;
        return acc;
      }, {}),
    ),
  ),
  failed204Retries: failedRetries,
  lateSessions: late.length,
  lateMeasurementsFromSessions: `${lateStored[0]!.n}/${lateMembers}`,
  editedNotesStored: `${editedStored[0]!.n}/${edited.length}`,
  removalMarked: removedRow[0]?.removed_at != null,
  removedSessionStillStored: removedRow.length === 1,
  overlapHours,
  simulatedSeconds: changed.seconds,
  // A day later the bucket is full again: the first 60 requests go at once.
  tokenBucketBoundSeconds: bound(changeMinimum),
  timeRatio: round(changed.seconds / Math.max(1, bound(changeMinimum))),
  throttled429: changed.throttled429,
  targets: {
    requests: changed.requests <= 1.05 * changeMinimum,
    time: changed.seconds <= 1.1 * Math.max(1, bound(changeMinimum)),
    lateAndEditedPickedUp: lateStored[0]!.n === lateMembers && editedStored[0]!.n === edited.length,
    removalMarked: removedRow[0]?.removed_at != null,
    no429: changed.throttled429 === 0,
  },
});

await storage.close();
await server.close();
if (dataDir) await rm(dataDir, { recursive: true, force: true });
else await admin(`drop database if exists ${pgName} with (force)`);
