import type { ClientOptions, SportsCloudClient } from '@sportscloud/core';
import { createClientFromEnv } from '../config.ts';
import { createIncrementalSync, type IncrementalSyncOptions, type SyncRunReport } from '../sync.ts';
import { type DurableObjectNamespaceLike, DurableObjectRateLimitStore } from './durable-object.ts';

export * from '../index.ts';
export {
  DurableObjectCheckpointStore,
  type DurableObjectNamespaceLike,
  DurableObjectRateLimitStore,
  type DurableObjectStateLike,
  type DurableObjectStorageLike,
  type DurableObjectStubLike,
  SportsCloudCoordinator,
} from './durable-object.ts';

export interface ClientFromEnvOptions extends Partial<ClientOptions> {
  /** The binding of `SportsCloudCoordinator`: when given, the rate-limit budget is shared through it. */
  readonly coordinator?: DurableObjectNamespaceLike;
}

// One client per isolate and env: it holds the JWT cache, so building one per request would re-sign.
const clients = new WeakMap<object, SportsCloudClient>();

/**
 * A client from the Worker's `env` (vars and secrets `SPORTSCLOUD_CONSUMER_ID`,
 * `SPORTSCLOUD_SHARED_SECRET`, optional `SPORTSCLOUD_API_KEY`, `SPORTSCLOUD_BASE_URL`, …), cached
 * per `env` object (the options of the first call win). With `coordinator`, every isolate shares
 * one budget through the Durable Object.
 */
export function clientFromEnv(
  env: Readonly<Record<string, unknown>>,
  options: ClientFromEnvOptions = {},
): SportsCloudClient {
  const cached = clients.get(env);
  if (cached) return cached;
  const { coordinator, ...overrides } = options;
  const client = createClientFromEnv(env, {
    ...(coordinator ? { rateLimitStore: new DurableObjectRateLimitStore(coordinator) } : {}),
    ...overrides,
  });
  clients.set(env, client);
  return client;
}

/** What a Worker's `scheduled` handler gets besides `env` (structural). */
export interface ScheduledContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * A Workers `scheduled` handler that runs one budgeted incremental sync per cron trigger, its
 * checkpoint in the store `options(env)` names (a `DurableObjectCheckpointStore`, typically).
 */
export function scheduledSync<Env>(
  options: (env: Env) => IncrementalSyncOptions & { onReport?: (report: SyncRunReport) => void },
): (controller: unknown, env: Env, ctx: ScheduledContextLike) => Promise<void> {
  return async (_controller, env, ctx) => {
    const resolved = options(env);
    const run = createIncrementalSync(resolved)
      .run()
      .then((report) => resolved.onReport?.(report));
    ctx.waitUntil(run);
    await run;
  };
}
