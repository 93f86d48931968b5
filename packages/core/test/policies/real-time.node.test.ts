import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';
import { afterEach, describe, expect, it } from 'vitest';
import { SportsCloudClient } from '../../src';

/**
 * Real time over loopback: requests the client sends 1/rate apart arrive closer together, because
 * the trip (event loop, socket, the fake's JWT check) takes a varying time. With client limits equal
 * to the server's, the headroom for arrival jitter must keep the fake's bucket from running dry
 * (issue 7, point 2). This test is about real time, so it runs on the system clock — bounded to a
 * few seconds: 70 calls at 20/s with a burst of 10 take (70 − 10) / 20 = 3 s at best.
 */

const RATE = 20;
const BURST = 10;
const CALLS = 70;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function realTimeRun(arrivalJitterMs: number | undefined) {
  const fake = createFakeSportsCloud({
    seed: 11,
    limits: { rate: RATE, burst: BURST },
    dataset: { accounts: 1, athletesPerAccount: 5, measurementsPerAthlete: 2, sessionsPerTeam: 1 },
    // 5 % of answers delayed by 150 ms: responses overlap and come back out of order.
    faults: { rate: 0.05, kinds: { latency: 1 }, latencyMs: 150 },
  });
  server = await startFakeServer(fake);
  const client = new SportsCloudClient({
    consumerId: fake.consumerId,
    sharedSecret: fake.sharedSecret,
    apiKey: fake.apiKey,
    baseURL: server.url,
    rateLimit: {
      perSecond: RATE,
      burst: BURST,
      ...(arrivalJitterMs === undefined ? {} : { arrivalJitterMs }),
    },
  });
  const [account] = await client.accounts.list();
  const athletes = await client.athletes.list({ accountId: account!.accountId }).toArray();
  fake.resetLimits();
  fake.resetStats();
  await new Promise((resolve) => setTimeout(resolve, 1_000 / RATE));
  const start = performance.now();
  // An export's shape: every athlete's measurements, over and over, all at once.
  const calls = Array.from({ length: CALLS }, (_, i) =>
    client.measurements
      .list({ accountId: account!.accountId, athleteId: athletes[i % athletes.length]!.athleteId })
      .toArray(),
  );
  const settled = await Promise.allSettled(calls);
  const seconds = (performance.now() - start) / 1000;
  const stats = fake.stats();
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
    const result = await realTimeRun(undefined);
    console.log(
      JSON.stringify({
        bench: 'real-time-headroom',
        how: `${CALLS} measurements.list calls at once against the fake over loopback (system clock), both at ${RATE}/s burst ${BURST}, 5 % latency faults of 150 ms; bound = (calls - burst) / rate`,
        ...result,
      }),
    );
    expect(result.fulfilled).toBe(CALLS);
    expect(result.tooMany).toBe(0);
    expect(result.requests).toBe(CALLS);
    expect(result.ratio).toBeLessThanOrEqual(1.1);
  }, 20_000);
});
