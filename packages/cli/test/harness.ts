import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createFakeSportsCloud,
  type FakeSportsCloud,
  type FakeSportsCloudOptions,
} from '@sportscloud/test-utils';
import { type FakeServer, startFakeServer } from '@sportscloud/test-utils/node';

export const BIN = fileURLToPath(new URL('../dist/bin.mjs', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A home of its own per test file: no real config file, state or credentials leak in. */
export function sandbox(): { dir: string; env: Record<string, string>; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sportscloud-cli-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_STATE_HOME: join(dir, 'state'),
  };
  return { dir, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the built `sportscloud` bin as a subprocess and collects its output. */
export function sportscloud(
  args: readonly string[],
  options: { env: Record<string, string>; cwd?: string; input?: string; timeoutMs?: number },
): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: options.env,
    cwd: options.cwd ?? options.env.HOME,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return collect(child, started, options.input, options.timeoutMs);
}

export function collect(
  child: ChildProcess,
  started: number,
  input?: string,
  timeoutMs = 60_000,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin!.end(input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

export interface Fake {
  fake: FakeSportsCloud;
  server: FakeServer;
  /** SPORTSCLOUD_* for the fake's seeded consumer. */
  env: Record<string, string>;
}

export async function startFake(options: FakeSportsCloudOptions = { seed: 1 }): Promise<Fake> {
  const fake = createFakeSportsCloud(options);
  const server = await startFakeServer(fake);
  return {
    fake,
    server,
    env: {
      SPORTSCLOUD_BASE_URL: server.url,
      SPORTSCLOUD_CONSUMER_ID: fake.consumerId,
      SPORTSCLOUD_SHARED_SECRET: fake.sharedSecret,
    },
  };
}

/** Every credential of the fake's seeded consumer, to check that none is ever printed. */
export function secretsOf(fake: FakeSportsCloud): string[] {
  return [fake.sharedSecret, fake.apiKey];
}
