import { ConfigurationError, SportsCloudClient } from '@sportscloud/core';
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, createReadApi } from '../../src/index.ts';
import { fakeAndClient } from './fixtures.ts';

const TOKEN = 'read-api-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

function world(options: { client?: Record<string, unknown> } = {}) {
  const w = fakeAndClient({}, options.client);
  const account = w.fake.data.accounts[0]!;
  const team = account.teams[0]!;
  const session = account.sessions.find((s) => s.teamId === team.teamId)!;
  const api = createReadApi({ client: w.client, token: TOKEN });
  const get = (path: string, init: RequestInit = { headers: auth }) =>
    w.simulate(api(new Request(`https://edge.example${path}`, init)));
  const sessionPath = `/accounts/${account.accountId}/teams/${team.teamId}/sessions/${session.sessionId}`;
  return { ...w, api, get, account, team, session, sessionPath };
}

describe('read-only HTTP API', () => {
  it('answers 401 with WWW-Authenticate unless the bearer token matches', async () => {
    const { get } = world();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: TOKEN },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${'a'.repeat(5000)}` },
    ];
    for (const headers of attempts) {
      const response = await get('/accounts', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await get('/accounts')).status).toBe(200);
  });

  it('accepts any of several tokens (rotation) and refuses short ones at construction', async () => {
    const { client } = world();
    const api = createReadApi({ client, token: ['old-token-0123456789', TOKEN] });
    const ok = await api(
      new Request('https://e/none', { headers: { authorization: 'Bearer old-token-0123456789' } }),
    );
    expect(ok.status).toBe(404);
    expect(() => createReadApi({ client, token: 'short' })).toThrow(ConfigurationError);
    expect(() => createReadApi({ client, token: [] })).toThrow(
      'token: at least one bearer token is required',
    );
  });

  it('lists accounts, teams and sessions as JSON', async () => {
    const { get, account, team } = world();
    const accounts = await (await get('/accounts')).json();
    expect(accounts.map((a: { accountId: string }) => a.accountId)).toEqual([account.accountId]);
    const teams = await (await get(`/accounts/${account.accountId}/teams`)).json();
    expect(teams).toHaveLength(2);
    const sessions = await (await get(`/accounts/${account.accountId}/teams/${team.teamId}/sessions`)).json();
    expect(sessions.length).toBeGreaterThan(0);
    const bad = await get(`/accounts/${account.accountId}/teams/${team.teamId}/sessions?fromTime=yesterday`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_argument');
  });

  it('serves results.json equal to the client’s decoded results, series as arrays', async () => {
    const { get, sessionPath, client, account, team, session, simulate } = world();
    const response = await get(`${sessionPath}/results.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    const direct = await simulate(
      client.sessions.results({
        accountId: account.accountId,
        teamId: team.teamId,
        sessionId: session.sessionId,
      }),
    );
    const series = direct.measurements[0]!.variables!.find((v) => 'values' in v)!;
    const served = body.measurements[0].variables.find((v: { name: string }) => v.name === series.name);
    expect(served.values).toEqual(Array.from(series.values as ArrayLike<number>));
  });

  it('serves results.csv: one row per scalar and per sample, timed', async () => {
    const { get, sessionPath, client, account, team, session, simulate } = world();
    const response = await get(`${sessionPath}/results.csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_HEADER);
    const direct = await simulate(
      client.sessions.results({
        accountId: account.accountId,
        teamId: team.teamId,
        sessionId: session.sessionId,
      }),
    );
    const variables = direct.measurements.flatMap((m) => m.variables ?? []);
    const rows = variables.reduce((n, v) => n + ('values' in v ? v.values.length : 1), 0);
    expect(lines.length - 1).toBe(rows);
    const sample = lines.find((l) => /,0,\d{4}-\d\d-\d\dT/.test(l));
    expect(sample).toBeDefined();
  });

  it('serves /sessions/:id/results.csv for a configured team, and HEAD', async () => {
    const { client, account, team, session, simulate } = world();
    const api = createReadApi({
      client,
      token: TOKEN,
      accountId: account.accountId,
      teamId: team.teamId,
      basePath: '/api/',
    });
    const csv = await simulate(
      api(new Request(`https://e/api/sessions/${session.sessionId}/results.csv`, { headers: auth })),
    );
    expect(csv.status).toBe(200);
    expect((await csv.text()).startsWith(CSV_HEADER)).toBe(true);
    const head = await simulate(
      api(new Request('https://e/api/sessions', { method: 'HEAD', headers: auth })),
    );
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('maps bad input and upstream outcomes to HTTP with fixed texts', async () => {
    const { get, sessionPath, account, team } = world();
    const cases: Array<[string, RequestInit | undefined, number, string]> = [
      ['/nothing', undefined, 404, 'not_found'],
      [`${sessionPath}/results.xml`, undefined, 404, 'not_found'],
      [`/accounts/${account.accountId}/teams/abc/sessions`, undefined, 400, 'bad_request'],
      [
        `/accounts/${account.accountId}/teams/${team.teamId}/sessions/99999999/results.json`,
        undefined,
        404,
        'not_found',
      ],
      [`/accounts/%E0%A4%A/teams`, undefined, 400, 'bad_request'],
      [`/${'x'.repeat(600)}`, undefined, 414, 'uri_too_long'],
      ['/accounts', { method: 'POST', headers: auth }, 405, 'method_not_allowed'],
      [`${sessionPath}/results.json?vars=${Array(70).fill('a').join(',')}`, undefined, 400, 'bad_request'],
    ];
    for (const [path, init, status, code] of cases) {
      const response = await get(path, init ?? { headers: auth });
      expect([path, response.status]).toEqual([path, status]);
      expect((await response.json()).error.code).toBe(code);
    }
  });

  it('maps a running analysis to 503 and a used-up daily quota to 429, both with Retry-After', async () => {
    const pending = world({ client: { analysisPolling: { maxAttempts: 1 } } });
    pending.fake.data.analysis.sessions.set(pending.session.sessionId, 'cold');
    const running = await pending.get(`${pending.sessionPath}/results.json`);
    expect([running.status, running.headers.get('retry-after')]).toEqual([503, '5']);
    expect((await running.json()).error.code).toBe('analysis_pending');

    const quota = world({ client: { rateLimit: { dailyQuota: 1 } } });
    expect((await quota.get('/accounts')).status).toBe(200);
    const refused = await quota.get('/accounts');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('never puts a credential in a response, not even when the upstream rejects them', async () => {
    const w = world();
    const wrong = new SportsCloudClient({
      consumerId: w.fake.consumerId,
      sharedSecret: `${w.fake.sharedSecret}-rotated-away`,
      apiKey: w.fake.apiKey,
      clock: w.clock,
      maxRetries: 0,
      fetch: (input, init) => w.fake.fetch(new Request(input, init)),
    });
    const secrets = [w.fake.sharedSecret, w.fake.apiKey, `${w.fake.sharedSecret}-rotated-away`, TOKEN];
    const responses: Response[] = [];
    for (const path of ['/accounts', `${w.sessionPath}/results.json`, `${w.sessionPath}/results.csv`, '/x']) {
      responses.push(await w.get(path), await w.get(path, {}));
    }
    const rejected = createReadApi({ client: wrong, token: TOKEN });
    const upstream = await w.simulate(rejected(new Request('https://e/accounts', { headers: auth })));
    expect(upstream.status).toBe(502);
    responses.push(upstream);
    for (const response of responses) {
      const text = `${[...response.headers].join('\n')}\n${await response.text()}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT either
    }
  });
});
