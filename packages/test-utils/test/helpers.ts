import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/** The repository's reference data (official spec, real samples): `reference-data/` at the root. */
export function referenceDir(): string {
  return resolve(here, '../../../reference-data');
}

export const readReference = (...parts: string[]): unknown =>
  JSON.parse(readFileSync(resolve(referenceDir(), ...parts), 'utf8'));

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
