import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_RESULT_VARIABLES,
  NotFoundError,
  RESULT_SCALARS,
  ResponseTooLargeError,
  SportsCloudClient,
} from '../../../src';
import { createResultsSplitting, fetchSplitResults } from '../../../src/endpoints/results/split-results';
import type { ClientEvents } from '../../../src/internal/events';
import { manualClock, runUntilSettled } from '../../support/manual-clock';
import { CREDENTIALS, json, type SeenRequest, scriptedFetch } from '../../support/scripted-fetch';

// ---- a fake Sports Cloud serving results computed from a fixed dataset ----

const BASE = 'https://api.test/v1';
const ACCOUNT = '3-12345';
const TEAM = 5;

interface SeriesSpec {
  type: 'Float' | 'Unsigned';
  bits: 8 | 16 | 64;
  length: number;
  unit?: string;
  samplingRate?: string;
}
const SERIES: Record<string, SeriesSpec> = {
  heartRateSeries: { type: 'Unsigned', bits: 8, length: 60, unit: 'min⁻¹', samplingRate: '0.2Hz' },
  epocSeries: { type: 'Float', bits: 64, length: 60, unit: 'ml/kg', samplingRate: '0.2Hz' },
  energyConsumptionSeries: { type: 'Unsigned', bits: 16, length: 60, unit: 'kcal/h', samplingRate: '0.2Hz' },
  trimpSeries: { type: 'Float', bits: 64, length: 60, samplingRate: '0.2Hz' },
  heartRateSeries1s: { type: 'Unsigned', bits: 8, length: 300, unit: 'min⁻¹', samplingRate: '1Hz' },
  hfSeries: { type: 'Float', bits: 64, length: 120, unit: 'ms²', samplingRate: '1Hz' },
  rriSeries: { type: 'Unsigned', bits: 16, length: 300, unit: 'ms' },
  artifactCorrectedRrVector: { type: 'Float', bits: 64, length: 200, unit: 'ms' },
};
const DEFAULT_SERIES = ['heartRateSeries', 'epocSeries', 'energyConsumptionSeries', 'trimpSeries'];
const SCALARS = [
  'acwr',
  'heartRateAverage',
  'heartRatePeak',
  'trimp',
  'epocPeak',
  'zone1Time',
  'zone2Time',
  'vo2max',
  'rmssd',
  'energyConsumptionTotal',
  'movementIntensityHighest1min',
  'trimpPerMinHighest30s',
];
const HEAVY = ['heartRateSeries1s', 'hfSeries', 'rriSeries', 'artifactCorrectedRrVector'];

interface Span {
  startTime: string;
  startTimeLocal: string;
  endTime: string;
  endTimeLocal: string;
}
function span(start: string, end: string): Span {
  const local = (t: string) => t.replace('Z', '+02:00').replace(/T(\d{2})/, (_, h) => `T${Number(h) + 2}`);
  return { startTime: start, startTimeLocal: local(start), endTime: end, endTimeLocal: local(end) };
}

const labels = { exerciseType: 'Football', sportsType: 'football', eventType: 'training', notes: 'n' };
const MEASUREMENTS = [
  {
    measurementId: 101,
    athleteId: 11,
    sessionId: 900,
    ...span('2026-11-20T09:58:00Z', '2026-11-20T12:01:00Z'),
  },
  {
    measurementId: 102,
    athleteId: 12,
    sessionId: 900,
    ...span('2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z'),
  },
  {
    measurementId: 103,
    athleteId: 13,
    sessionId: 900,
    ...span('2026-11-20T10:05:00Z', '2026-11-20T11:55:00Z'),
  },
  {
    measurementId: 104,
    athleteId: 11,
    sessionId: 0,
    ...span('2026-11-20T08:00:00Z', '2026-11-20T08:30:00Z'),
  },
  {
    measurementId: 105,
    athleteId: 12,
    sessionId: 901,
    ...span('2026-11-19T18:00:00Z', '2026-11-19T19:00:00Z'),
  },
].map((m) => ({ ...m, measurementType: 'exercise', ...labels }));
const SESSIONS = [
  { sessionId: 901, athleteIds: [12], ...span('2026-11-19T18:00:00Z', '2026-11-19T19:00:00Z') },
  { sessionId: 900, athleteIds: [11, 12, 13], ...span('2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z') },
  { sessionId: 902, athleteIds: [13], ...span('2026-11-21T10:00:00Z', '2026-11-21T12:00:00Z') },
];

type Variable = Record<string, unknown> & { name: string };
/** Per measurement and lap (0: the whole measurement): every variable, binary and list forms. */
const DATA = new Map<string, { binary: Variable[]; list: Variable[] }>();

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

async function zlibBase64(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  const compressed = new Uint8Array(await new Response(stream).arrayBuffer());
  let text = '';
  for (const byte of compressed) text += String.fromCharCode(byte);
  return btoa(text);
}

async function variablesOf(measurementId: number, lapId: number) {
  const next = random(measurementId * 97 + lapId * 13 + 1);
  const binary: Variable[] = [];
  const list: Variable[] = [];
  for (const name of SCALARS) {
    const value = name.startsWith('heartRate')
      ? 60 + Math.floor(next() * 120)
      : Math.round(next() * 1e4) / 100;
    const scalar = { name, ...(name === 'acwr' ? {} : { unit: 'min⁻¹' }), value };
    binary.push(scalar);
    list.push(scalar);
  }
  for (const [name, spec] of Object.entries(SERIES)) {
    const values = Array.from({ length: spec.length }, () =>
      spec.type === 'Float'
        ? Math.round(next() * 1e5) / 100
        : Math.floor(next() * (spec.bits === 8 ? 200 : 2000)),
    );
    const bytes = new Uint8Array(values.length * (spec.bits / 8));
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => {
      if (spec.type === 'Float') view.setFloat64(i * 8, v, false);
      else if (spec.bits === 16) view.setUint16(i * 2, v, false);
      else view.setUint8(i, v);
    });
    const head = {
      name,
      ...(spec.unit ? { unit: spec.unit } : {}),
      ...(spec.samplingRate ? { samplingRate: spec.samplingRate } : {}),
      type: spec.type,
      bits: spec.bits,
    };
    binary.push({ ...head, value: await zlibBase64(bytes) });
    list.push({ ...head, value: values });
  }
  return { binary, list };
}

beforeAll(async () => {
  for (const m of MEASUREMENTS) {
    for (const lap of [0, 1]) DATA.set(`${m.measurementId}:${lap}`, await variablesOf(m.measurementId, lap));
  }
});

/** The API's order: scalars, then series, each by name. */
function canonical(variables: Variable[]): Variable[] {
  const rank = (v: Variable) => ('type' in v ? 1 : 0);
  return [...variables].sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function select(measurementId: number, lapId: number, url: URL): Variable[] {
  const data = DATA.get(`${measurementId}:${lapId}`)!;
  const all = url.searchParams.get('format') === 'list' ? data.list : data.binary;
  const wanted = url.searchParams.get('var');
  const names = wanted === null ? [...SCALARS, ...DEFAULT_SERIES] : wanted.split(',');
  return canonical(all.filter((v) => names.includes(v.name)));
}

interface Logged {
  path: string;
  status: number;
  vars: string | null;
  format: string | null;
  bytes: number;
}

/** Answers `tooLarge` (413 by default) when a 200 body would be longer than `limit` bytes. */
function fakeApi(options: { limit?: number; tooLarge?: number } = {}) {
  const state = { limit: options.limit ?? Number.POSITIVE_INFINITY, tooLarge: options.tooLarge ?? 413 };
  const log: Logged[] = [];
  const encoder = new TextEncoder();
  const answer = (url: URL, body: unknown): Response => {
    const text = JSON.stringify(body);
    const bytes = encoder.encode(text).length;
    const status = bytes > state.limit ? state.tooLarge : 200;
    log.push({
      path: url.pathname,
      status,
      vars: url.searchParams.get('var'),
      format: url.searchParams.get('format'),
      bytes,
    });
    return status === 200 ? json(body) : json({ message: 'Response Too Large' }, { status });
  };
  const lapOf = (lapId: number) => (lapId ? { lapId, name: `Lap ${lapId}` } : {});
  const routes: [RegExp, (url: URL, match: RegExpMatchArray) => Response][] = [
    [
      /^\/v1\/sports\/accounts\/[\d-]+\/athletes\/(\d+)\/measurements$/,
      (url, match) => {
        const from = Date.parse(url.searchParams.get('fromTime') ?? '1970-01-01T00:00:00Z');
        const to = Date.parse(url.searchParams.get('toTime') ?? '2100-01-01T00:00:00Z');
        const measurements = MEASUREMENTS.filter((m) => {
          const start = Date.parse(m.startTime);
          return m.athleteId === Number(match[1]) && start >= from && start < to;
        });
        return answer(url, { measurements, more: false });
      },
    ],
    [
      /^\/v1\/sports\/accounts\/[\d-]+\/athletes\/\d+\/measurements\/(\d+)(?:\/laps\/(\d+))?\/results$/,
      (url, match) => {
        const m = MEASUREMENTS.find((x) => x.measurementId === Number(match[1]))!;
        const lapId = Number(match[2] ?? 0);
        return answer(url, { ...m, ...lapOf(lapId), variables: select(m.measurementId, lapId, url) });
      },
    ],
    [
      /^\/v1\/sports\/accounts\/[\d-]+\/teams\/\d+\/sessions$/,
      (url) => {
        // One session a page, to check that every page is read.
        const offset = Number(url.searchParams.get('offset') ?? 0);
        return answer(url, {
          sessions: SESSIONS.slice(offset, offset + 1),
          more: offset + 1 < SESSIONS.length,
        });
      },
    ],
    [
      /^\/v1\/sports\/accounts\/[\d-]+\/teams\/\d+\/sessions\/(\d+)(?:\/laps\/(\d+))?\/results$/,
      (url, match) => {
        const lapId = Number(match[2] ?? 0);
        const measurements = MEASUREMENTS.filter((m) => m.sessionId === Number(match[1])).map(
          ({ measurementType: _, ...m }) => ({
            ...m,
            ...lapOf(lapId),
            variables: select(m.measurementId, lapId, url),
          }),
        );
        return answer(url, { measurements });
      },
    ],
  ];
  const responder = ({ url }: SeenRequest): Response => {
    for (const [pattern, handle] of routes) {
      const match = url.pathname.match(pattern);
      if (match) return handle(url, match);
    }
    return json({ message: 'not found' }, { status: 404 });
  };
  const server = scriptedFetch(responder);
  return { ...server, log, state };
}

function setup(options: { limit?: number; tooLarge?: number; client?: Record<string, unknown> } = {}) {
  const api = fakeApi(options);
  const clock = manualClock();
  const client = new SportsCloudClient({
    ...CREDENTIALS,
    baseURL: BASE,
    fetch: api.fetch,
    clock,
    random: () => 0.5,
    ...(options.limit !== undefined ? { responseLimitBytes: options.limit } : {}),
    ...options.client,
  });
  const splits: ClientEvents['split'][] = [];
  client.on('split', (event) => splits.push(event));
  const run = <T>(promise: Promise<T>) => runUntilSettled(clock, promise);
  const tooLarge = () => api.log.filter((l) => l.status !== 200).length;
  return { api: { ...api, client }, clock, run, splits, tooLarge };
}

/** The unsplit result, from a server without a limit. */
async function reference<T>(
  call: (client: SportsCloudClient) => Promise<T>,
): Promise<{ result: T; bytes: number }> {
  const { api, run } = setup();
  const result = await run(call(api.client));
  expect(api.log.every((l) => l.status === 200)).toBe(true);
  return { result, bytes: Math.max(...api.log.map((l) => l.bytes)) };
}

const measurement = { accountId: ACCOUNT, athleteId: 11, measurementId: 101 };
const session = { accountId: ACCOUNT, teamId: TEAM, sessionId: 900 };
const MIXED = ['trimp', 'heartRateAverage', 'vo2max', ...DEFAULT_SERIES, ...HEAVY];
const SESSION_MIXED = [
  'trimp',
  'heartRateAverage',
  'heartRateSeries',
  'epocSeries',
  'hfSeries',
  'rriSeries',
  'heartRateSeries1s',
];

type Call = (client: SportsCloudClient) => Promise<unknown>;
const CASES: [string, Call][] = [
  ['measurement results, vars', (c) => c.measurements.results({ ...measurement, vars: MIXED })],
  ['measurement results, default set', (c) => c.measurements.results(measurement)],
  [
    'measurement lap results, vars',
    (c) => c.measurements.lapResults({ ...measurement, lapId: 1, vars: MIXED }),
  ],
  [
    'measurement results, format list',
    (c) => c.measurements.results({ ...measurement, vars: MIXED, format: 'list' }),
  ],
  ['session results, vars', (c) => c.sessions.results({ ...session, vars: SESSION_MIXED })],
  ['session results, default set', (c) => c.sessions.results(session)],
  ['session lap results, vars', (c) => c.sessions.lapResults({ ...session, lapId: 1, vars: SESSION_MIXED })],
  [
    'session results, format list',
    (c) => c.sessions.results({ ...session, vars: SESSION_MIXED, format: 'list' }),
  ],
];

describe('results over the response limit are split and merged', () => {
  it.each(CASES)('%s: equals the unsplit result, then is pre-split without a 413', async (_, call) => {
    const { result: expected, bytes } = await reference(call);
    const { api, run, splits, tooLarge } = setup({ limit: Math.floor(bytes * 0.6) });

    await expect(run(call(api.client))).resolves.toEqual(expected);
    expect(tooLarge()).toBeGreaterThan(0);
    expect(splits.some((e) => e.reason === 'too-large' && e.parts === 2)).toBe(true);
    expect(splits.some((e) => e.reason === 'per-athlete')).toBe(false);

    // The sizes learnt from the parts split the identical request before it is sent.
    api.log.length = 0;
    splits.length = 0;
    await expect(run(call(api.client))).resolves.toEqual(expected);
    expect(tooLarge()).toBe(0);
    expect(splits).toEqual([expect.objectContaining({ reason: 'estimate' })]);
    expect(splits[0]!.parts).toBeGreaterThan(1);
  });

  it('a request without vars is re-expressed as the default set: 4 series and the documented scalars', async () => {
    expect(DEFAULT_RESULT_VARIABLES.slice(0, 4)).toEqual(DEFAULT_SERIES);
    expect(RESULT_SCALARS).toHaveLength(100);
    expect(new Set(DEFAULT_RESULT_VARIABLES).size).toBe(104);
    const { api, run } = setup({ limit: 1_500 });
    await run(api.client.measurements.results(measurement));
    const [first, ...parts] = api.log;
    expect(first).toMatchObject({ vars: null, status: 413 });
    const asked = parts.filter((l) => l.status === 200).flatMap((l) => l.vars!.split(','));
    expect(asked.sort()).toEqual([...DEFAULT_RESULT_VARIABLES].sort());
  });

  it('format list: the decoded result is the same as binary, and a 413 is retried as binary first', async () => {
    const list = await reference((c) =>
      c.measurements.results({ ...measurement, vars: MIXED, format: 'list' }),
    );
    const binary = await reference((c) => c.measurements.results({ ...measurement, vars: MIXED }));
    expect(list.result).toEqual(binary.result);

    // Binary fits, list does not: one retry as binary, no split.
    const { api, run, splits } = setup({ limit: Math.floor((list.bytes + binary.bytes) / 2) });
    const result = await run(
      api.client.measurements.results({ ...measurement, vars: MIXED, format: 'list' }),
    );
    expect(result).toEqual(binary.result);
    expect(api.log.map((l) => [l.status, l.format])).toEqual([
      [413, 'list'],
      [200, 'binary'],
    ]);
    expect(splits).toEqual([]);
    // Remembered: the identical request goes as binary straight away (pre-split too, as binary is
    // within the limit but over the 80 % an estimate may fill).
    api.log.length = 0;
    await run(api.client.measurements.results({ ...measurement, vars: MIXED, format: 'list' }));
    expect(api.log.length).toBeGreaterThan(0);
    expect(api.log.every((l) => l.status === 200 && l.format === 'binary')).toBe(true);
  });

  it('merged variables are in the API order; a result that was not split is returned as sent', async () => {
    const sent = {
      athleteId: 11,
      measurementId: 101,
      variables: [
        { name: 'trimp', value: 1 },
        { name: 'acwr', value: 2 },
      ],
    };
    const clock = manualClock();
    const { fetch } = scriptedFetch(() => json(sent));
    const client = new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, fetch, clock });
    const result = await runUntilSettled(
      clock,
      client.measurements.results({ ...measurement, vars: ['trimp', 'acwr'] }),
    );
    expect(result.variables.map((v) => v.name)).toEqual(['trimp', 'acwr']);
  });

  it('419 (spec 1.0.0) is handled like 413', async () => {
    const call: Call = (c) => c.sessions.results({ ...session, vars: SESSION_MIXED });
    const { result: expected, bytes } = await reference(call);
    const { api, run, splits } = setup({ limit: Math.floor(bytes * 0.6), tooLarge: 419 });
    await expect(run(call(api.client))).resolves.toEqual(expected);
    expect(api.log.some((l) => l.status === 419)).toBe(true);
    expect(splits.some((e) => e.reason === 'too-large')).toBe(true);
  });

  it('504 on several variables is split once its retries are spent', async () => {
    const call: Call = (c) => c.measurements.results({ ...measurement, vars: MIXED });
    const { result: expected, bytes } = await reference(call);
    const { api, run, splits } = setup({ limit: Math.floor(bytes * 0.6), tooLarge: 504 });
    await expect(run(call(api.client))).resolves.toEqual(expected);
    // The whole list was tried 1 + maxRetries (2) times before it was split.
    expect(api.log.filter((l) => l.vars === MIXED.join(',')).map((l) => l.status)).toEqual([504, 504, 504]);
    expect(splits[0]).toEqual({ operation: 'measurements.results', reason: 'too-large', parts: 2 });
  });

  it('an unseen scalar is assumed small (still pre-split); an unseen series means the request is probed', async () => {
    const { api, run, splits, tooLarge } = setup({ limit: 3_000 });
    const seen = MIXED.filter((name) => name !== 'rriSeries');
    await run(api.client.measurements.results({ ...measurement, vars: seen }));

    api.log.length = 0;
    splits.length = 0;
    await run(api.client.measurements.results({ ...measurement, vars: [...seen, 'rmssd'] }));
    expect(tooLarge()).toBe(0);
    expect(splits).toEqual([expect.objectContaining({ reason: 'estimate' })]);

    api.log.length = 0;
    await run(api.client.measurements.results({ ...measurement, vars: MIXED }));
    expect(api.log[0]).toMatchObject({ status: 413, vars: MIXED.join(',') });
    expect(tooLarge()).toBeGreaterThan(0);
  });

  it('session results: the roster scales what was learnt from sessions of other sizes', async () => {
    const oneAthlete = await reference((c) => c.sessions.results({ ...session, sessionId: 901 }));
    const threeAthletes = await reference((c) => c.sessions.results(session));
    const { api, run, splits, tooLarge } = setup({
      limit: Math.floor((oneAthlete.bytes + threeAthletes.bytes) / 2),
    });
    await run(api.client.sessions.results({ ...session, sessionId: 901, athleteIds: [12] }));
    expect(tooLarge()).toBe(0);

    const result = await run(api.client.sessions.results({ ...session, athleteIds: [11, 12, 13] }));
    expect(result).toEqual({ ...(threeAthletes.result as object), missingAthleteIds: [] });
    expect(tooLarge()).toBe(0);
    expect(splits).toEqual([expect.objectContaining({ reason: 'estimate' })]);
  });
});

describe('one variable too large', () => {
  it('session results fall back to per-athlete measurement results', async () => {
    const vars = ['trimp', 'artifactCorrectedRrVector', 'heartRateSeries'];
    const call: Call = (c) => c.sessions.results({ ...session, vars });
    const { result: expected } = await reference(call);
    const { api, run, splits } = setup({ limit: 3_000 });

    await expect(run(call(api.client))).resolves.toEqual(expected);
    expect(splits).toContainEqual({ operation: 'sessions.results', reason: 'per-athlete', parts: 3 });
    // sessions.list was paged until session 900 (on page 2) was found: its athletes and time span…
    expect(api.seen.filter((r) => r.url.pathname.endsWith('/sessions')).map((r) => r.url.search)).toEqual([
      '',
      '?offset=1',
    ]);
    // …each athlete's measurements listed from a day before its start to a second after its end…
    const listed = api.seen.filter((r) => r.url.pathname.endsWith('/measurements'));
    expect(listed.map((r) => r.url.pathname.split('/')[6])).toEqual(['11', '12', '13']);
    for (const r of listed) {
      expect(r.url.searchParams.get('fromTime')).toBe('2026-11-19T10:00:00.000Z');
      expect(r.url.searchParams.get('toTime')).toBe('2026-11-20T12:00:01.000Z');
    }
    // …and only the measurements of that session asked for the variable (not 104 of session 0 nor 105 of 901).
    const perAthlete = api.log.filter((l) => /measurements\/\d+\/results$/.test(l.path));
    expect(perAthlete.map((l) => [l.path.split('/').at(-2), l.vars, l.status])).toEqual([
      ['101', 'artifactCorrectedRrVector', 200],
      ['102', 'artifactCorrectedRrVector', 200],
      ['103', 'artifactCorrectedRrVector', 200],
    ]);
    const second = (await run(api.client.sessions.results({ ...session, vars }))).measurements;
    expect(second).toEqual((expected as { measurements: unknown[] }).measurements);
    expect(second[0]).not.toHaveProperty('measurementType');
  });

  it('per athlete: measurements whose analysis failed are left out; an unknown session is an error', async () => {
    const clock = manualClock();
    const { fetch, seen } = scriptedFetch(({ url }) => {
      const path = url.pathname;
      if (/\/sessions\/\d+\/results$/.test(path)) return json({ message: 'too large' }, { status: 413 });
      if (path.endsWith('/sessions')) {
        return json({ sessions: [{ sessionId: 7, athleteIds: [1, 2], startTime: '2026-11-20T10:00:00' }] });
      }
      const athlete = Number(path.split('/')[6]);
      if (path.endsWith('/measurements')) {
        return json({ measurements: [{ athleteId: athlete, measurementId: 70 + athlete, sessionId: 7 }] });
      }
      if (athlete === 1) return new Response(null, { status: 204 });
      return json({
        athleteId: 2,
        measurementId: 72,
        measurementType: 'exercise',
        variables: [{ name: 'trimp', value: 3 }],
      });
    });
    const client = new SportsCloudClient({ ...CREDENTIALS, baseURL: BASE, fetch, clock });
    const result = await runUntilSettled(
      clock,
      client.sessions.results({ accountId: ACCOUNT, teamId: TEAM, sessionId: 7, vars: ['trimp'] }),
    );
    expect(result).toEqual({
      measurements: [
        { athleteId: 2, sessionId: 7, measurementId: 72, variables: [{ name: 'trimp', value: 3 }] },
      ],
    });
    // No end time: the measurements are listed from a day before the start, without an upper bound.
    const listed = seen.find((r) => r.url.pathname.endsWith('/measurements'))!;
    expect([...listed.url.searchParams]).toEqual([['fromTime', '2026-11-19T10:00:00.000Z']]);

    const error = await runUntilSettled(
      clock,
      client.sessions
        .results({ accountId: ACCOUNT, teamId: TEAM, sessionId: 8, vars: ['trimp'] })
        .catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/session 8 is not in sessions.list/);
  });

  it('measurement results: a ResponseTooLargeError naming the variable', async () => {
    const { api, run } = setup({ limit: 1_000 });
    const error = await run(
      api.client.measurements
        .results({ ...measurement, vars: ['trimp', 'artifactCorrectedRrVector'] })
        .catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ code: 'response_too_large', status: 413 });
    expect((error as Error).message).toMatch(
      /artifactCorrectedRrVector alone exceeds the response limit; one variable of one measurement/,
    );
  });

  it('session lap results: no faithful fallback, the error says so', async () => {
    const { api, run, splits } = setup({ limit: 3_000 });
    const error = await run(
      api.client.sessions
        .lapResults({ ...session, lapId: 1, vars: ['trimp', 'artifactCorrectedRrVector'] })
        .catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/session lap results have no per-athlete fallback/);
    expect(splits.some((e) => e.reason === 'per-athlete')).toBe(false);
  });
});

describe('the split mechanism', () => {
  const tooLarge = () => new ResponseTooLargeError('GET …/results → 413', { status: 413 });

  it('gives up at the depth cap', async () => {
    const splitting = createResultsSplitting({ maxDepth: 3 });
    let calls = 0;
    const error = await fetchSplitResults(splitting, {
      operation: 'measurements.results',
      kind: 'measurement',
      vars: Array.from({ length: 64 }, (_, i) => `v${i}`),
      format: undefined,
      fetch: async () => {
        calls++;
        throw tooLarge();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/still too large after splitting 3 times/);
    expect((error as Error).cause).toBeInstanceOf(ResponseTooLargeError);
    expect(calls).toBeLessThanOrEqual(1 + 2 + 4 + 8);
  });

  it('a part that fails otherwise fails the call and cancels the other parts', async () => {
    const splitting = createResultsSplitting();
    const aborted: string[] = [];
    const error = await fetchSplitResults(splitting, {
      operation: 'measurements.results',
      kind: 'measurement',
      vars: ['a', 'b'],
      format: undefined,
      fetch: (vars, _format, signal) => {
        if (vars?.length === 2) return Promise.reject(tooLarge());
        if (vars?.[0] === 'b') return Promise.reject(new NotFoundError('gone', { status: 404 }));
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => {
            aborted.push(vars![0]!);
            reject(signal.reason);
          }),
        );
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(aborted).toEqual(['a']);
  });

  it('the caller can abort every part', async () => {
    const splitting = createResultsSplitting();
    const controller = new AbortController();
    const pending = fetchSplitResults(splitting, {
      operation: 'measurements.results',
      kind: 'measurement',
      vars: ['a'],
      format: undefined,
      signal: controller.signal,
      fetch: (_vars, _format, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow();
  });
});

// ---- economy: synthetic results of controlled sizes, through the split mechanism alone ----

/** Bytes per athlete-minute of the default series (their proportions as in the API). */
const SERIES_RATE: Record<string, number> = {
  heartRateSeries: 15,
  epocSeries: 100,
  energyConsumptionSeries: 26,
  trimpSeries: 110,
};
const DEFAULT_SCALARS = RESULT_SCALARS.slice(0, 55);

interface Subject {
  id: number;
  athletes: number;
  minutes: number;
  /** Scalars it has (default: 55 of the documented ones). */
  scalars?: readonly string[];
  /** Series it has (default: the four default series). */
  series?: readonly string[];
}

function variablesFor(subject: Subject, athlete: number, names: ReadonlySet<string> | undefined) {
  const scalars = (subject.scalars ?? DEFAULT_SCALARS).map((name, i) => ({
    name,
    unit: 'min⁻¹',
    value: Math.round((subject.id * 7 + athlete * 3 + i) % 1000) / 10,
  }));
  const series = (subject.series ?? Object.keys(SERIES_RATE)).map((name) => ({
    name,
    samplingRate: '0.2Hz',
    type: 'Float',
    bits: 64,
    value: String.fromCharCode(65 + ((subject.id + athlete) % 26)).repeat(
      Math.round((SERIES_RATE[name] ?? 100) * subject.minutes),
    ),
  }));
  // The API's order: scalars, then series, each by name.
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
  const all = [...scalars.sort(byName), ...series.sort(byName)];
  return names ? all.filter((v) => names.has(v.name)) : all;
}

function bodyOf(kind: 'measurement' | 'session', subject: Subject, vars: readonly string[] | undefined) {
  const names = vars ? new Set(vars) : undefined;
  if (kind === 'measurement') {
    return { athleteId: 1, measurementId: subject.id, variables: variablesFor(subject, 0, names) };
  }
  return {
    measurements: Array.from({ length: subject.athletes }, (_, a) => ({
      athleteId: a + 1,
      sessionId: subject.id,
      measurementId: subject.id * 100 + a,
      variables: variablesFor(subject, a, names),
    })),
  };
}

/** A results API over `subjects`, answering 413 above `limit`; every request logged. */
function syntheticApi(kind: 'measurement' | 'session', limit: number) {
  const log: { id: number; vars: readonly string[] | undefined; status: number }[] = [];
  const splitting = createResultsSplitting({ limitBytes: limit });
  const splits: ClientEvents['split'][] = [];
  splitting.events.on('split', (event) => splits.push(event));
  const fetchFor =
    (subject: Subject) =>
    async (vars: readonly string[] | undefined): Promise<Record<string, unknown>> => {
      await Promise.resolve();
      const body = bodyOf(kind, subject, vars);
      const status = new TextEncoder().encode(JSON.stringify(body)).length > limit ? 413 : 200;
      log.push({ id: subject.id, vars, status });
      if (status === 413) {
        throw new ResponseTooLargeError('GET …/results → 413', { status: 413 });
      }
      return body;
    };
  const call = (subject: Subject, extra: { vars?: readonly string[]; athletes?: number } = {}) =>
    fetchSplitResults(splitting, {
      operation: kind === 'measurement' ? 'measurements.results' : 'sessions.results',
      kind,
      vars: extra.vars,
      format: undefined,
      ...(extra.athletes !== undefined ? { athletes: extra.athletes } : {}),
      fetch: fetchFor(subject),
    });
  const tooLarge = () => log.filter((l) => l.status === 413).length;
  return { splitting, log, splits, call, tooLarge };
}

function sizeOf(kind: 'measurement' | 'session', subject: Subject): number {
  return new TextEncoder().encode(JSON.stringify(bodyOf(kind, subject, undefined))).length;
}

describe('economy of splitting', () => {
  it('never asks the same request twice, whatever the sizes and the order they come in', async () => {
    const limit = 100_000;
    const subject = fc.record({
      athletes: fc.integer({ min: 1, max: 12 }),
      minutes: fc.integer({ min: 5, max: 160 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(subject, { minLength: 1, maxLength: 8 }), async (subjects) => {
        const api = syntheticApi('session', limit);
        for (const [i, s] of subjects.entries()) {
          const one = { id: 300 + i, ...s };
          // Complete, or (a long session of many athletes) one series alone over the limit.
          const outcome = await api.call(one).catch((error: unknown) => error);
          if (outcome instanceof ResponseTooLargeError) expect(outcome.message).toMatch(/alone exceeds/);
          else expect(outcome).toEqual(bodyOf('session', one, undefined));
        }
        const asked = api.log.map((l) => `${l.id} ${JSON.stringify(l.vars)}`);
        expect(new Set(asked).size).toBe(asked.length);
      }),
      { numRuns: 40, seed: 15 },
    );
  });

  it('no needless pre-split: sizes are typical per response, not the largest ever seen per variable', async () => {
    // A night measurement: long series, few scalars; an exercise: short series, many scalars.
    const night: Subject = { id: 1, athletes: 1, minutes: 30, scalars: DEFAULT_SCALARS.slice(0, 3) };
    const exercise: Subject = { id: 2, athletes: 1, minutes: 2, scalars: RESULT_SCALARS };
    const limit = 10_000;
    expect(sizeOf('measurement', night)).toBeGreaterThan(limit * 0.8);
    expect(sizeOf('measurement', night)).toBeLessThan(limit);
    expect(sizeOf('measurement', exercise)).toBeLessThan(limit * 0.8);
    const api = syntheticApi('measurement', limit);
    for (const subject of [
      night,
      exercise,
      { ...exercise, id: 3 },
      { ...night, id: 4 },
      { ...exercise, id: 5 },
    ]) {
      await expect(api.call(subject)).resolves.toEqual(bodyOf('measurement', subject, undefined));
    }
    // Each asked once, whole (`var` absent): the old max-per-variable sum (night series + exercise
    // scalars) was over 80 % of the limit and split every one of them.
    expect(api.log.map((l) => [l.id, l.vars, l.status])).toEqual([
      [1, undefined, 200],
      [2, undefined, 200],
      [3, undefined, 200],
      [4, undefined, 200],
      [5, undefined, 200],
    ]);
    expect(api.splits).toEqual([]);
  });

  it('a default-set request too large is split along the sizes of its variables, not their count', async () => {
    // About 1.6 × the limit, 90 % of it in two of the four series: halving by count (series first)
    // would keep the heavy series together and fail again and again.
    const subject: Subject = { id: 1, athletes: 1, minutes: 60, scalars: RESULT_SCALARS };
    const limit = Math.floor(sizeOf('measurement', subject) / 1.6);
    const api = syntheticApi('measurement', limit);
    await expect(api.call(subject)).resolves.toEqual(bodyOf('measurement', subject, undefined));
    expect(api.tooLarge()).toBe(1);
    expect(api.log).toHaveLength(3);
    expect(api.splits).toEqual([{ operation: 'measurements.results', reason: 'too-large', parts: 2 }]);
  });

  it('concurrent session requests of unknown size: one goes first, the others are planned from it', async () => {
    const limit = 100_000;
    // 15 sessions of 1.1–1.8 × the limit.
    const sessions: Subject[] = Array.from({ length: 15 }, (_, i) => ({
      id: 100 + i,
      athletes: 5 + (i % 2),
      minutes: 72 + ((i * 7) % 22),
    }));
    for (const s of sessions) {
      expect(sizeOf('session', s)).toBeGreaterThan(limit * 1.05);
      expect(sizeOf('session', s)).toBeLessThan(limit * 1.8);
    }
    const api = syntheticApi('session', limit);
    const results = await Promise.all(sessions.map((s) => api.call(s)));
    results.forEach((result, i) => {
      expect(result).toEqual(bodyOf('session', sessions[i]!, undefined));
    });
    // Only the first finds out the hard way; every other one is asked in the two parts it needs.
    expect(api.tooLarge()).toBe(1);
    expect(api.log[0]).toMatchObject({ id: 100, vars: undefined, status: 413 });
    expect(api.log).toHaveLength(1 + 2 * 15);
  });

  it('a session larger than those seen: the part still too large is split again, no request repeated', async () => {
    const limit = 100_000;
    const api = syntheticApi('session', limit);
    // Sessions of 0.7 to 2.3 × the limit: two parts are usually enough, not always.
    const seen: [number, number][] = [
      [4, 60],
      [6, 80],
      [8, 100],
      [5, 70],
      [6, 90],
      [8, 95],
      [4, 90],
      [7, 70],
    ];
    for (const [i, [athletes, minutes]] of seen.entries()) await api.call({ id: 100 + i, athletes, minutes });

    api.log.length = 0;
    const big: Subject = { id: 200, athletes: 8, minutes: 100 };
    expect(sizeOf('session', big)).toBeGreaterThan(limit * 2.1);
    await expect(api.call(big)).resolves.toEqual(bodyOf('session', big, undefined));
    // Planned for a typical session (2 parts), both too large, each split again: every request distinct.
    expect(api.log.map((l) => l.status)).toEqual([413, 413, 200, 200, 200, 200]);
    const asked = api.log.map((l) => JSON.stringify(l.vars));
    expect(new Set(asked).size).toBe(asked.length);

    api.log.length = 0;
    const usual: Subject = { id: 201, athletes: 6, minutes: 75 };
    await expect(api.call(usual)).resolves.toEqual(bodyOf('session', usual, undefined));
    expect(api.tooLarge()).toBe(0);
    expect(api.log).toHaveLength(2);
  });
});

describe('the learning gate', () => {
  const gated = () => {
    const splitting = createResultsSplitting();
    const started: string[] = [];
    const pending = new Map<string, { resolve: (body: unknown) => void; reject: (e: unknown) => void }>();
    const request = (id: string, vars?: readonly string[], signal?: AbortSignal) =>
      fetchSplitResults(splitting, {
        operation: 'measurements.results',
        kind: 'measurement',
        vars,
        format: undefined,
        ...(signal ? { signal } : {}),
        fetch: () =>
          new Promise((resolve, reject) => {
            started.push(id);
            pending.set(id, { resolve, reject });
          }),
      });
    const answer = (id: string, vars: readonly string[] = ['trimp']) =>
      pending.get(id)!.resolve({ measurementId: 1, variables: vars.map((name) => ({ name, value: 1 })) });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    return { started, pending, request, answer, settle };
  };

  it('holds the others until the first is answered, and releases them when it fails', async () => {
    const g = gated();
    const calls = ['a', 'b', 'c'].map((id) => g.request(id, ['trimp']).catch((e: unknown) => e));
    await g.settle();
    expect(g.started).toEqual(['a']);
    g.pending.get('a')!.reject(new NotFoundError('gone', { status: 404 }));
    await g.settle();
    // a taught nothing: b goes first now, c still waits.
    expect(g.started).toEqual(['a', 'b']);
    g.answer('b');
    await g.settle();
    expect(g.started).toEqual(['a', 'b', 'c']);
    g.answer('c');
    const [a, b, c] = await Promise.all(calls);
    expect(a).toBeInstanceOf(NotFoundError);
    expect(b).toMatchObject({ variables: [{ name: 'trimp' }] });
    expect(c).toMatchObject({ variables: [{ name: 'trimp' }] });
  });

  it('a held request can be aborted; a request whose size is known is not held', async () => {
    const g = gated();
    const first = g.request('a', ['trimp']);
    await g.settle();
    g.answer('a');
    await first;

    // hfSeries was never seen: the first such request goes alone.
    const unknown = g.request('b', ['hfSeries']);
    const controller = new AbortController();
    const held = g.request('c', ['hfSeries'], controller.signal).then(
      () => 'answered',
      (e: unknown) => e,
    );
    const known = g.request('d', ['trimp']);
    await g.settle();
    expect(g.started).toEqual(['a', 'b', 'd']);
    controller.abort(new Error('stop'));
    expect(await held).toBeInstanceOf(Error);
    g.answer('d');
    g.answer('b', ['hfSeries']);
    await expect(known).resolves.toBeDefined();
    await expect(unknown).resolves.toBeDefined();
    expect(g.started).toEqual(['a', 'b', 'd']);
  });
});
