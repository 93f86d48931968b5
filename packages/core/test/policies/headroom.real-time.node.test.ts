import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { FakeSportsCloudOptions, FakeStats } from '@sportscloud/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { SportsCloudClient } from '../../src';

/**
 * Real time over loopback: requests the client sends 1/rate apart arrive closer together, because
 * the trip (event loop, socket, the fake's JWT check) takes a varying time. With client limits equal
 * to the server's, the headroom for arrival jitter must keep the fake's bucket from running dry
 * (issue 7, point 2). The fake runs on its own thread, as a server would. This test is about real
 * time, so it runs on the system clock — bounded to a few seconds: 70 calls at 20/s with a burst
 * of 10 take (70 − 10) / 20 = 3 s at best.
 */

const RATE = 20;
const BURST = 10;
const CALLS = 70;

/** The fake on a worker thread; `ask` sends it a command and waits for the answer. */
async function startFakeThread(options: FakeSportsCloudOptions) {
  const worker = new Worker(new URL('../support/fake-server-worker.mjs', import.meta.url), {
    workerData: options,
    // Not the test runner's flags: the worker loads the built packages, as an application would.
    execArgv: [],
  });
  const [ready] = (await once(worker, 'message')) as [
    { url: string; consumerId: string; sharedSecret: string; apiKey: string },
  ];
  const ask = async <T>(command: string): Promise<T> => {
    worker.postMessage(command);
    const [answer] = (await once(worker, 'message')) as [T];
    return answer;
  };
  return { ...ready, ask, close: () => worker.terminate() };
}

let stop: (() => Promise<number>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function realTimeRun() {
  const fake = await startFakeThread({
    seed: 11,
    limits: { rate: RATE, burst: BURST },
    dataset: { accounts: 1, athletesPerAccount: 5, measurementsPerAthlete: 2, sessionsPerTeam: 1 },
    // 5 % of answers delayed by 150 ms: responses overlap and come back out of order.
    faults: { rate: 0.05, kinds: { latency: 1 }, latencyMs: 150 },
  });
  stop = fake.close;
  const client = new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    apiKey: fake.apiKey,
    baseURL: fake.url,
    rateLimit: { perSecond: RATE, burst: BURST },
  });
  const [account] = await client.accounts.list();
  const athletes = await client.athletes.list({ accountId: account!.accountId }).toArray();
  await fake.ask('reset');
  const start = performance.now();
  // An export's shape: every athlete's measurements, over and over, all at once.
  const calls = Array.from({ length: CALLS }, (_, i) =>
    client.measurements
      .list({ accountId: account!.accountId, athleteId: athletes[i % athletes.length]!.athleteId })
      .toArray(),
  );
  const settled = await Promise.allSettled(calls);
  const seconds = (performance.now() - start) / 1000;
  const { stats } = await fake.ask<{ stats: FakeStats }>('stats');
  const bound = (CALLS - BURST) / RATE;
  return {
    fulfilled: settled.filter((s) => s.status === 'fulfilled').length,
    requests: stats.total,
    tooMany: stats.throttled.burst,
    latencyFaults: stats.faults.latency ?? 0,
    seconds: Number(seconds.toFixed(3)),
    bound,
    ratio: Number((seconds / bound).toFixed(3)),
  };
}

describe('real time over loopback, client limits equal to the server', () => {
  it('keeps headroom for arrival jitter: no 429, and within 1.10 × the token-bucket bound', async () => {
    const result = await realTimeRun();
    console.log(
      JSON.stringify({
        bench: 'real-time-headroom',
        how: `${CALLS} measurements.list calls at once against the fake (own thread) over loopback on the system clock, both at ${RATE}/s burst ${BURST}, 5 % latency faults of 150 ms; bound = (calls - burst) / rate`,
        ...result,
      }),
    );
    expect(result.fulfilled).toBe(CALLS);
    expect(result.tooMany).toBe(0);
    expect(result.requests).toBe(CALLS);
    expect(result.ratio).toBeLessThanOrEqual(1.1);
  }, 20_000);
});
