import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index';
import { RATE_LIMIT_SCRIPT } from '../src/rate-limit-script';

// A Redis of this test's own, without persistence, on a free loopback port: killed with SIGKILL
// and started again empty, as a crashed Redis without `appendonly` comes back.
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout!.setEncoding('utf8');
  for await (const chunk of child.stdout!) {
    out += chunk;
    if (out.includes('Ready to accept connections')) return child;
  }
  throw new Error(`redis-server on port ${port} did not start:\n${out}`);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}

const port = await freePort();
let server = await startRedis(port);
const redis = new Redis({ host: '127.0.0.1', port, retryStrategy: () => 20 });
// While the server is down, ioredis reports each refused reconnect; expected here.
redis.on('error', () => {});
afterAll(async () => {
  redis.disconnect();
  await kill(server);
});

const commandCalls = async (command: string) => {
  const stats = await redis.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
};
const noscriptErrors = async () =>
  Number(/errorstat_NOSCRIPT:count=(\d+)/.exec(await redis.info('errorstats'))?.[1] ?? 0);

it('after a crash and restart of Redis (no persistence): no fresh burst, the script reloaded by EVAL', async () => {
  const limits = { perSecond: 1, burst: 60, dailyQuota: 5000 };
  const prefix = 'restart:';
  const store = createRedisRateLimitStore({ redis, prefix });
  // An established deployment: consumers start full.
  await redis.set(`${prefix}since`, '0');
  const takes = async (n: number) => {
    let granted = 0;
    for (let i = 0; i < n; i++) if ((await store.take('club-1', 0, limits)).granted) granted++;
    return granted;
  };
  expect(await takes(61)).toBe(60);
  const sha = createHash('sha1').update(RATE_LIMIT_SCRIPT).digest('hex');
  expect(await redis.script('EXISTS', sha)).toEqual([1]);

  await kill(server);
  server = await startRedis(port);
  const restartedAt = performance.now();
  await redis.ping(); // ioredis reconnects on its own
  expect(await redis.dbsize()).toBe(0);
  expect(await redis.script('EXISTS', sha)).toEqual([0]);

  const before = [await commandCalls('eval'), await commandCalls('evalsha'), await noscriptErrors()];
  const first = await store.take('club-1', 0, limits);
  const granted = (first.granted ? 1 : 0) + (await takes(59));
  const elapsedS = (performance.now() - restartedAt) / 1000;
  console.log(JSON.stringify({ test: 'restart', elapsedS, grantedOf60: granted }));
  // The API's bucket was empty at the crash and refills at 1/s: no more than that.
  expect(first).toMatchObject({ granted: false, scope: 'burst' });
  expect(granted).toBeLessThanOrEqual(Math.floor(elapsedS));
  // ioredis knows a new connection lacks the script: one EVAL loads it, every later take is one EVALSHA.
  const after = [await commandCalls('eval'), await commandCalls('evalsha'), await noscriptErrors()];
  expect(after.map((n, i) => n - before[i]!)).toEqual([1, 59, 0]);
  expect(await redis.script('EXISTS', sha)).toEqual([1]);
  // On the same connection, a script cache flushed under it: EVALSHA answers NOSCRIPT, EVAL follows.
  await redis.script('FLUSH');
  expect(await store.take('club-2', 0, limits)).toHaveProperty('granted');
  expect([await commandCalls('eval'), await noscriptErrors()]).toEqual([after[0]! + 1, after[2]! + 1]);
});
