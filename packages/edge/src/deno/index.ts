import type { ClientOptions, SportsCloudClient } from '@sportscloud/core';
import { createClientFromEnv } from '../config.ts';
import { createIncrementalSync, type IncrementalSyncOptions, type SyncRunReport } from '../sync.ts';

export * from '../index.ts';
export {
  DenoKvCheckpointStore,
  DenoKvRateLimitStore,
  type DenoKvStoreOptions,
  type KvAtomicLike,
  type KvEntryLike,
  type KvKey,
  type KvLike,
} from './kv.ts';

interface DenoGlobal {
  env: { get(name: string): string | undefined };
  cron(name: string, schedule: string, handler: () => Promise<void>): Promise<void>;
}

function deno(): DenoGlobal {
  const value = (globalThis as { Deno?: DenoGlobal }).Deno;
  if (!value) throw new Error('@sportscloud/edge/deno needs the Deno runtime');
  return value;
}

/**
 * A client configured from `Deno.env` (`SPORTSCLOUD_CONSUMER_ID`, `SPORTSCLOUD_SHARED_SECRET`,
 * optional `SPORTSCLOUD_API_KEY`, `SPORTSCLOUD_BASE_URL`, …). Needs `--allow-env`.
 * Pass `rateLimitStore: new DenoKvRateLimitStore(kv)` to share one budget across isolates.
 */
export function clientFromEnv(overrides: Partial<ClientOptions> = {}): SportsCloudClient {
  const env = deno().env;
  return createClientFromEnv((name) => env.get(name), overrides);
}

/**
 * Registers an incremental sync with `Deno.cron`: each invocation pulls new session results for
 * at most `budgetMs`, checkpoints in the given store, and resumes on the next one.
 * Returns `Deno.cron`'s promise; `onReport` sees each run's figures.
 */
export function cronSync(
  name: string,
  schedule: string,
  options: IncrementalSyncOptions & { onReport?: (report: SyncRunReport) => void },
): Promise<void> {
  const sync = createIncrementalSync({ name, ...options });
  return deno().cron(name, schedule, async () => {
    const report = await sync.run();
    options.onReport?.(report);
  });
}
