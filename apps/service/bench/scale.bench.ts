/**
 * bench:scale — the distributed sync (BullMQ on Redis, PostgreSQL 15) with several service processes.
 *
 * Method: one fake Sports Cloud in this process serves 6 consumers (one account each) on loopback.
 * Each run uses a fresh database and Redis prefix, boots N `node dist/main.mjs` workers, queues every
 * consumer with one `POST /api/sync` and times until the last run is done (boot time excluded).
 * 1. Throughput: the fake's and the consumers' limits raised (the API is not the bottleneck), with
 *    1, 2 and 4 workers (each may run all 6 consumers at once): result sets decoded and stored per
 *    second. The fake answers a repeated request from a cache filled by a warm-up run (not reported),
 *    so its own work (generating and compressing series) is not timed; the workers' is.
 * 2. Bound: the API's limits with the burst scaled down for time (1 request/s, burst 10 per consumer), 4 workers,
 *    buckets full at the start: the wall time against the token-bucket bound, the largest over the
 *    consumers of (requests − burst) / rate, since each consumer's bucket refills on its own.
 * JSON lines. BENCH_WORKERS (default 1,2,4) narrows part 1; BENCH_PARTS=throughput,bound picks parts.
 */
import { loadavg } from 'node:os';
import { startFleetFake } from '../test/fleet/fake';
import { runFleet } from '../test/fleet/run';

const CONSUMERS = 6;
const parts = (process.env.BENCH_PARTS ?? 'throughput,bound').split(',');
const workerCounts = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const line = (o: Record<string, unknown>) =>
  console.log(JSON.stringify({ bench: 'scale', ...o, loadAverage: Number(loadavg()[0]!.toFixed(1)) }));

if (parts.includes('throughput')) {
  const fleet = await startFleetFake({
    consumers: CONSUMERS,
    dataset: {
      teamsPerAccount: 2,
      groupsPerTeam: 1,
      athletesPerAccount: 8,
      measurementsPerAthlete: 4,
      sessionsPerTeam: 5,
      maxLaps: 2,
      days: 30,
    },
    limits: { rate: Number.POSITIVE_INFINITY, burst: 1_000_000, dailyQuota: 1_000_000 },
    cacheAnswers: true,
  });
  try {
    // A warm-up run fills the fake's answer cache: the measured runs then time the workers, not the fake.
    await runFleet(fleet, {
      workers: 2,
      workerConcurrency: CONSUMERS,
      limits: { perSecond: 10_000, burst: 100_000, dailyQuota: 1_000_000 },
    });
    for (const workers of workerCounts) {
      const r = await runFleet(fleet, {
        workers,
        workerConcurrency: CONSUMERS,
        limits: { perSecond: 10_000, burst: 100_000, dailyQuota: 1_000_000 },
      });
      line({
        part: 'throughput',
        workers,
        consumers: CONSUMERS,
        seconds: Number(r.seconds.toFixed(2)),
        resultSets: r.resultSets,
        resultSetsPerSecond: Number((r.resultSets / r.seconds).toFixed(1)),
        requests: r.requests,
        requestsPerSecond: Number((r.requests / r.seconds).toFixed(1)),
        throttled429: r.throttled429,
      });
    }
  } finally {
    await fleet.server.close();
  }
}

if (parts.includes('bound')) {
  const limits = { rate: 1, burst: 10, dailyQuota: 5000 };
  const fleet = await startFleetFake({
    consumers: CONSUMERS,
    dataset: {
      teamsPerAccount: 1,
      groupsPerTeam: 1,
      athletesPerAccount: 6,
      measurementsPerAthlete: 4,
      sessionsPerTeam: 5,
      maxLaps: 1,
      days: 20,
    },
    limits,
  });
  try {
    const r = await runFleet(fleet, {
      workers: 4,
      workerConcurrency: 2,
      limits: { perSecond: limits.rate, burst: limits.burst, dailyQuota: limits.dailyQuota },
      fullBuckets: true,
    });
    const perConsumer = [...r.perConsumer.values()].map((t) => t.requests);
    const bound = Math.max(...perConsumer.map((n) => Math.max(0, n - limits.burst) / limits.rate));
    line({
      part: 'bound',
      workers: 4,
      consumers: CONSUMERS,
      limits: `${limits.rate}/s burst ${limits.burst}`,
      seconds: Number(r.seconds.toFixed(2)),
      tokenBucketBoundSeconds: Number(bound.toFixed(2)),
      timeRatio: Number((r.seconds / bound).toFixed(2)),
      requests: r.requests,
      maxRequestsPerConsumer: Math.max(...perConsumer),
      resultSets: r.resultSets,
      throttled429: r.throttled429,
    });
  } finally {
    await fleet.server.close();
  }
}
