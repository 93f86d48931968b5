import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SYNC_QUEUE } from '../../src/scale/sync-queue';
import { MAIN } from '../cli';

export const REDIS_URL = process.env.SPORTSCLOUD_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** A key prefix no other run uses; `drop` deletes every key under it. */
export function throwawayRedisPrefix() {
  const prefix = `sc-test-${randomBytes(6).toString('hex')}`;
  return {
    prefix,
    async drop() {
      const redis = new Redis(REDIS_URL);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}

/** A worker process (`node dist/main.mjs`), the consumers it started and finished, from its log. */
export interface WorkerProcess {
  child: ChildProcess;
  index: number;
  /** Consumers whose job it took and has not finished. */
  active: Set<string>;
  log: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `n` service instances as workers on one PostgreSQL and one Redis. */
export function startWorkers(n: number, env: Record<string, string>): WorkerProcess[] {
  return Array.from({ length: n }, (_, index) => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        SYNC_INTERVAL_MINUTES: '0',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const active = new Set<string>();
    let partial = '';
    const onData = (chunk: Buffer) => {
      log += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const started = /sync of (\S+) started/.exec(line);
        if (started) active.add(started[1]!);
        const ended = /sync of (\S+) (done|paused|failed)/.exec(line);
        if (ended) active.delete(ended[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    return { child, index, active, log: () => log, exited };
  });
}

/** The URL a worker listens on (a free port: it says which in its log), once it does. */
export function listeningUrl(worker: WorkerProcess): string | undefined {
  return /Listening on (http:\/\/\S+) /.exec(worker.log())?.[1];
}

/** Stops the workers that still run (SIGTERM), and waits for them. */
export async function stopWorkers(workers: WorkerProcess[]) {
  for (const w of workers)
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

/**
 * Resolves when every consumer's latest run is `done` and the queue holds no job: the fleet
 * finished. Polls the database and Redis (the workers' own state), every 100 ms, up to `timeoutMs`.
 */
export async function waitForFleet(
  databaseUrl: string,
  prefix: string,
  consumerIds: readonly string[],
  timeoutMs: number,
  redisUrl = REDIS_URL,
): Promise<number> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(SYNC_QUEUE, { connection, prefix });
  try {
    for (;;) {
      const runs = await client
        .query(
          `select distinct on (consumer_id) consumer_id, state from sc_runs
           where consumer_id = any($1) order by consumer_id, run_id desc`,
          [consumerIds],
        )
        .catch(() => ({ rows: [] as { state: string }[] }));
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      const queued = Object.values(counts).reduce((a, b) => a + b, 0);
      if (
        runs.rows.length === consumerIds.length &&
        runs.rows.every((r) => r.state === 'done') &&
        queued === 0
      )
        return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        const failed = (await queue.getFailed()).map((j) => `${j.data.consumerId}: ${j.failedReason}`);
        throw new Error(
          `the fleet did not finish in ${timeoutMs} ms: runs ${JSON.stringify(runs.rows)}, queue ${JSON.stringify(counts)}, failed jobs ${JSON.stringify(failed)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await queue.close();
    connection.disconnect();
    await client.end();
  }
}
