import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServiceStorage } from '../src/database';
import { ConsumerStore } from '../src/scale/consumer-store';
import { CredentialCipher } from '../src/scale/credential-cipher';
import { runCli } from './cli';
import { FLEET_LIMITS as LIMITS, startFleetTest, storeConsumers } from './fleet/setup';
import {
  listeningUrl,
  REDIS_URL,
  startWorkers,
  stopWorkers,
  throwawayRedisPrefix,
  type WorkerProcess,
  waitForFleet,
} from './fleet/workers';

/**
 * The scale-out on real PostgreSQL 15 and Redis 7 (loopback): 4 service processes as workers, 6
 * consumers on one fake Sports Cloud with the API's limit shapes scaled down for time (20 requests/s,
 * burst 10, a daily quota per consumer), one worker killed with `kill -9` while it syncs.
 */
const CONSUMERS = 6;
const WORKERS = 4;
const DATASET = {
  teamsPerAccount: 1,
  groupsPerTeam: 1,
  athletesPerAccount: 5,
  measurementsPerAthlete: 3,
  sessionsPerTeam: 4,
  maxLaps: 1,
  days: 14,
};

async function waitUntil(done: () => boolean, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('4 workers, 6 consumers, one kill -9', () => {
  let test: Awaited<ReturnType<typeof startFleetTest>>;
  let fleet: typeof test.fleet;
  const redis = throwawayRedisPrefix();
  let referenceTraffic: Map<string, { requests: number; throttled: number }>;
  let workers: WorkerProcess[] = [];
  let adminToken = '';
  let scopedToken = '';
  let secretsDir = '';
  let env: Record<string, string> = {};
  /** The API of each worker still running. */
  const liveUrls = () =>
    workers
      .filter((w) => w.child.exitCode === null && w.child.signalCode === null)
      .map(listeningUrl)
      .filter((u): u is string => u !== undefined);

  beforeAll(async () => {
    test = await startFleetTest({ consumers: CONSUMERS, dataset: DATASET });
    fleet = test.fleet;
    secretsDir = await mkdtemp(join(tmpdir(), 'sc-scale-'));
    env = { ...test.workerEnv({ url: REDIS_URL, prefix: redis.prefix }), SYNC_WORKER_CONCURRENCY: '2' };
    // The workers boot while the reference syncs; no consumer is stored yet, so they wait idle.
    workers = startWorkers(WORKERS, env);
  });

  afterAll(async () => {
    await stopWorkers(workers);
    await test?.close();
    await redis.drop();
    if (secretsDir) await rm(secretsDir, { recursive: true, force: true });
  });

  it('a single-process sync of the 6 consumers (the reference)', async () => {
    // One process, one pool: each run holds a connection for its lock, plus its work.
    const reports = await test.syncReference(CONSUMERS + 4);
    expect(reports.map((r) => r.state)).toEqual(Array(CONSUMERS).fill('done'));
    referenceTraffic = fleet.traffic();
    expect([...referenceTraffic.values()].every((t) => t.throttled === 0)).toBe(true);
  });

  it('4 workers sync the same data after one of them is killed, within each budget and 1.05× the requests', async () => {
    const url = test.url;
    // Five consumers stored directly, the sixth through the CLI (its secret read from a file).
    const tokens = await storeConsumers(
      url,
      test.key,
      fleet.consumers.slice(0, -1).map((c) => ({ ...test.client(c), label: `club of ${c.accountId}` })),
      [
        { accounts: '*', scopes: ['admin'] },
        { accounts: '*', scopes: ['read'], consumers: [fleet.consumers[0]!.consumerId] },
      ],
    );
    [adminToken, scopedToken] = [tokens[0]!, tokens[1]!];
    const last = fleet.consumers.at(-1)!;
    const secretFile = join(secretsDir, 'secret');
    const keyFile = join(secretsDir, 'api-key');
    await writeFile(secretFile, last.sharedSecret);
    await writeFile(keyFile, last.apiKey);
    const added = await runCli(
      [
        'consumer',
        'add',
        '--id',
        last.consumerId,
        '--shared-secret-file',
        secretFile,
        '--api-key-file',
        keyFile,
        '--base-url',
        fleet.server.url,
        '--rate-per-second',
        String(LIMITS.rate),
        '--rate-burst',
        String(LIMITS.burst),
        '--daily-quota',
        String(LIMITS.dailyQuota),
      ],
      env,
    ).done;
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout + added.stderr).not.toContain(last.sharedSecret);

    const referenceTotal = [...referenceTraffic.values()].reduce((n, t) => n + t.requests, 0);
    await waitUntil(() => liveUrls().length === WORKERS, 60_000, 'the workers to listen');
    fleet.reset();
    const started = Date.now();
    // Any instance may be asked: one job per consumer goes on the queue, and every worker takes some.
    const trigger = await fetch(`${liveUrls()[0]}/api/sync`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(((await trigger.json()) as { consumers: string[] }).consumers.length).toBe(CONSUMERS);
    // Midway (40 % of the reference's requests), kill -9 a worker that is running a consumer's sync.
    let victim: WorkerProcess | undefined;
    let killedAt = 0;
    let firstRequestAt = 0;
    const killed = new Promise<void>((resolve) => {
      fleet.onRequest((total) => {
        if (total === 1) firstRequestAt = Date.now() - started;
        if (victim || total < referenceTotal * 0.4) return;
        victim = workers.find((w) => w.active.size > 0);
        if (!victim) return;
        victim.child.kill('SIGKILL');
        killedAt = Date.now() - started;
        resolve();
      });
    });
    await killed;
    fleet.onRequest(() => {});
    expect((await victim!.exited).signal).toBe('SIGKILL');
    const wallMs = await waitForFleet(
      url,
      redis.prefix,
      fleet.consumers.map((c) => c.consumerId),
      60_000,
    );
    const traffic = fleet.traffic();
    const total = [...traffic.values()].reduce((n, t) => n + t.requests, 0);
    const throttled = [...traffic.values()].reduce((n, t) => n + t.throttled, 0);
    console.log(
      JSON.stringify({
        test: 'scale',
        workers: WORKERS,
        consumers: CONSUMERS,
        killed: `worker ${victim!.index} (syncing ${[...victim!.active].join(', ')})`,
        requests: total,
        referenceRequests: referenceTotal,
        requestsRatio: Number((total / referenceTotal).toFixed(3)),
        throttled429: throttled,
        maxPerConsumer: Math.max(...[...traffic.values()].map((t) => t.requests)),
        dailyQuota: LIMITS.dailyQuota,
        killedAfterSeconds: Number((killedAt / 1000).toFixed(1)),
        firstRequestAfterSeconds: Number((firstRequestAt / 1000).toFixed(1)),
        wallSeconds: Number(((Date.now() - started) / 1000).toFixed(1)),
        afterKillSeconds: Number((wallMs / 1000).toFixed(1)),
      }),
    );
    // Another worker took the killed one's jobs over: its consumers' runs are done too.
    expect(throttled).toBe(0);
    expect(total).toBeLessThanOrEqual(referenceTotal * 1.05);
    for (const c of fleet.consumers)
      expect(traffic.get(c.consumerId)?.requests ?? 0).toBeLessThanOrEqual(LIMITS.dailyQuota);
    const stored = await test.againstReference();
    expect(stored.shared).toEqual(stored.reference);
    expect(stored.duplicates).toBe(0);
    // The day's count each consumer committed stays within its quota too.
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query('select consumer_id, used from sc_quota_usage');
    await db.end();
    for (const r of rows) expect(Number(r.used)).toBeLessThanOrEqual(LIMITS.dailyQuota);
  });

  it('status: every instance gives each consumer the same plan; a consumer-scoped token sees only its own', async () => {
    const urls = liveUrls();
    expect(urls.length).toBe(WORKERS - 1);
    const statusOf = async (base: string, token: string) =>
      (await (
        await fetch(`${base}/api/sync/status`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        consumers: { consumerId: string; usedToday: number; canFinishToday: boolean; summary: string }[];
      };
    const [a, b] = [await statusOf(urls[0]!, adminToken), await statusOf(urls[1]!, adminToken)];
    expect(a.consumers.map((c) => c.consumerId).sort()).toEqual(
      fleet.consumers.map((c) => c.consumerId).sort(),
    );
    expect(b.consumers).toEqual(a.consumers);
    for (const plan of a.consumers) {
      expect(plan.canFinishToday).toBe(true);
      expect(plan.usedToday).toBeGreaterThan(0);
      expect(plan.summary).toContain('finishes today');
    }
    const scoped = await statusOf(urls[0]!, scopedToken);
    expect(scoped.consumers.map((c) => c.consumerId)).toEqual([fleet.consumers[0]!.consumerId]);
    const accounts = (await (
      await fetch(`${urls[0]}/api/accounts`, { headers: { authorization: `Bearer ${scopedToken}` } })
    ).json()) as { items: { accountId: string }[] };
    expect(accounts.items.map((x) => x.accountId)).toEqual([fleet.consumers[0]!.accountId]);
    const other = fleet.consumers[1]!.accountId;
    const denied = await fetch(`${urls[0]}/api/accounts/${other}/teams`, {
      headers: { authorization: `Bearer ${scopedToken}` },
    });
    expect(denied.status).toBe(403);
  });

  it('consumer credentials: encrypted in the database, in no log and no API response', async () => {
    const base = liveUrls()[0]!;
    const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const extra = {
      consumerId: 'added-over-http',
      sharedSecret: `s3cret-${randomBytes(12).toString('hex')}`,
      apiKey: `key-${randomBytes(12).toString('hex')}`,
    };
    const responses: string[] = [];
    const created = await fetch(`${base}/api/consumers`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(extra),
    });
    responses.push(await created.text());
    expect(created.status, responses[0]).toBe(201);
    const bad = await fetch(`${base}/api/consumers`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ ...extra, sharedSecret: 'short' }),
    });
    expect(bad.status).toBe(400);
    responses.push(await bad.text());
    expect(JSON.parse(responses[1]!).field).toBe('sharedSecret');
    for (const path of ['/api/consumers', '/api/sync/status', '/docs-json', '/metrics'])
      responses.push(await (await fetch(base + path, { headers: auth })).text());

    // The deployment guide's commands, as written (run from the repository root).
    const guide = readFileSync(new URL('../docs/deployment.md', import.meta.url), 'utf8');
    const block = /```sh\n(node apps\/service\/dist\/main\.mjs consumer add[\s\S]*?)```/.exec(guide)![1]!;
    const club = {
      id: 'club-7',
      secret: `club-secret-${randomBytes(8).toString('hex')}`,
      key: `club-key-${randomBytes(8).toString('hex')}`,
    };
    await writeFile(join(secretsDir, 'club-7'), club.secret);
    await writeFile(join(secretsDir, 'club-7-key'), club.key);
    const outputs: string[] = [];
    for (const command of block.trim().split('\n')) {
      const run = spawnSync('sh', ['-c', command], {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        env: {
          PATH: process.env.PATH ?? '',
          ...env,
          LOG_LEVEL: 'warn',
          CONSUMER_ID: club.id,
          SECRET_FILE: join(secretsDir, 'club-7'),
          API_KEY_FILE: join(secretsDir, 'club-7-key'),
        },
        encoding: 'utf8',
      });
      expect(run.status, `${command}\n${run.stderr}`).toBe(0);
      outputs.push(run.stdout + run.stderr);
    }
    expect(outputs[1]).toContain('club-7\t1/s burst 60 5000/day');
    const clubToken = /^sct_\S+$/m.exec(outputs[2]!)![0];
    // The commands took seconds: the pooled keep-alive socket to the worker may just have closed.
    const statusOnce = () =>
      fetch(`${base}/api/sync/status`, { headers: { authorization: `Bearer ${clubToken}` } });
    const clubStatus = (await (await statusOnce().catch(statusOnce)).json()) as {
      consumers: { consumerId: string }[];
    } & Record<string, unknown>;
    expect(clubStatus.consumers.map((c) => c.consumerId)).toEqual(['club-7']);
    // Nothing of the process's own consumer (its runs, messages, quota) reaches a token of another one.
    expect(Object.keys(clubStatus).sort()).toEqual(['consumers', 'counts', 'errors']);
    responses.push(...outputs, JSON.stringify(clubStatus));

    const db = new pg.Client({ connectionString: test.url });
    await db.connect();
    const tables = await db.query(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    let dump = '';
    for (const { table_name } of tables.rows)
      dump += JSON.stringify((await db.query(`select * from "${table_name}"`)).rows);
    const stored = await db.query('select shared_secret_enc from svc_consumers');
    await db.end();
    expect(stored.rows.length).toBe(CONSUMERS + 2);
    expect(stored.rows.every((r) => String(r.shared_secret_enc).startsWith('v1.'))).toBe(true);

    const secrets = [
      ...fleet.consumers.flatMap((c) => [c.sharedSecret, c.apiKey]),
      extra.sharedSecret,
      extra.apiKey,
      club.secret,
      club.key,
    ];
    const logs = workers.map((w) => w.log()).join('\n');
    for (const secret of secrets) {
      expect(dump).not.toContain(secret);
      expect(logs).not.toContain(secret);
      for (const r of responses) expect(r).not.toContain(secret);
    }
    // Decrypting with another key fails with an error that names no secret.
    const storage = await openServiceStorage({ database: { url: test.url } });
    try {
      const wrongKey = new ConsumerStore(storage, new CredentialCipher(randomBytes(32)));
      await expect(wrongKey.credentials(extra.consumerId)).rejects.toThrow(
        /cannot decrypt the stored credential added-over-http\/sharedSecret/,
      );
    } finally {
      await storage.close();
    }
  });
});
