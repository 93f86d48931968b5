import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { decompress as zstdDecompress } from 'fzstd';
import { build, type UserConfig } from 'tsdown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSportsCloud, createSimulatedClock, signSportsCloudToken } from '../src/index';
import { type FakeServer, startFakeServer } from '../src/node';
import tsdownConfig from '../tsdown.config';
import { here } from './helpers';

describe('startFakeServer on 127.0.0.1', () => {
  const fake = createFakeSportsCloud({ seed: 4, clock: createSimulatedClock() });
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeServer(fake, { port: 0 });
  });
  afterAll(() => server.close());

  it('serves the API over real HTTP (undici decodes the gzip it asked for)', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await fetch(`${server.url}/sports/accounts`, { headers: await fake.authHeaders() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = (await res.json()) as { accounts: unknown[] };
    expect(body.accounts).toHaveLength(2);
  });

  it('passes request bodies through (register) and status codes/headers back', async () => {
    const res = await fetch(`${server.url}/account/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consumerName: 'Over HTTP' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { consumerName: string }).consumerName).toBe('Over HTTP');
    const unauthorized = await fetch(`${server.url}/sports/accounts`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('x-fake-reason')).toBe('missing bearer token');
  });

  it('sends zstd as raw bytes that fzstd decodes', async () => {
    const res = await fetch(`${server.url}/sports/sports-types`, {
      headers: { ...(await fake.authHeaders()), 'accept-encoding': 'zstd' },
    });
    expect(res.headers.get('content-encoding')).toBe('zstd');
    const text = new TextDecoder().decode(zstdDecompress(new Uint8Array(await res.arrayBuffer())));
    expect(JSON.parse(text)).toContain('football');
  });

  it('GET /__fake/stats reports what was served', async () => {
    const stats = (await (await fetch(`${server.origin}/__fake/stats`)).json()) as {
      total: number;
      byStatus: Record<string, number>;
    };
    expect(stats.total).toBe(fake.stats().total);
    expect(stats.byStatus['401']).toBeGreaterThanOrEqual(1);
  });

  it('a reset fault destroys the socket, so fetch fails with a network TypeError', async () => {
    const faulty = createFakeSportsCloud({ faults: { rate: 1, kinds: { reset: 1 } } });
    const s = await startFakeServer(faulty);
    try {
      const error = await fetch(`${s.url}/sports/accounts`, { headers: await faulty.authHeaders() }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
    } finally {
      await s.close();
    }
  });
});

describe('the sportscloud-fake CLI', () => {
  let binPath: string;
  beforeAll(async () => {
    // Build the bin from source with the package's own tsdown settings into a scratch folder,
    // so this test never depends on (or disturbs) a previous `pnpm build`.
    const configs = (Array.isArray(tsdownConfig) ? tsdownConfig : [tsdownConfig]) as UserConfig[];
    const binConfig = configs.find(
      (c) => typeof c.entry === 'object' && c.entry !== null && 'bin' in c.entry,
    )!;
    const outDir = join(here, '..', 'node_modules', '.cache', 'sportscloud-fake-bin');
    await build({
      ...binConfig,
      config: false,
      cwd: join(here, '..'),
      outDir,
      clean: true,
      sourcemap: false,
      logLevel: 'silent',
    });
    binPath = join(outDir, 'bin.mjs');
  }, 30_000);

  function start(args: string[]): { child: ChildProcessWithoutNullStreams; line: Promise<string> } {
    const child = spawn(process.execPath, [binPath, ...args], { stdio: 'pipe' });
    const line = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    return { child, line };
  }

  const exited = (child: ChildProcessWithoutNullStreams) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it('keeps the shebang', () => {
    expect(readFileSync(binPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints one JSON line with working credentials, then exits 0 on %s',
    async (signal) => {
      const { child, line } = start(['--port', '0', '--seed', '5', '--accounts', '1', '--burst', '2']);
      const info = JSON.parse(await line) as {
        url: string;
        consumerId: string;
        sharedSecret: string;
        apiKey: string;
      };
      expect(Object.keys(info)).toEqual(['url', 'consumerId', 'sharedSecret', 'apiKey']);
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const token = await signSportsCloudToken(info);
      const headers = { authorization: `Bearer ${token}`, 'x-api-key': info.apiKey };
      const accounts = (await (await fetch(`${info.url}/sports/accounts`, { headers })).json()) as {
        accounts: unknown[];
      };
      expect(accounts.accounts).toHaveLength(1);
      // --burst 2: the third immediate request is throttled.
      await fetch(`${info.url}/sports/event-types`, { headers });
      expect((await fetch(`${info.url}/sports/event-types`, { headers })).status).toBe(429);
      const exit = exited(child);
      child.kill(signal);
      expect(await exit).toBe(0);
    },
    15_000,
  );

  it('rejects a non-numeric flag with exit code 2', async () => {
    const child = spawn(process.execPath, [binPath, '--port', 'abc'], { stdio: 'pipe' });
    expect(await exited(child)).toBe(2);
  });
});
