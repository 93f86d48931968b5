import { describe, expect, it } from 'vitest';
import {
  AnalysisPendingError,
  InMemoryRateLimitStore,
  RateLimitError,
  ServerError,
  SportsCloudClient,
  TimeoutError,
} from '../../src';
import { encodeSeries } from '../decoders/helpers';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

const BASE = 'https://api.test/v1';
const ids = { accountId: '3-12345', athleteId: 11, measurementId: 22 };
const results = { athleteId: 11, measurementId: 22, variables: [{ name: 'trimp', value: 42 }] };

function setup(responder: Parameters<typeof scriptedFetch>[0], options: Record<string, unknown> = {}) {
  const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
  const server = scriptedFetch((r, i) => {
    sentAt.push(clock.now());
    return responder(r, i);
  });
  const sentAt: number[] = [];
  const client = new SportsCloudClient({
    ...CREDENTIALS,
    baseURL: BASE,
    fetch: server.fetch,
    clock,
    random: () => 0.5,
    ...options,
  });
  const events: string[] = [];
  for (const name of ['retry', 'wait', 'quota'] as const)
    client.on(name, (e) => events.push(`${name}:${JSON.stringify(e)}`));
  return { clock, client, seen: server.seen, sentAt, events };
}

describe('client-side rate limiter', () => {
  it('sends a burst of 60 at once, then 1 per second — never faster than the API allows', async () => {
    // No headroom for arrival jitter here (see headroom.test.ts): the bucket's own arithmetic.
    const { clock, client, sentAt } = setup(() => json({ accounts: [] }), {
      rateLimit: { arrivalJitterMs: 0 },
    });
    const all = Promise.all(Array.from({ length: 70 }, () => client.accounts.list()));
    await runUntilSettled(clock, all);
    expect(sentAt).toHaveLength(70);
    const start = sentAt[0]!;
    expect(sentAt.slice(0, 60).every((t) => t === start)).toBe(true);
    expect(sentAt.slice(60).map((t) => Math.round((t - start) / 1000))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    // Token bucket bound: in any window of w seconds at most 60 + w requests.
    for (let i = 0; i < sentAt.length; i++) {
      for (let j = i; j < sentAt.length; j++)
        expect(j - i + 1).toBeLessThanOrEqual(60 + (sentAt[j]! - sentAt[i]!) / 1000 + 1e-9);
    }
  });

  it('stops at the daily quota without sending, and says when it resets', async () => {
    const { clock, client, seen, events } = setup(() => json({ accounts: [] }), {
      rateLimit: { dailyQuota: 3, burst: 10 },
    });
    for (let i = 0; i < 3; i++) await client.accounts.list();
    const error = (await client.accounts.list().catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ scope: 'daily', status: 429 });
    expect(error.resetAt?.toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(seen).toHaveLength(3);
    expect(events.some((e) => e.startsWith('quota:'))).toBe(true);
    await clock.advance(14 * 3_600_000);
    await expect(client.accounts.list()).resolves.toEqual([]);
  });

  it('state lives in a pluggable store: two clients sharing one store share one budget', async () => {
    const store = new InMemoryRateLimitStore();
    const rateLimit = { burst: 5, arrivalJitterMs: 0 };
    const a = setup(() => json({ accounts: [] }), { rateLimitStore: store, rateLimit });
    const b = setup(() => json({ accounts: [] }), { rateLimitStore: store, rateLimit });
    await Promise.all([1, 2].map(() => a.client.accounts.list()));
    // b's first call also mints its JWT (real WebCrypto time), so time may only move after it.
    await b.client.accounts.list();
    await runUntilSettled(b.clock, Promise.all([1, 2, 3].map(() => b.client.accounts.list())));
    // a spent 2 of the 5 shared tokens and b 1: b gets 2 more at once and waits a second for the last.
    expect(b.sentAt.map((t) => t - b.sentAt[0]!)).toEqual([0, 0, 0, 1_000]);
  });
});

describe('429 from the server', () => {
  it('ThrottledException: waits Retry-After (or 1 s), empties the bucket and retries', async () => {
    const { clock, client, sentAt, events } = setup((_, i) =>
      i === 0
        ? json(
            { message: 'Too Many Requests' },
            { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottledException', 'retry-after': '3' } },
          )
        : json({ accounts: [] }),
    );
    await expect(runUntilSettled(clock, client.accounts.list({ maxRetries: 0 }))).resolves.toEqual([]);
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(3_000);
    expect(events.some((e) => e.includes('"reason":"throttled"'))).toBe(true);
  });

  it('a Retry-After beyond the cap is raised instead of waited out', async () => {
    const { client, seen } = setup(() =>
      json({}, { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottledException', 'retry-after': '3600' } }),
    );
    await expect(client.accounts.list()).rejects.toMatchObject({ scope: 'burst', retryAfterMs: 3_600_000 });
    expect(seen).toHaveLength(1);
  });

  it('LimitExceededException: fails fast and spends nothing more until 00:00 UTC', async () => {
    const { clock, client, seen } = setup(() =>
      json({}, { status: 429, headers: { 'x-amzn-ErrorType': 'LimitExceededException' } }),
    );
    await expect(client.accounts.list()).rejects.toMatchObject({ scope: 'daily' });
    const second = (await client.measurements.results(ids).catch((e: unknown) => e)) as RateLimitError;
    expect(second).toMatchObject({ scope: 'daily', response: undefined });
    expect(seen).toHaveLength(1);
    await clock.advance(14 * 3_600_000);
    await client.accounts.list().catch(() => {});
    expect(seen).toHaveLength(2);
  });
});

describe('202 polling', () => {
  it('repeats the identical request every 5 s until the analysis is ready', async () => {
    const { clock, client, seen, sentAt } = setup((_, i) =>
      i < 3 ? new Response(null, { status: 202 }) : json(results),
    );
    const decoded = await runUntilSettled(clock, client.measurements.results({ ...ids, vars: ['trimp'] }));
    expect(decoded.variables).toEqual([{ name: 'trimp', value: 42 }]);
    expect(seen.map((r) => r.url.toString())).toEqual(Array(4).fill(seen[0]!.url.toString()));
    expect(sentAt.map((t) => t - sentAt[0]!)).toEqual([0, 5_000, 10_000, 15_000]);
  });

  it('does not block other requests while an analysis is pending', async () => {
    const { clock, client, sentAt } = setup((r) =>
      r.url.pathname.endsWith('/results') ? new Response(null, { status: 202 }) : json({ accounts: [] }),
    );
    const listedAt: number[] = [];
    const pending = client.measurements.results(ids).catch((e: unknown) => e);
    const listing = (async () => {
      await clock.sleep(1);
      await client.accounts.list();
      listedAt.push(clock.now());
    })();
    const error = (await runUntilSettled(clock, pending)) as AnalysisPendingError;
    await listing;
    expect(listedAt[0]! - sentAt[0]!).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(AnalysisPendingError);
    expect(error.attempts).toBe(36);
  });

  it('gives up within its own budget', async () => {
    const { clock, client, seen } = setup(() => new Response(null, { status: 202 }), {
      analysisPolling: { intervalMs: 1_000, maxWaitMs: 4_500 },
    });
    const error = (await runUntilSettled(
      clock,
      client.measurements.results(ids).catch((e: unknown) => e),
    )) as AnalysisPendingError;
    expect(error).toMatchObject({ code: 'analysis_pending', attempts: 5 });
    expect(seen).toHaveLength(5);
  });
});

describe('retry budget and deadline', () => {
  it('a dependency that keeps failing stops being retried once the budget is spent', async () => {
    const { clock, client, seen } = setup(() => json({}, { status: 503 }), {
      retryBudget: { capacity: 20 },
      maxRetries: 3,
    });
    for (let i = 0; i < 5; i++)
      await runUntilSettled(
        clock,
        client.accounts.list().catch((e: unknown) => e),
      );
    // 20 tokens pay for 4 retries of 5: the first call retries 3 times, the second once, then none.
    expect(seen).toHaveLength(5 + 4);
  });

  it('a total deadline bounds retries, backoff and waits', async () => {
    const { clock, client } = setup(() => json({}, { status: 500 }), { maxRetries: 50, deadline: 3_000 });
    const error = await runUntilSettled(
      clock,
      client.accounts.list().catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(clock.now() - Date.UTC(2026, 10, 26, 10, 0, 0)).toBeLessThan(3_200);
  });

  it('emits retry events with the delay and the failure code', async () => {
    const { clock, client, events } = setup((_, i) =>
      i === 0 ? json({}, { status: 500 }) : json({ accounts: [] }),
    );
    await runUntilSettled(clock, client.accounts.list());
    expect(events).toContain(
      'retry:{"operation":"accounts.list","attempt":1,"delayMs":250,"code":"server_error"}',
    );
  });

  it('POST is never retried', async () => {
    const server = scriptedFetch(() => json({}, { status: 500 }));
    const registering = SportsCloudClient.register({
      consumerName: 'Lab',
      baseURL: BASE,
      fetch: server.fetch,
    });
    await expect(registering).rejects.toBeInstanceOf(ServerError);
    expect(server.seen).toHaveLength(1);
  });
});

describe('bodies damaged in transit', () => {
  it('a corrupted time series fails the attempt and is fetched again, not handed to the caller', async () => {
    const value = await encodeSeries([70, 72, 75], 'Unsigned', 8);
    const damaged = `${value.slice(0, 8)}AAAA${value.slice(12)}`;
    const body = (v: string) => ({
      athleteId: 11,
      measurementId: 22,
      variables: [{ name: 'heartRateSeries', samplingRate: '0.2Hz', type: 'Unsigned', bits: 8, value: v }],
    });
    const { clock, client, seen } = setup((_, i) => json(body(i === 0 ? damaged : value)));
    const decoded = await runUntilSettled(
      clock,
      client.measurements.results({ ...ids, vars: ['heartRateSeries'] }),
    );
    expect(seen).toHaveLength(2);
    const series = decoded.variables?.[0];
    expect(series && 'values' in series && Array.from(series.values as Uint8Array)).toEqual([70, 72, 75]);
  });

  it('a cut-off JSON body is retried', async () => {
    const { clock, client, seen } = setup((_, i) =>
      i === 0 ? new Response('{"accounts":[{"accountId":"3-1"', { status: 200 }) : json({ accounts: [] }),
    );
    await expect(runUntilSettled(clock, client.accounts.list())).resolves.toEqual([]);
    expect(seen).toHaveLength(2);
  });
});

describe('partly analysed sessions', () => {
  const entry = (athleteId: number) => ({
    athleteId,
    sessionId: 6,
    measurementId: 100 + athleteId,
    variables: [{ name: 'trimp', value: athleteId }],
  });
  const session = { accountId: '3-12345', teamId: 5, sessionId: 6 };

  it('names the athletes of the roster whose analysis failed (the API leaves them out)', async () => {
    const { clock, client } = setup((r) =>
      json({
        measurements: [entry(1), entry(3)].map((e) =>
          r.url.pathname.includes('/laps/') ? { ...e, lapId: 1 } : e,
        ),
      }),
    );
    const results = await runUntilSettled(
      clock,
      client.sessions.results({ ...session, athleteIds: [1, 2, 3, 4] }),
    );
    expect(results.missingAthleteIds).toEqual([2, 4]);
    expect(results.measurements?.map((m) => m.athleteId)).toEqual([1, 3]);
    const lap = await runUntilSettled(
      clock,
      client.sessions.lapResults({ ...session, lapId: 1, athleteIds: [1, 3] }),
    );
    expect(lap.missingAthleteIds).toEqual([]);
  });

  it('without a roster there is nothing to compare against, and a bad roster is refused before sending', async () => {
    const { clock, client, seen } = setup(() => json({ measurements: [entry(1)] }));
    const results = await runUntilSettled(clock, client.sessions.results(session));
    expect(results).not.toHaveProperty('missingAthleteIds');
    await expect(client.sessions.results({ ...session, athleteIds: ['x'] as never })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    expect(seen).toHaveLength(1);
  });
});

describe('policy order', () => {
  it('a request that queued for minutes behind the rate limiter leaves with a token valid when it is sent', async () => {
    const tokens: string[] = [];
    const { clock, client } = setup((r) => {
      tokens.push(r.headers.get('authorization')!.slice(7));
      return json({ accounts: [] });
    });
    const sent: number[] = [];
    client.on('response', () => sent.push(clock.now()));
    await runUntilSettled(clock, Promise.all(Array.from({ length: 400 }, () => client.accounts.list())));
    expect(sent.at(-1)! - sent[0]!).toBeGreaterThan(300_000); // the last one waited longer than a token lives
    for (const [i, token] of tokens.entries()) {
      const { exp } = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
        exp: number;
      };
      expect(exp * 1000 - sent[i]!).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('the 202 budget counts the waits for the analysis, not the time queued for a rate-limit token', async () => {
    const polls = new Map<string, number>();
    const { clock, client } = setup(
      (r) => {
        const n = (polls.get(r.url.pathname) ?? 0) + 1;
        polls.set(r.url.pathname, n);
        return n <= 2 ? new Response(null, { status: 202 }) : json(results);
      },
      { rateLimit: { burst: 1 }, analysisPolling: { intervalMs: 5_000, maxWaitMs: 10_000 } },
    );
    const all = Array.from({ length: 30 }, (_, i) =>
      client.measurements.results({ ...ids, measurementId: i + 1 }),
    );
    const decoded = await runUntilSettled(clock, Promise.all(all));
    expect(decoded).toHaveLength(30);
  });
});
