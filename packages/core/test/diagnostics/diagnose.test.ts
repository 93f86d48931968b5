import { describe, expect, it } from 'vitest';
import {
  type DiagnosisReport,
  formatDiagnosis,
  type SessionsCheckOptions,
  SportsCloudClient,
} from '../../src';
import { manualClock } from '../support/manual-clock';
import { CREDENTIALS, json, type SeenRequest, scriptedFetch } from '../support/scripted-fetch';

const BASE = 'https://api.test/v1';
/** The key the API returns from GET /account/api-key when it differs from the configured one. */
const OTHER_KEY = 'AK_other_0d1c2b3a4f5e6d7c8b9a0f1e2d3c';
const ACCOUNTS = [
  { accountId: '1-1', name: 'Team A', authorizedBy: { coachId: 0 } },
  { accountId: '3-12345', name: 'Club B' },
];
const JWT_CAUSE =
  'the JWT was rejected: wrong consumer id (iss), wrong shared secret, or the token is expired/not yet valid (clock)';

type Reply = (headers: Record<string, string>, request: SeenRequest) => Response | Promise<Response>;

interface Scenario {
  apiKey?: Reply;
  accounts?: Reply;
  /** null: no apiKey option. */
  configuredKey?: string | null;
  /** Server clock minus client clock, in ms. */
  skewMs?: number;
  /** Leave the Date header out of every response. */
  noDate?: boolean;
  baseURL?: string;
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
  /** Answers for other paths (e.g. the sessions check's lists); 404 otherwise. */
  routes?: Record<string, Reply>;
  /** The sessions check's options; off unless given, so the other tests see only their two requests. */
  sessions?: SessionsCheckOptions;
}

function setup(s: Scenario = {}) {
  const clock = manualClock();
  const headers = (): Record<string, string> =>
    s.noDate ? {} : { date: new Date(clock.now() + (s.skewMs ?? 0)).toUTCString() };
  const { fetch, seen } = scriptedFetch((request) => {
    const h = headers();
    switch (request.url.pathname) {
      case '/v1/account/api-key':
        return s.apiKey ? s.apiKey(h, request) : json({ apikey: CREDENTIALS.apiKey }, { headers: h });
      case '/v1/sports/accounts':
        return s.accounts ? s.accounts(h, request) : json({ accounts: ACCOUNTS }, { headers: h });
      default: {
        const route = s.routes?.[request.url.pathname];
        return route ? route(h, request) : json({ message: 'Not Found' }, { status: 404, headers: h });
      }
    }
  });
  const key = s.configuredKey === undefined ? CREDENTIALS.apiKey : s.configuredKey;
  const client = new SportsCloudClient({
    consumerId: CREDENTIALS.consumerId,
    sharedSecret: CREDENTIALS.sharedSecret,
    ...(key !== null ? { apiKey: key } : {}),
    baseURL: s.baseURL ?? BASE,
    fetch: s.fetch ?? fetch,
    clock,
  });
  return { client, clock, seen };
}

async function diagnose(s: Scenario = {}) {
  const { client, clock, seen } = setup(s);
  const report = await client.diagnose({
    ...(s.signal ? { signal: s.signal } : {}),
    sessions: s.sessions ?? false,
  });
  const check = (id: string) => report.checks.find((c) => c.id === id)!;
  return { report, check, seen, clock, client };
}

function statuses(report: DiagnosisReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

const paths = (seen: SeenRequest[]) => seen.map((r) => r.url.pathname);

describe('client.diagnose()', () => {
  it('all good: every check ok, two requests, the accounts listed', async () => {
    const { report, check, seen, clock } = await diagnose();
    expect(report.checks.map((c) => c.id)).toEqual(['clock', 'jwt', 'apiKey', 'accounts', 'url', 'sessions']);
    expect(statuses(report)).toEqual({
      clock: 'ok',
      jwt: 'ok',
      apiKey: 'ok',
      accounts: 'ok',
      url: 'ok',
      sessions: 'skipped',
    });
    expect(report).toMatchObject({
      ok: true,
      consumerId: CREDENTIALS.consumerId,
      baseURL: BASE,
      checkedAt: new Date(clock.now()).toISOString(),
    });
    expect(paths(seen)).toEqual(['/v1/account/api-key', '/v1/sports/accounts']);
    expect(seen[0]!.headers.get('x-api-key')).toBeNull();
    expect(seen[0]!.headers.get('authorization')).toMatch(/^Bearer /);
    expect(seen[1]!.headers.get('x-api-key')).toBe(CREDENTIALS.apiKey);
    expect(check('accounts').summary).toMatch(/^2 customer accounts/);
    expect(check('accounts').details).toEqual({
      count: 2,
      accounts: [
        { accountId: '1-1', name: 'Team A' },
        { accountId: '3-12345', name: 'Club B' },
      ],
    });
    expect(check('clock').details).toMatchObject({ skewSeconds: 0 });
  });

  it('a server Date 10 min ahead fails the clock check with the NTP fix', async () => {
    const { report, check } = await diagnose({ skewMs: 10 * 60_000 });
    expect(report.ok).toBe(false);
    const clock = check('clock');
    expect(clock.status).toBe('fail');
    expect(clock.summary).toMatch(/600 s \(10 min\) behind the server's/);
    expect(clock.cause).toMatch(/expired/);
    expect(clock.cause).toMatch(/sync the clock \(NTP\)/);
    expect(clock.fix).toMatch(/sync the clock \(NTP\)/);
    expect(clock.details).toMatchObject({ skewSeconds: -600 });
  });

  it('a skew of 90 s warns, and a missing Date header skips the clock check', async () => {
    const warned = await diagnose({ skewMs: -90_000 });
    expect(warned.check('clock')).toMatchObject({ status: 'warn' });
    expect(warned.check('clock').summary).toMatch(/90 s ahead of/);
    expect(warned.report.ok).toBe(true);
    const skipped = await diagnose({ noDate: true });
    expect(skipped.check('clock').status).toBe('skipped');
    expect(skipped.report.ok).toBe(true);
  });

  it('401: the jwt check fails with the documented cause; the key and accounts are not tested', async () => {
    const unauthorized: Reply = (h) => json({ message: 'Unauthorized' }, { status: 401, headers: h });
    const { report, check, seen } = await diagnose({ apiKey: unauthorized, skewMs: 5 * 60_000 });
    expect(report.ok).toBe(false);
    expect(check('jwt')).toMatchObject({ status: 'fail' });
    expect(check('jwt').cause).toContain(JWT_CAUSE);
    // The 401 carries a Date header too: the clock check can name the likely culprit.
    expect(check('clock').status).toBe('fail');
    expect(check('jwt').cause).toMatch(/the clock check found .*behind the server's/);
    expect(check('jwt').fix).toMatch(/consumerId.*sharedSecret.*NTP/);
    expect(check('apiKey').status).toBe('skipped');
    expect(check('accounts').status).toBe('skipped');
    // One re-mint, as every call gets; no more, and the account endpoints are not tried.
    expect(paths(seen)).toEqual(['/v1/account/api-key', '/v1/account/api-key']);
  });

  it('403 on /sports/accounts fails the apiKey check', async () => {
    const { report, check } = await diagnose({
      accounts: (h) => json({ message: 'Forbidden' }, { status: 403, headers: h }),
    });
    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({ jwt: 'ok', apiKey: 'fail', accounts: 'skipped', url: 'ok' });
    expect(check('apiKey').summary).toContain('x-api-key missing or wrong (or the account is closed)');
    expect(check('apiKey').cause).toBe('x-api-key missing or wrong (or the account is closed)');
  });

  it('a configured key that differs from the API’s is flagged, naming which one the API knows', async () => {
    const apiKey: Reply = (h) => json({ apikey: OTHER_KEY }, { headers: h });
    const refused = await diagnose({
      apiKey,
      accounts: (h, r) =>
        r.headers.get('x-api-key') === OTHER_KEY
          ? json({ accounts: ACCOUNTS }, { headers: h })
          : json({ message: 'Forbidden' }, { status: 403, headers: h }),
    });
    expect(refused.check('apiKey')).toMatchObject({ status: 'fail' });
    expect(refused.check('apiKey').cause).toMatch(/differs from the one GET \/account\/api-key returns/);
    expect(refused.check('apiKey').cause).toMatch(/the API knows the latter/);
    expect(refused.check('apiKey').details).toMatchObject({ source: 'configured', matchesApi: false });
    // The configured key was the one tested.
    expect(refused.seen[1]!.headers.get('x-api-key')).toBe(CREDENTIALS.apiKey);

    const accepted = await diagnose({ apiKey });
    expect(accepted.check('apiKey')).toMatchObject({ status: 'warn' });
    expect(accepted.check('apiKey').summary).toMatch(/differs/);
  });

  it('without a configured key, the fetched one is used (fetched once)', async () => {
    const { report, check, seen, client } = await diagnose({
      configuredKey: null,
      apiKey: (h) => json({ apikey: OTHER_KEY }, { headers: h }),
    });
    expect(report.ok).toBe(true);
    expect(check('apiKey').details).toMatchObject({ source: 'fetched with GET /account/api-key' });
    expect(paths(seen)).toEqual(['/v1/account/api-key', '/v1/sports/accounts']);
    expect(seen[1]!.headers.get('x-api-key')).toBe(OTHER_KEY);
    await client.accounts.list();
    expect(paths(seen).filter((p) => p.endsWith('/api-key'))).toHaveLength(1);
  });

  it('an empty account list warns with the grant steps and the consumer id', async () => {
    const { report, check } = await diagnose({ accounts: (h) => json({ accounts: [] }, { headers: h }) });
    expect(report.ok).toBe(true);
    const accounts = check('accounts');
    expect(accounts.status).toBe('warn');
    expect(accounts.cause).toBe('no customer account has granted access yet');
    expect(accounts.fix).toBe(
      'a Coach of the account must grant access: Sports Cloud → Settings → Cloud API, accept the licence, ' +
        `tick the account for this consumer (consumer id ${CREDENTIALS.consumerId})`,
    );
    expect(accounts.details).toEqual({ count: 0, accounts: [] });
  });

  it('404 fails the url check, naming the documented and the configured base URL', async () => {
    const { report, check, seen } = await diagnose({ baseURL: 'https://api.test/v2' });
    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({ jwt: 'fail', apiKey: 'fail', accounts: 'skipped', url: 'fail' });
    const url = check('url');
    expect(url.cause).toBe('wrong base URL, path or HTTP method');
    expect(url.fix).toBe('base URL must be https://api.firstbeat.com/v1 (configured: https://api.test/v2)');
    expect(url.summary).toBe('GET /account/api-key → 404, GET /sports/accounts → 404');
    expect(report.baseURL).toBe('https://api.test/v2');
    expect(seen).toHaveLength(2);
  });

  it('a connection error fails the url check with the error message, sent once', async () => {
    const { fetch, seen } = scriptedFetch(() => {
      throw new TypeError('getaddrinfo ENOTFOUND api.test');
    });
    const { report, check } = await diagnose({ fetch });
    expect(report.ok).toBe(false);
    expect(check('url')).toMatchObject({ status: 'fail' });
    expect(check('url').summary).toBe('cannot reach the API at https://api.test/v1');
    expect(check('url').cause).toMatch(/^cannot reach the API: .*ENOTFOUND api\.test$/);
    expect(check('jwt').status).toBe('fail');
    expect(check('apiKey').status).toBe('skipped');
    expect(check('clock').status).toBe('skipped');
    expect(seen).toHaveLength(1);
  });

  it('never retries: a 500 and a daily 429 are each reported after one request', async () => {
    const server = await diagnose({
      apiKey: (h) => json({ message: 'Internal' }, { status: 500, headers: h }),
      accounts: (h) => json({ message: 'Internal' }, { status: 503, headers: h }),
    });
    expect(server.check('jwt')).toMatchObject({
      status: 'fail',
      cause: 'the API answered with a server error',
    });
    expect(paths(server.seen)).toEqual(['/v1/account/api-key', '/v1/sports/accounts']);

    const quota = await diagnose({
      apiKey: (h) =>
        json(
          { message: 'Limit Exceeded' },
          { status: 429, headers: { ...h, 'x-amzn-ErrorType': 'LimitExceededException' } },
        ),
    });
    expect(quota.check('jwt').cause).toMatch(/daily request quota/);
    // The client knows the day is closed: /sports/accounts is refused without a request.
    expect(quota.check('apiKey').status).toBe('fail');
    expect(quota.seen).toHaveLength(1);
  });

  it("throws for the caller's abort, before or during a probe", async () => {
    const before = new AbortController();
    before.abort();
    await expect(diagnose({ signal: before.signal })).rejects.toMatchObject({ name: 'AbortError' });

    const during = new AbortController();
    const { client, seen } = setup({ apiKey: () => new Promise<Response>(() => {}) });
    const pending = client.diagnose({ signal: during.signal });
    while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    during.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', code: 'aborted' });
  });

  it('formatDiagnosis lists every check with its cause and fix', async () => {
    const { report } = await diagnose({ accounts: (h) => json({ accounts: [] }, { headers: h }) });
    const text = formatDiagnosis(report);
    expect(text).toMatch(/^Sports Cloud connection check: OK\n/);
    expect(text).toContain(`consumer id: ${CREDENTIALS.consumerId}`);
    for (const id of ['clock', 'jwt', 'apiKey', 'accounts', 'url'])
      expect(text).toMatch(new RegExp(`] ${id} `));
    expect(text).toMatch(/\[WARN\] accounts +no customer account/);
    expect(text).toMatch(/\n +cause: no customer account has granted access yet\n +fix: +a Coach/);
  });

  it('never contains the shared secret, a JWT or an API key (report, text, JSON)', async () => {
    const echo: Reply = (h, r) =>
      json(
        { message: `rejected ${r.headers.get('authorization')} ${r.headers.get('x-api-key')} ${OTHER_KEY}` },
        { status: 403, headers: h },
      );
    const scenarios: Scenario[] = [
      {},
      { configuredKey: null, apiKey: (h) => json({ apikey: OTHER_KEY }, { headers: h }) },
      { apiKey: (h) => json({ apikey: OTHER_KEY }, { headers: h }), accounts: echo },
      {
        apiKey: (h, r) =>
          json({ message: `bad ${r.headers.get('authorization')}` }, { status: 401, headers: h }),
      },
      {
        apiKey: (h, r) =>
          json({ message: `oops ${r.headers.get('authorization')}` }, { status: 500, headers: h }),
      },
      { accounts: echo },
      { baseURL: 'https://api.test/v2' },
      // A base URL with user-info is refused at construction (test/transport/options.test.ts).
    ];
    for (const scenario of scenarios) {
      const { report, seen } = await diagnose(scenario);
      const tokens = seen.map((r) => (r.headers.get('authorization') ?? '').replace(/^Bearer /, ''));
      expect(tokens.every((t) => t.length > 20)).toBe(true);
      const secrets = [CREDENTIALS.sharedSecret, CREDENTIALS.apiKey, OTHER_KEY, 'hunter2pass', ...tokens];
      for (const out of [JSON.stringify(report), formatDiagnosis(report), String(report)]) {
        for (const secret of secrets) expect(out).not.toContain(secret);
        expect(out).not.toMatch(/eyJ[\w-]*\./);
      }
    }
  });
});

describe('client.diagnose(): "Sessions are missing from the API" (troubleshooting, first entry)', () => {
  const TEAMS = '/v1/sports/accounts/1-1/teams';
  const teams = (h: Record<string, string>) =>
    json({ more: false, teams: [{ teamId: 10, name: 'U19', athleteIds: [1, 2, 3, 4] }] }, { headers: h });
  const noSessions = (h: Record<string, string>) => json({ more: false, sessions: [] }, { headers: h });
  const measurements = (h: Record<string, string>, request: SeenRequest) => {
    const athleteId = Number(request.url.pathname.split('/')[6]);
    return json(
      {
        more: false,
        measurements: [
          { measurementId: 100 + athleteId, athleteId, sessionId: 0, startTime: '2026-11-20T17:00:00Z' },
        ],
      },
      { headers: h },
    );
  };
  const athleteRoutes = Object.fromEntries(
    [1, 2, 3, 4].map((id) => [`/v1/sports/accounts/1-1/athletes/${id}/measurements`, measurements]),
  );

  it('measurements but no sessions in the window: expected, explained, with what a coach does', async () => {
    const { report, check, seen, clock } = await diagnose({
      sessions: {},
      routes: { [TEAMS]: teams, [`${TEAMS}/10/sessions`]: noSessions, ...athleteRoutes },
    });
    const sessions = check('sessions');
    expect(sessions.status).toBe('warn');
    expect(report.ok).toBe(true);
    expect(sessions.summary).toBe(
      '3 measurements but no sessions in the last 30 days (account 1-1, 1 team checked)',
    );
    expect(sessions.cause).toMatch(/created them by hand in Sports Cloud/);
    expect(sessions.cause).toMatch(/never derives sessions from uploaded measurements/);
    expect(sessions.fix).toMatch(/A coach creates the session in Sports Cloud/);
    expect(sessions.details).toMatchObject({
      sessions: 0,
      measurements: 3,
      withoutSession: 3,
      athleteIds: [1, 2, 3],
    });
    // Bounded: teams, one team's sessions, three athletes' measurements; each in the same 30-day window.
    expect(paths(seen).slice(2)).toEqual([
      TEAMS,
      `${TEAMS}/10/sessions`,
      '/v1/sports/accounts/1-1/athletes/1/measurements',
      '/v1/sports/accounts/1-1/athletes/2/measurements',
      '/v1/sports/accounts/1-1/athletes/3/measurements',
    ]);
    const windowed = seen.slice(3);
    for (const request of windowed) {
      expect(request.url.searchParams.get('toTime')).toBe(new Date(clock.now()).toISOString());
      expect(request.url.searchParams.get('fromTime')).toBe(
        new Date(clock.now() - 30 * 86_400_000).toISOString(),
      );
    }
    const printed = formatDiagnosis(report);
    expect(printed).toMatch(/\[WARN\] sessions +3 measurements but no sessions in the last 30 days/);
    expect(printed).toMatch(/cause: expected: sessions exist only where a coach created them by hand/);
    expect(printed).toMatch(/fix: {3}nothing to fix in the integration\. A coach creates the session/);
  });

  it('sessions found: ok, and no measurement is listed', async () => {
    const { check, seen } = await diagnose({
      sessions: { days: 7 },
      routes: {
        [TEAMS]: teams,
        [`${TEAMS}/10/sessions`]: (h) =>
          json({ more: false, sessions: [{ sessionId: 5 }, { sessionId: 6 }] }, { headers: h }),
      },
    });
    expect(check('sessions')).toMatchObject({
      status: 'ok',
      summary: '2 sessions in the last 7 days (account 1-1, 1 team checked)',
    });
    expect(paths(seen).filter((p) => p.endsWith('/measurements'))).toEqual([]);
  });

  it('no measurements either, no teams, a failed list, or turned off: skipped, never a failure', async () => {
    const empty = await diagnose({
      sessions: { accountId: '1-1', maxAthletes: 1 },
      routes: {
        [TEAMS]: teams,
        [`${TEAMS}/10/sessions`]: noSessions,
        '/v1/sports/accounts/1-1/athletes/1/measurements': (h) =>
          json({ more: false, measurements: [] }, { headers: h }),
      },
    });
    expect(empty.check('sessions').status).toBe('skipped');
    expect(empty.check('sessions').summary).toMatch(/no sessions and no measurements/);
    const noTeams = await diagnose({
      sessions: {},
      routes: { [TEAMS]: (h) => json({ teams: [] }, { headers: h }) },
    });
    expect(noTeams.check('sessions').summary).toMatch(/has no teams/);
    const failed = await diagnose({ sessions: {} });
    expect(failed.check('sessions')).toMatchObject({ status: 'skipped' });
    expect(failed.check('sessions').summary).toMatch(
      /could not look for sessions: GET \/sports\/accounts\/1-1\/teams/,
    );
    expect(failed.report.ok).toBe(true);
    const off = await diagnose();
    expect(off.check('sessions')).toMatchObject({ status: 'skipped', summary: 'not requested' });
    expect(off.seen).toHaveLength(2);
  });

  it('runs by default when diagnose() is called without options', async () => {
    const { client, seen } = setup({
      routes: { [TEAMS]: teams, [`${TEAMS}/10/sessions`]: noSessions, ...athleteRoutes },
    });
    const report = await client.diagnose();
    expect(report.checks.at(-1)).toMatchObject({ id: 'sessions', status: 'warn' });
    expect(seen).toHaveLength(7);
  });
});
