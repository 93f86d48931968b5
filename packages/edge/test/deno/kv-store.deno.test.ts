import { InMemoryRateLimitStore } from '@sportscloud/core';
import { DenoKvCheckpointStore, DenoKvRateLimitStore } from '@sportscloud/edge/deno';
import type { HammerJob } from './kv-hammer.worker.ts';

const origin = Deno.env.get('SPORTSCLOUD_HARNESS_ORIGIN')!;
const limits = { perSecond: 10, burst: 20, dailyQuota: 5000 };

async function newConsumer() {
  return (await (
    await fetch(`${origin}/__harness/consumer`, { method: 'POST' })
  ).json()) as HammerJob['credentials'];
}
async function throttled(): Promise<number> {
  const stats = await (await fetch(`${origin}/__fake/stats`)).json();
  return stats.throttled.burst + stats.throttled.daily;
}

/** Four isolates (Deno workers), each with its own client and KV connection on one KV file. */
async function hammer(shared: boolean): Promise<{ throttled: number; ms: number[] }> {
  const kvPath = await Deno.makeTempFile({ suffix: '.kv' });
  const credentials = await newConsumer();
  const before = await throttled();
  // 3 tokens of headroom under the fake's burst of 20: the server counts a request when it arrives,
  // the store when it is granted, and a few ms of scheduling jitter lie between the two.
  const job: Omit<HammerJob, 'kvPath'> = {
    origin,
    credentials,
    requests: 15,
    limits: { perSecond: 10, burst: 17 },
    shared,
  };
  const workers = Array.from({ length: 4 }, () => {
    const worker = new Worker(new URL('./kv-hammer.worker.ts', import.meta.url), { type: 'module' });
    let ready!: () => void;
    let done!: (result: { ok: boolean; ms: number; error?: string }) => void;
    const readyP = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const doneP = new Promise<{ ok: boolean; ms: number; error?: string }>((resolve) => {
      done = resolve;
    });
    worker.onmessage = (e) => (e.data === 'ready' ? ready() : done(e.data));
    worker.postMessage({ ...job, kvPath });
    return { worker, readyP, doneP };
  });
  // Start all four at once, so they really contend.
  await Promise.all(workers.map((w) => w.readyP));
  for (const w of workers) w.worker.postMessage('go');
  const results = await Promise.all(workers.map((w) => w.doneP));
  for (const w of workers) w.worker.terminate();
  await Deno.remove(kvPath).catch(() => {});
  for (const r of results) if (!r.ok) throw new Error(r.error);
  return { throttled: (await throttled()) - before, ms: results.map((r) => Math.round(r.ms)) };
}

Deno.test('4 isolates sharing one Deno KV budget send 60 requests and see 0 × 429', async () => {
  const { throttled: n, ms } = await hammer(true);
  console.log(JSON.stringify({ runtime: 'deno', isolates: 4, requests: 60, store: 'deno-kv', '429': n, ms }));
  if (n !== 0) throw new Error(`expected 0 × 429, got ${n}`);
  // 60 requests, a burst of 17 and 10/s: the last needs ≥ 4.3 s; all at once would mean no sharing.
  if (Math.max(...ms) < 4000)
    throw new Error(`finished in ${Math.max(...ms)} ms: the budget was not enforced`);
});

Deno.test('control: 4 isolates with their own in-memory budgets overrun the fake (429s)', async () => {
  const { throttled: n } = await hammer(false);
  console.log(JSON.stringify({ runtime: 'deno', isolates: 4, requests: 60, store: 'in-memory', '429': n }));
  if (n === 0) throw new Error('expected 429s without a shared store: the shared test would prove nothing');
});

Deno.test('the KV store takes exactly like core’s in-memory store, under concurrent check-and-set', async () => {
  const kv = await Deno.openKv(':memory:');
  try {
    const store = new DenoKvRateLimitStore(kv);
    const reference = new InMemoryRateLimitStore();
    const now = Date.UTC(2026, 0, 1);
    // 30 concurrent takes at one instant: exactly `burst` are granted, however the commits interleave.
    const results = await Promise.all(Array.from({ length: 30 }, () => store.take('c', now, limits)));
    const granted = results.filter((r) => r.granted).length;
    if (granted !== 20) throw new Error(`granted ${granted}, expected 20`);
    for (let i = 0; i < 30; i++) await reference.take('c', now, limits);
    for (const t of [now + 150, now + 1_000, now + 1_001, now + 86_400_000]) {
      const [a, b] = [await store.take('c', t, limits), await reference.take('c', t, limits)];
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new Error(`at ${t}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
    await store.penalise('c', now + 86_400_500, 'daily', limits);
    const closed = await store.take('c', now + 86_400_600, limits);
    if (closed.granted || closed.scope !== 'daily')
      throw new Error(`expected the day closed, got ${JSON.stringify(closed)}`);

    const checkpoints = new DenoKvCheckpointStore(kv);
    if ((await checkpoints.get('x')) !== undefined)
      throw new Error('empty checkpoint store returned a value');
    await checkpoints.put('x', { from: 1, seen: { 7: 2 } });
    if (JSON.stringify(await checkpoints.get('x')) !== '{"from":1,"seen":{"7":2}}')
      throw new Error('checkpoint lost');
  } finally {
    kv.close();
  }
});
