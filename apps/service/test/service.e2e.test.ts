import type { OpenAPIObject } from '@nestjs/swagger';
import type { PostgresStorage } from '@sportscloud/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../src/database';
import type { TokenStore } from '../src/tokens';
import { STORAGE, TOKENS } from '../src/tokens-di';
import { runCli } from './cli';
import {
  api,
  bootService,
  ENGINES,
  type RunningService,
  serverRoutes,
  startFake,
  throwawayDatabase,
} from './helpers';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
type Json = Record<string, any>;

describe.each(ENGINES)('the service on %s, over HTTP against the fake', (engine) => {
  let db: Awaited<ReturnType<typeof throwawayDatabase>>;
  let fake: Awaited<ReturnType<typeof startFake>>;
  let service: RunningService;
  let admin: string;
  let tokenA: string;
  let tokenB: string;
  let accountA: string;
  let accountB: string;

  beforeAll(async () => {
    db = await throwawayDatabase(engine);
    fake = await startFake();
    service = await bootService(db.database, fake.source());
    // The boot sync is running: wait for it.
    const report = await service.runner.trigger('request').done;
    expect(report?.state).toBe('done');
    // What `token create` does, through the service's own storage (PGlite has one opener at a time).
    admin = (await service.app.get<TokenStore>(TOKENS).create({ accounts: '*', scopes: ['admin'] })).token;
    [accountA, accountB] = fake.fake.data.accounts.map((a) => a.accountId) as [string, string];
    const create = async (accounts: string[], scopes: string[]) => {
      const res = await api(service.url, admin)('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accounts, scopes, label: 'test' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as Json).token as string;
    };
    tokenA = await create([accountA], ['read', 'export']);
    tokenB = await create([accountB], ['read', 'export']);
  });

  afterAll(async () => {
    await service?.close();
    await fake?.server.close();
    await db?.drop();
  });

  it('lists accounts, teams, athletes, sessions and measurements as the fake has them', async () => {
    const get = async (path: string, token = admin) => {
      const res = await api(service.url, token)(path);
      expect(res.status, path).toBe(200);
      return (await res.json()) as Json;
    };
    const seeded = fake.fake.data.accounts[0]!;
    expect((await get('/api/accounts')).items.map((a: Json) => a.accountId).sort()).toEqual(
      [accountA, accountB].sort(),
    );
    expect((await get('/api/accounts', tokenB)).items.map((a: Json) => a.accountId)).toEqual([accountB]);
    const teams = await get(`/api/accounts/${accountA}/teams`);
    expect(teams.items.map((t: Json) => t.teamId)).toEqual(
      expect.arrayContaining(seeded.teams.map((t) => t.teamId)),
    );
    const athletes = await get(`/api/accounts/${accountA}/athletes?limit=1000`);
    expect(athletes.items.map((a: Json) => a.athleteId).sort()).toEqual(
      seeded.athletes.map((a) => a.athleteId).sort(),
    );

    // Cursor pagination: pages of 2 cover every session once.
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(
        `/api/accounts/${accountA}/sessions?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s: Json) => s.sessionId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(seeded.sessions.length);
    expect(new Set(seen).size).toBe(seen.length);

    const measurements: number[] = [];
    cursor = undefined;
    do {
      const page = await get(
        `/api/accounts/${accountA}/measurements?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      measurements.push(...page.items.map((m: Json) => m.measurementId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(measurements.sort()).toEqual(seeded.measurements.map((m) => m.measurementId).sort());

    // Filters: time window, athlete, team.
    const first = seeded.sessions[0]!;
    const windowed = await get(
      `/api/accounts/${accountA}/sessions?from=${first.startTime}&to=${new Date(Date.parse(first.startTime!) + 1000).toISOString()}`,
    );
    expect(windowed.items.map((s: Json) => s.sessionId)).toEqual([first.sessionId]);
    const athleteId = first.athleteIds![0]!;
    const ofAthlete = await get(`/api/accounts/${accountA}/sessions?athleteId=${athleteId}&limit=1000`);
    expect(ofAthlete.items.length).toBe(
      seeded.sessions.filter((s) => s.athleteIds?.includes(athleteId)).length,
    );
    const ownMeasurements = await get(
      `/api/accounts/${accountA}/measurements?athleteId=${athleteId}&limit=1000`,
    );
    expect(ownMeasurements.items.every((m: Json) => m.athleteId === athleteId)).toBe(true);
    expect(ownMeasurements.items.length).toBe(
      seeded.measurements.filter((m) => m.athleteId === athleteId).length,
    );
    const team = teams.items[0].teamId;
    const inTeam = await get(`/api/accounts/${accountA}/athletes?teamId=${team}&limit=1000`);
    expect(inTeam.items.every((a: Json) => a.teamIds.includes(team))).toBe(true);
  });

  it('answers bad input with a 400 that names the field, before any query', async () => {
    const call = api(service.url, admin);
    const cases: [string, string][] = [
      [`/api/accounts/${accountA}/sessions?from=yesterday`, 'from'],
      [`/api/accounts/${accountA}/sessions?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z`, 'to'],
      [`/api/accounts/${accountA}/sessions?limit=0`, 'limit'],
      [`/api/accounts/${accountA}/sessions?teamId=abc`, 'teamId'],
      [
        `/api/accounts/${accountA}/sessions?cursor=forged.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
        'cursor',
      ],
      [`/api/accounts/bad'id/teams`, 'accountId'],
      [`/api/accounts/${accountA}/sessions/0/results`, 'sessionId'],
      [`/api/accounts/${accountA}/measurements/99999999999/results`, 'measurementId'],
      [`/api/accounts/${accountA}/export?format=xlsx`, 'format'],
      [`/api/accounts/${accountA}/export?format=csv&layout=tall`, 'layout'],
      [`/api/accounts/${accountA}/export?format=csv&variables=a;drop`, 'variables'],
      // Any read token could otherwise ask for a century of days.
      [`/api/accounts/${accountA}/athletes/1/load?from=2000-01-01&to=2100-01-01`, 'to'],
    ];
    for (const [path, field] of cases) {
      const res = await call(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as Json;
      expect(body.field, path).toBe(field);
      expect(body.message, path).toContain(field);
    }
    // A cursor of one list is refused on another (it is bound to its query).
    const page = (await (await call(`/api/accounts/${accountA}/sessions?limit=1`)).json()) as Json;
    const res = await call(`/api/accounts/${accountA}/sessions?limit=1&teamId=1&cursor=${page.nextCursor}`);
    expect(res.status).toBe(400);
  });

  it('serves results: scalars, and series with the time of every sample', async () => {
    const seeded = fake.fake.data.accounts[0]!;
    const session = seeded.sessions.find((s) => (s.athleteIds?.length ?? 0) > 0)!;
    const res = await api(
      service.url,
      tokenA,
    )(`/api/accounts/${accountA}/sessions/${session.sessionId}/results`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.results.state).toBe('done');
    expect(body.records.length).toBeGreaterThan(0);
    const record = body.records[0];
    expect(record.sessionId).toBe(session.sessionId);
    expect(record.scalars.length).toBeGreaterThan(0);
    const hr = record.series.find((s: Json) => s.name === 'heartRateSeries');
    expect(hr.values.length).toBe(hr.timestamps.length);
    expect(hr.timestamps[0]).toBe(Date.parse(record.startTime));
    if (hr.samplingRate === '1Hz') expect(hr.timestamps[1] - hr.timestamps[0]).toBe(1000);

    const scalarsOnly = (await (
      await api(
        service.url,
        tokenA,
      )(
        `/api/accounts/${accountA}/sessions/${session.sessionId}/results?series=false&variables=trimp&athleteId=${record.athleteId}`,
      )
    ).json()) as Json;
    expect(scalarsOnly.records).toHaveLength(1);
    expect(scalarsOnly.records[0].series).toBeUndefined();
    expect(scalarsOnly.records[0].scalars.map((s: Json) => s.name)).toEqual(['trimp']);

    const standalone = seeded.measurements.find((m) => !m.sessionId)!;
    const m = (await (
      await api(
        service.url,
        tokenA,
      )(`/api/accounts/${accountA}/measurements/${standalone.measurementId}/results`)
    ).json()) as Json;
    expect(m.records.map((r: Json) => r.measurementId)).toEqual([standalone.measurementId]);

    const withLap = seeded.sessions.find((s) => s.laps.length > 0 && s.athleteIds?.length);
    if (withLap) {
      const lap = withLap.laps[0]!;
      const l = (await (
        await api(
          service.url,
          tokenA,
        )(`/api/accounts/${accountA}/sessions/${withLap.sessionId}/laps/${lap.lapId}/results`)
      ).json()) as Json;
      expect(l.records.length).toBeGreaterThan(0);
      expect(l.records.every((r: Json) => r.lapId === lap.lapId)).toBe(true);
    }
    const missing = await api(service.url, tokenA)(`/api/accounts/${accountA}/sessions/123456789/results`);
    expect(missing.status).toBe(404);
  });

  it('streams every export format and layout', async () => {
    for (const format of ['csv', 'ndjson', 'parquet']) {
      for (const layout of ['long', 'wide', 'summary']) {
        const res = await api(
          service.url,
          tokenA,
        )(`/api/accounts/${accountA}/export?format=${format}&layout=${layout}`);
        expect(res.status, `${format}/${layout}`).toBe(200);
        expect(res.headers.get('transfer-encoding')).toBe('chunked');
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect(bytes.length, `${format}/${layout}`).toBeGreaterThan(100);
        if (format === 'parquet') {
          const magic = (a: Uint8Array) => new TextDecoder().decode(a);
          expect(magic(bytes.subarray(0, 4))).toBe('PAR1');
          expect(magic(bytes.subarray(-4))).toBe('PAR1');
        } else {
          const text = new TextDecoder().decode(bytes);
          const lines = text.trim().split('\n');
          expect(lines.length).toBeGreaterThan(1);
          if (format === 'ndjson')
            for (const line of lines.slice(0, 50)) expect(JSON.parse(line)).toBeTypeOf('object');
          // Only account A's data.
          expect(text).not.toContain(accountB);
        }
      }
    }
    const filtered = await api(
      service.url,
      tokenA,
    )(`/api/accounts/${accountA}/export?format=ndjson&layout=summary&variables=trimp`);
    const rows = (await filtered.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.account_id === accountA && typeof r.trimp === 'number')).toBe(true);
  });

  it('reports sync status, takes a trigger (admin only), and exposes metrics', async () => {
    const status = (await (await api(service.url, tokenA)('/api/sync/status')).json()) as Json;
    expect(status.lastRun.state).toBe('done');
    expect(status.quota.usedToday).toBeGreaterThan(0);
    expect(status.quota.remainingToday).toBe(status.quota.dailyQuota - status.quota.usedToday);
    expect(status.quota.summary).toMatch(/finishes today|resumes at/);
    expect(status.counts.pending).toBe(0);
    expect(status).toHaveProperty('pending202');
    expect(Array.isArray(status.errors)).toBe(true);

    expect((await api(service.url, tokenA)('/api/sync', { method: 'POST' })).status).toBe(403);
    const trigger = await api(service.url, admin)('/api/sync', { method: 'POST' });
    expect(trigger.status).toBe(202);
    expect(((await trigger.json()) as Json).started).toBe(true);
    const again = (await (await api(service.url, admin)('/api/sync', { method: 'POST' })).json()) as Json;
    expect(again.started).toBe(false); // one run at a time
    await service.runner.trigger('request').done;

    const metrics = await (await api(service.url, admin)('/metrics')).text();
    expect(metrics).toMatch(
      /service_http_requests_total\{method="GET",route="\/api\/accounts",status="200"\} \d+/,
    );
    expect(metrics).toMatch(/sportscloud_quota_used_today \d+/);
    expect(metrics).toMatch(/sync_lag_seconds \d/);
    expect(metrics).toMatch(/sync_items_pending 0/);
    expect(metrics).toMatch(/service_export_bytes_total\{format="parquet"\} [1-9]/);
    expect(metrics).toMatch(/sportscloud_responses_total\{status="200"\} [1-9]/);
    expect((await api(service.url, tokenA)('/metrics')).status).toBe(403);

    // The opt-in diagnosis through @sportscloud/nestjs's client: the fake passes every check.
    const diagnosis = (await (await api(service.url, admin)('/api/sync/diagnose')).json()) as Json;
    expect(diagnosis.sportsCloud.status).toBe('up');
    expect(diagnosis.sportsCloud.checks.length).toBeGreaterThan(3);

    expect((await api(service.url)('/health/live')).status).toBe(200);
    const ready = await api(service.url, tokenA)('/health/ready');
    expect(ready.status).toBe(200);
    const health = (await ready.json()) as Json;
    expect(health.info.database.status).toBe('up');
    expect(health.info.sportsCloud.status).toBe('up');
  });

  it('manages tokens over the API: listed without their value, revoked at once', async () => {
    const created = (await (
      await api(service.url, admin)('/api/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accounts: [accountA], scopes: ['read'] }),
      })
    ).json()) as Json;
    expect((await api(service.url, created.token)(`/api/accounts/${accountA}/teams`)).status).toBe(200);
    expect(
      (await api(service.url, created.token)(`/api/accounts/${accountA}/export?format=csv`)).status,
    ).toBe(403);
    const listed = await (await api(service.url, admin)('/api/tokens')).text();
    expect(listed).toContain(`"tokenId":${created.tokenId}`);
    expect(listed).not.toContain(created.token);
    expect(
      (await api(service.url, admin)(`/api/tokens/${created.tokenId}`, { method: 'DELETE' })).status,
    ).toBe(204);
    expect((await api(service.url, created.token)(`/api/accounts/${accountA}/teams`)).status).toBe(401);
    const bad = await api(service.url, admin)('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accounts: '*', scopes: ['owner'] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).field).toBe('scopes');
    if (engine === 'pglite') {
      // A second process cannot open the embedded database the service holds: the command says what to do.
      const cli = await runCli(['token', 'list'], db.env).done;
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('POST /api/tokens');
    }
  });

  it('refuses every route of the OpenAPI document without a token and with another account', async () => {
    const doc = (await (await api(service.url, tokenB)('/docs-json')).json()) as OpenAPIObject;
    const seeded = fake.fake.data.accounts[0]!;
    const session = seeded.sessions.find((s) => s.laps.length > 0) ?? seeded.sessions[0]!;
    const measurement = seeded.measurements.find((m) => m.laps.length > 0) ?? seeded.measurements[0]!;
    const values: Record<string, string> = {
      accountId: accountA,
      sessionId: String(session.sessionId),
      measurementId: String(measurement.measurementId),
      lapId: String(session.laps[0]?.lapId ?? measurement.laps[0]?.lapId ?? 1),
      tokenId: '1',
      consumerId: 'club-1',
    };
    // Routes without an account in the path show the caller's own accounts only (readiness shows none).
    const ownOnly = new Set(['GET /api/accounts', 'GET /api/sync/status', 'GET /health/ready']);
    let walked = 0;
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const operation = item[method];
        if (!operation) continue;
        if (template === '/health/live') continue; // the one public route
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => values[name]!);
        const required = (operation.parameters ?? []).filter(
          (p) => 'in' in p && p.in === 'query' && p.required,
        );
        const qs = required.map((p) => `${(p as { name: string }).name}=csv`).join('&');
        const url = `${path}${qs ? `?${qs}` : ''}`;
        const init: RequestInit = {
          method: method.toUpperCase(),
          ...(method === 'post' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        };
        const key = `${method.toUpperCase()} ${template}`;
        expect((await api(service.url)(url, init)).status, `${key} without a token`).toBe(401);
        expect(
          (await api(service.url, 'sct_not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxx')(url, init)).status,
          key,
        ).toBe(401);
        const other = await api(service.url, tokenB)(url, init);
        if (ownOnly.has(key)) {
          expect(other.status, key).toBe(200);
          expect(await other.text(), key).not.toContain(accountA);
        } else {
          expect(other.status, `${key} with another account's token`).toBe(403);
        }
        walked++;
      }
    }
    expect(walked).toBeGreaterThanOrEqual(16);

    // Routes outside the document: the docs themselves (the UI, its assets, the init script that
    // embeds the document, the JSON). Every route the HTTP server has is either documented or here.
    const outside = [
      '/docs',
      '/docs/',
      '/docs/index.html',
      '/docs/swagger-ui-init.js',
      '/docs/docs/swagger-ui-init.js',
      '/docs/swagger-ui-bundle.js',
      '/docs/LICENSE',
      '/docs/swagger-ui.css',
      '/docs-json',
    ];
    const documented = Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${template}`),
    );
    const routes = serverRoutes(service.app);
    expect(routes).toEqual(
      expect.arrayContaining(['GET /health/live', 'GET /api/accounts/:accountId/teams', 'GET /docs-json']),
    );
    for (const route of routes) {
      const key = route.replace(/:(\w+)/g, '{$1}');
      const path = key.slice(key.indexOf(' ') + 1);
      expect(
        documented.includes(key) || outside.includes(path),
        `${route} is neither documented nor walked`,
      ).toBe(true);
    }
    const basic = (token: string) => ({ authorization: `Basic ${btoa(`anyone:${token}`)}` });
    for (const path of outside) {
      const anonymous = await api(service.url)(path);
      expect(anonymous.status, `${path} without a token`).toBe(401);
      // A browser answers this challenge with its sign-in prompt.
      expect(anonymous.headers.get('www-authenticate'), path).toMatch(/^Basic realm="/);
      expect(await anonymous.text(), path).not.toContain('openapi');
      expect(
        (await api(service.url, 'sct_not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxx')(path)).status,
        path,
      ).toBe(401);
      expect((await api(service.url)(path, { headers: basic(`${admin}x`) })).status, path).toBe(401);
      expect((await api(service.url)(path, { headers: { authorization: admin } })).status, path).toBe(401);
      // Any valid token reads the docs; they describe routes and hold no account's data.
      const found = path === '/docs/LICENSE' ? 404 : 200; // Swagger's own route, answering 404 past the token
      const other = await api(service.url, tokenB)(path);
      expect(other.status, `${path} with another account's token`).toBe(found);
      expect(await other.text(), path).not.toContain(accountA);
      expect((await api(service.url)(path, { headers: basic(tokenA) })).status, `${path} signed in`).toBe(
        found,
      );
    }
    // Routing ignores case: so does the docs' guard.
    for (const path of ['/DOCS', '/Docs-JSON', '/docs/Swagger-UI-Init.js'])
      expect((await api(service.url)(path)).status, path).toBe(401);
    const page = await (await api(service.url)('/docs', { headers: basic(tokenA) })).text();
    expect(page).toContain('swagger-ui-init.js');
    expect((await api(service.url)('/health/live')).status).toBe(200);
  });

  it('never writes a credential to the OpenAPI document, the logs or the database', async () => {
    const { sharedSecret, apiKey } = fake.source().client;
    const doc = await (await api(service.url, admin)('/docs-json')).text();
    expect(doc).toContain('"openapi"');
    const logs = service.logs();
    expect(logs).toContain('"authorization":"[redacted]"');
    for (const secret of [sharedSecret, apiKey!, admin, tokenA, tokenB]) {
      expect(doc).not.toContain(secret);
      expect(logs).not.toContain(secret);
      // The form a browser sends to the docs (HTTP Basic, the token as password).
      expect(logs).not.toContain(btoa(`anyone:${secret}`));
    }
    const storage = service.app.get<PostgresStorage>(STORAGE);
    {
      const tables = await query(storage, sql`select tablename from pg_tables where schemaname = 'public'`);
      let dump = '';
      for (const { tablename } of tables) {
        const [row] = await query(
          storage,
          sql`select coalesce(string_agg(row_to_json(t)::text, ''), '') as d from ${sql.identifier(String(tablename))} t`,
        );
        dump += row?.d;
      }
      expect(dump.length).toBeGreaterThan(1000);
      for (const secret of [sharedSecret, apiKey!, admin, tokenA, tokenB]) expect(dump).not.toContain(secret);
    }
  });

  it('restarts without duplicates', async () => {
    const count = async (storage: PostgresStorage) => {
      const [r] = await query(
        storage,
        sql`select count(*)::int as n, count(distinct (account_id, source, measurement_id, lap_id, session_id, athlete_id))::int as d
            from sc_result_sets`,
      );
      return { counts: await storage.counts(), sets: r };
    };
    const before = await count(service.app.get<PostgresStorage>(STORAGE));
    await service.close();
    service = await bootService(db.database, fake.source());
    const report = await service.runner.trigger('request').done;
    expect(report?.state).toBe('done');
    const after = await count(service.app.get<PostgresStorage>(STORAGE));
    expect(after).toEqual(before);
    expect(after.sets!.n).toBe(after.sets!.d);
    // Tokens survive the restart (they live in the database, hashed).
    expect((await api(service.url, tokenA)('/api/accounts')).status).toBe(200);
  });
});
