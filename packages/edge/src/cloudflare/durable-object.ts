import type { RateLimitStore, RateLimits, TakeResult } from '@sportscloud/core';
import { isBucketState, isRateLimits, penaliseBucket, takeFromBucket } from '../bucket.ts';
import type { CheckpointStore } from '../checkpoint.ts';

/** The parts of the Workers types used here (structural: no dependency on @cloudflare/workers-types). */
export interface DurableObjectStubLike {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}
export interface DurableObjectNamespaceLike<Id = unknown> {
  idFromName(name: string): Id;
  get(id: Id): DurableObjectStubLike;
}
export interface DurableObjectStorageLike {
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
}
export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
}

const ORIGIN = 'https://sportscloud-coordinator.internal';
// Requests come from this package's own stores; anything larger is not one of them.
const MAX_BODY_BYTES = 64 * 1024;
const MAX_KEY_LENGTH = 256;

class BadRequest extends Error {}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new BadRequest('body too large');
  const body: unknown = JSON.parse(text);
  if (typeof body !== 'object' || body === null) throw new BadRequest('expected a JSON object');
  const key = (body as { key?: unknown }).key;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH)
    throw new BadRequest('bad key');
  return body as Record<string, unknown>;
}

function numberField(body: Record<string, unknown>, name: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new BadRequest(`bad ${name}`);
  return value;
}

/**
 * The Durable Object behind `DurableObjectRateLimitStore` and `DurableObjectCheckpointStore`.
 * Export it from your Worker and bind it (see the README). A Durable Object runs one event at a
 * time and holds its input gate across storage calls, so each read-change-write is atomic.
 */
export class SportsCloudCoordinator {
  readonly #storage: DurableObjectStorageLike;

  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
  }

  async fetch(request: Request): Promise<Response> {
    if (request.method !== 'POST') return new Response('POST only', { status: 405 });
    try {
      const body = await readBody(request);
      const key = body.key as string;
      switch (new URL(request.url).pathname) {
        case '/rate-limit/take': {
          const limits = body.limits;
          if (!isRateLimits(limits)) throw new BadRequest('bad limits');
          const stored = await this.#storage.get(`bucket:${key}`);
          const { state, result } = takeFromBucket(
            isBucketState(stored) ? stored : undefined,
            numberField(body, 'now'),
            limits,
          );
          await this.#storage.put(`bucket:${key}`, state);
          return Response.json(result);
        }
        case '/rate-limit/penalise': {
          const limits = body.limits;
          if (!isRateLimits(limits)) throw new BadRequest('bad limits');
          if (body.scope !== 'burst' && body.scope !== 'daily') throw new BadRequest('bad scope');
          const stored = await this.#storage.get(`bucket:${key}`);
          const state = penaliseBucket(
            isBucketState(stored) ? stored : undefined,
            numberField(body, 'now'),
            body.scope,
            limits,
          );
          await this.#storage.put(`bucket:${key}`, state);
          return Response.json({ ok: true });
        }
        case '/checkpoint/get':
          return Response.json({ value: (await this.#storage.get(`checkpoint:${key}`)) ?? null });
        case '/checkpoint/put':
          await this.#storage.put(`checkpoint:${key}`, body.value);
          return Response.json({ ok: true });
        default:
          return new Response('not found', { status: 404 });
      }
    } catch (error) {
      if (error instanceof BadRequest || error instanceof SyntaxError) {
        return new Response(error.message, { status: 400 });
      }
      throw error;
    }
  }
}

async function call<T>(stub: DurableObjectStubLike, path: string, body: unknown): Promise<T> {
  const response = await stub.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(
      `SportsCloudCoordinator ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
    );
  }
  return (await response.json()) as T;
}

/**
 * A `RateLimitStore` on a Durable Object: one object per consumer, so every isolate and every
 * concurrent handler of a Worker takes from one budget.
 */
export class DurableObjectRateLimitStore implements RateLimitStore {
  readonly #namespace: DurableObjectNamespaceLike;

  constructor(namespace: DurableObjectNamespaceLike) {
    this.#namespace = namespace;
  }

  take(key: string, now: number, limits: RateLimits): Promise<TakeResult> {
    return call<TakeResult>(this.#stub(key), '/rate-limit/take', { key, now, limits });
  }

  async penalise(key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits): Promise<void> {
    await call(this.#stub(key), '/rate-limit/penalise', { key, now, scope, limits });
  }

  #stub(key: string): DurableObjectStubLike {
    return this.#namespace.get(this.#namespace.idFromName(`rate-limit:${key}`));
  }
}

/** A `CheckpointStore` in one Durable Object's storage (strongly consistent, unlike Workers KV). */
export class DurableObjectCheckpointStore implements CheckpointStore {
  readonly #stub: DurableObjectStubLike;

  constructor(namespace: DurableObjectNamespaceLike, name = 'sportscloud-sync') {
    this.#stub = namespace.get(namespace.idFromName(`checkpoint:${name}`));
  }

  async get(key: string): Promise<unknown> {
    return (await call<{ value: unknown }>(this.#stub, '/checkpoint/get', { key })).value ?? undefined;
  }

  async put(key: string, value: unknown): Promise<void> {
    await call(this.#stub, '/checkpoint/put', { key, value });
  }
}
