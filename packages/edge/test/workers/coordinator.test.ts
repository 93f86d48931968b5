import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { expect, inject, it } from 'vitest';
import worker from './worker.ts';

const origin = inject('harnessOrigin');
const TOKEN = 'workers-test-token-0123456789';
type TestEnv = typeof env & {
  RESULTS: KVNamespace;
  SPORTSCLOUD_SHARED_SECRET: string;
  SPORTSCLOUD_API_KEY: string;
};
const bindings = env as TestEnv;

async function throttled(): Promise<number> {
  const stats = (await (await fetch(`${origin}/__fake/stats`)).json()) as {
    throttled: { burst: number; daily: number };
  };
  return stats.throttled.burst + stats.throttled.daily;
}

/** 4 concurrent handlers of the Worker, each with its own client, 15 requests each. */
async function hammer(shared: boolean): Promise<{ throttled: number; ms: number[] }> {
  const credentials = await (await fetch(`${origin}/__harness/consumer`, { method: 'POST' })).json();
  const before = await throttled();
  // 3 tokens of headroom under the fake's burst of 20 absorb the jitter between grant and arrival.
  const body = JSON.stringify({ credentials, requests: 15, limits: { perSecond: 10, burst: 17 }, shared });
  const answers = await Promise.all(
    Array.from({ length: 4 }, () =>
      SELF.fetch('https://worker.test/__test/hammer', { method: 'POST', body }),
    ),
  );
  const ms = await Promise.all(answers.map(async (a: Response) => ((await a.json()) as { ms: number }).ms));
  return { throttled: (await throttled()) - before, ms };
}

it('4 concurrent handlers sharing one Durable Object budget send 60 requests and see 0 × 429', async () => {
  const { throttled: n, ms } = await hammer(true);
  console.log(
    JSON.stringify({ runtime: 'workerd', handlers: 4, requests: 60, store: 'durable-object', '429': n, ms }),
  );
  expect(n).toBe(0);
  // 60 requests, a burst of 17 and 10/s: the last needs ≥ 4.3 s.
  expect(Math.max(...ms)).toBeGreaterThanOrEqual(4000);
});

it('control: 4 handlers with their own in-memory budgets overrun the fake (429s)', async () => {
  const { throttled: n } = await hammer(false);
  console.log(
    JSON.stringify({ runtime: 'workerd', handlers: 4, requests: 60, store: 'in-memory', '429': n }),
  );
  expect(n).toBeGreaterThan(0);
});

it('serves the read-only API behind a bearer token, credentials never in a response', async () => {
  const unauthorised = await SELF.fetch('https://worker.test/accounts');
  expect(unauthorised.status).toBe(401);
  const auth = { authorization: `Bearer ${TOKEN}` };
  const accounts = (await (await SELF.fetch('https://worker.test/accounts', { headers: auth })).json()) as {
    accountId: string;
  }[];
  const [account] = accounts;
  const teams = (await (
    await SELF.fetch(`https://worker.test/accounts/${account!.accountId}/teams`, { headers: auth })
  ).json()) as { teamId: number }[];
  const base = `https://worker.test/accounts/${account!.accountId}/teams/${teams[0]!.teamId}/sessions`;
  const sessions = (await (await SELF.fetch(base, { headers: auth })).json()) as { sessionId: number }[];
  const csv = await SELF.fetch(`${base}/${sessions[0]!.sessionId}/results.csv`, { headers: auth });
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const text = await csv.text();
  expect(text.split('\n')[0]).toBe('athleteId,measurementId,variable,unit,index,time,value');
  expect(text.split('\n').length).toBeGreaterThan(100);
  const missing = await SELF.fetch(`${base}/999999999/results.json`, { headers: auth });
  expect(missing.status).toBe(404);
  for (const body of [text, JSON.stringify(accounts), await missing.text()]) {
    expect(body).not.toContain(bindings.SPORTSCLOUD_SHARED_SECRET);
    expect(body).not.toContain(bindings.SPORTSCLOUD_API_KEY);
  }
});

it('the scheduled handler syncs new session results once, its checkpoint in the Durable Object', async () => {
  const run = async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/5 * * * *' }), env as never, ctx);
    await waitOnExecutionContext(ctx);
    return (await bindings.RESULTS.list({ prefix: 'session/' })).keys.length;
  };
  const first = await run();
  // 2 teams × 3 sessions, all inside the default window (the harness's data ends today).
  expect(first).toBe(6);
  const stored = JSON.parse((await bindings.RESULTS.get((await bindings.RESULTS.list()).keys[0]!.name))!);
  expect(
    Array.isArray(stored.measurements[0].variables.find((v: { values?: unknown }) => v.values).values),
  ).toBe(true);
  // Every session of the window was delivered; the second run finds the checkpoint and adds nothing.
  const second = await run();
  expect(second).toBe(first);
});
