// bench:takes — how many takes per second the Redis store answers from 1, 2 and 4 processes sharing
// one consumer, and whether any process was granted more than the bucket held.
//
// Method: each run spawns P Node processes (each its own ioredis connection, the built package),
// waits until all are connected, then releases them together; every process sends 10,000 / P takes
// on one key, 16 in flight. Redis TIME is the clock; the bucket holds 6,000 and refills at 0.001/s,
// so exactly 6,000 takes must be granted. Time = from the release to the last answer. 3 runs per P,
// the median reported. Needs Redis on SPORTSCLOUD_TEST_REDIS_URL (default redis://127.0.0.1:6379).
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { runNodeStoreProcesses } from '@sportscloud/test-utils/node';
import { Redis } from 'ioredis';

const url = process.env.SPORTSCLOUD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TAKES = 10_000;
const BURST = 6_000;
const RUNS = 3;
const redis = new Redis(url);
const prefix = `sportscloud-bench:${randomUUID()}:`;
// An established store: the key starts with a full bucket (see the README's `since` marker).
await redis.set(`${prefix}since`, '0');

const rows = [];
try {
  for (const processes of [1, 2, 4]) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const key = `bench-${processes}-${run}`;
      const { results, ms } = await runNodeStoreProcesses(
        {
          module: new URL('../test/store-process.mjs', import.meta.url),
          env: { STORE_PREFIX: prefix, STORE_TIME: 'redis', SPORTSCLOUD_TEST_REDIS_URL: url },
        },
        {
          processes,
          now: 0,
          concurrency: 16,
          steps: [
            {
              key,
              limits: { perSecond: 0.001, burst: BURST, dailyQuota: 1_000_000 },
              count: TAKES / processes,
            },
          ],
        },
      );
      const all = results.flat(2);
      const granted = all.filter((r) => r.granted).length;
      runs.push({ ms, granted, takes: all.length });
    }
    runs.sort((a, b) => a.ms - b.ms);
    const median = runs[Math.floor(RUNS / 2)];
    const row = {
      bench: 'redis-takes',
      processes,
      takes: median.takes,
      ms: Math.round(median.ms),
      takesPerSecond: Math.round(median.takes / (median.ms / 1000)),
      granted: median.granted,
      overGrants: Math.max(...runs.map((r) => r.granted - BURST)),
      loadAverage1m: Number(loadavg()[0].toFixed(2)),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
} finally {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.unlink(...keys);
  await redis.quit();
}
console.log('\n| processes | takes | ms (median of 3) | takes/s | granted (bucket 6,000) | over-grants |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.processes} | ${r.takes} | ${r.ms} | ${r.takesPerSecond} | ${r.granted} | ${r.overGrants} |`,
  );
if (rows.some((r) => r.overGrants !== 0 || r.granted !== BURST)) process.exit(1);
