import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import {
  createFakeSportsCloud,
  createSimulatedClock,
  type FakeSportsCloud,
  type FakeSportsCloudOptions,
  type SimulatedClock,
} from '../src/index';

export const here = dirname(fileURLToPath(import.meta.url));

/**
 * The shared reference folder: `SPORTSCLOUD_SHARED_DIR` if set, else the first `shared/` found
 * walking up from this file. That covers this machine (/work/shared next to /work/main) and CI
 * (`<clone>/../shared`), whatever the clone folder is called.
 */
export function sharedDir(): string {
  const fromEnv = process.env.SPORTSCLOUD_SHARED_DIR;
  if (fromEnv) return fromEnv;
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'shared', 'reference', 'openapi-1.1.0.json'))) return join(dir, 'shared');
    if (dirname(dir) === dir) throw new Error(`no shared/reference/openapi-1.1.0.json above ${here}`);
  }
}

export const readShared = (...parts: string[]): unknown =>
  JSON.parse(readFileSync(resolve(sharedDir(), ...parts), 'utf8'));

export interface TestFake {
  fake: FakeSportsCloud;
  clock: SimulatedClock;
  /** GET (or another method) a path under /v1 as the seeded consumer. */
  call(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
}

export function makeFake(options: FakeSportsCloudOptions = {}): TestFake {
  const clock = createSimulatedClock();
  const fake = createFakeSportsCloud({ clock, ...options });
  return {
    fake,
    clock,
    async call(path, { auth = true, headers, ...init } = {}) {
      const h = new Headers(headers);
      if (auth) for (const [k, v] of Object.entries(await fake.authHeaders())) if (!h.has(k)) h.set(k, v);
      return fake.fetch(new Request(`https://api.firstbeat.com/v1${path}`, { ...init, headers: h }));
    },
  };
}

/** The body bytes after undoing Content-Encoding (in-process responses are not decoded by fetch). */
export async function bodyBytes(response: Response): Promise<Uint8Array> {
  const raw = new Uint8Array(await response.arrayBuffer());
  switch (response.headers.get('content-encoding')) {
    case null:
      return raw;
    case 'gzip':
      return gunzipSync(raw);
    case 'deflate':
      return inflateSync(raw);
    case 'br':
      return brotliDecompressSync(raw);
    case 'zstd':
      return zstdDecompress(raw);
    default:
      throw new Error(`unexpected content-encoding ${response.headers.get('content-encoding')}`);
  }
}

export async function json<T = unknown>(response: Response): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await bodyBytes(response))) as T;
}

export const accountPath = (accountId: string) => `/sports/accounts/${accountId}`;
