import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import { createFakeSportsCloud, type DatasetOptions } from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';
import pg from 'pg';
import { createApp } from '../src/app';
import type { ServiceConfig } from '../src/config';
import { openServiceStorage } from '../src/database';
import type { SportsCloudSource } from '../src/sports-cloud-source';
import { SyncRunner } from '../src/sync-runner';

export const PG_ADMIN_URL = process.env.SPORTSCLOUD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export type Engine = 'pglite' | 'postgres';
export const ENGINES: Engine[] = ['pglite', 'postgres'];

/** A fresh database: a temporary PGlite folder, or a new PostgreSQL database dropped afterwards. */
export async function throwawayDatabase(engine: Engine) {
  if (engine === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'sc-service-'));
    return {
      database: { dataDir } as ServiceConfig['database'],
      env: { DATA_DIR: dataDir } as Record<string, string>,
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `sc_service_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    database: { url } as ServiceConfig['database'],
    env: { DATABASE_URL: url } as Record<string, string>,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export const SMALL_DATASET: DatasetOptions = {
  accounts: 2,
  teamsPerAccount: 1,
  groupsPerTeam: 1,
  athletesPerAccount: 6,
  measurementsPerAthlete: 2,
  sessionsPerTeam: 3,
  maxLaps: 2,
  days: 20,
};

/** The fake Sports Cloud on loopback; its limits raised so no test waits out a real-clock policy. */
export async function startFake(dataset: DatasetOptions = SMALL_DATASET) {
  const fake = createFakeSportsCloud({
    seed: 3,
    dataset,
    limits: { rate: Number.POSITIVE_INFINITY, burst: 100_000 },
  });
  let served = 0;
  let onRequest: (n: number) => void = () => {};
  const server: FakeServer = await startFakeServer({
    fetch: (request: Request) => {
      served += 1;
      onRequest(served);
      return fake.fetch(request);
    },
  });
  return {
    fake,
    server,
    get served() {
      return served;
    },
    onRequest(fn: (n: number) => void) {
      onRequest = fn;
    },
    source(): SportsCloudSource {
      return {
        client: {
          consumerId: fake.consumerId,
          sharedSecret: fake.sharedSecret,
          apiKey: fake.apiKey,
          baseURL: server.url,
          rateLimit: { perSecond: 1000, burst: 100_000, dailyQuota: 5000 },
        },
        demo: false,
        description: 'the test fake',
        close: async () => {},
      };
    },
  };
}

/**
 * Every service booted in this process logs here: nestjs-pino keeps module-level state, and a second
 * app in one process was seen writing to the first app's stream. One shared capture sees all lines.
 */
let logs = '';
const logStream = new PassThrough();
logStream.on('data', (chunk: Buffer) => {
  logs += chunk.toString('utf8');
});

export interface RunningService {
  url: string;
  app: INestApplication;
  logs: () => string;
  runner: SyncRunner;
  close(): Promise<void>;
}

/** Boots the service in this process, listening on a free loopback port. */
export async function bootService(
  database: ServiceConfig['database'],
  source: SportsCloudSource,
  options: { syncAtBoot?: boolean } = {},
): Promise<RunningService> {
  const config: ServiceConfig = {
    database,
    host: '127.0.0.1',
    port: 0,
    syncIntervalMinutes: 0,
    overlapHours: 72,
    logLevel: 'debug',
  };
  const storage = await openServiceStorage(config);
  const app = await createApp({ config, storage, source, syncAtBoot: options.syncAtBoot ?? true, logStream });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    url,
    app,
    logs: () => logs,
    runner: app.get(SyncRunner),
    async close() {
      await app.close();
      await storage.close();
    },
  };
}

/** A fetch with a bearer token (or none). */
export function api(base: string, token?: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(base + path, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as object) },
    });
}

/**
 * `METHOD /path` of every route the HTTP server (Express) has, Nest's and those mounted beside it.
 * Registrations for every method at once are middleware (Nest mounts `forRoutes` with `all()`).
 */
export function serverRoutes(app: INestApplication): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  return express.router.stack.flatMap(({ route }) => {
    const methods = route ? Object.keys(route.methods) : [];
    if (!route || methods.includes('_all') || methods.length > 8) return [];
    return methods.map((method) => `${method.toUpperCase()} ${route.path}`);
  });
}

/** Polls `read` until it gives a value (not undefined); fails naming `what` after `timeoutMs`. */
export async function until<T>(
  read: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
