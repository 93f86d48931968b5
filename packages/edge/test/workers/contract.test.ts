import { env } from 'cloudflare:test';
import { runRateLimitStoreContract } from '@sportscloud/test-utils';
import { describe, it } from 'vitest';
import { type DurableObjectNamespaceLike, DurableObjectRateLimitStore } from '../../src/cloudflare/index.ts';

// The rate-limit-store contract of @sportscloud/test-utils on the Durable Object, inside workerd.
const namespace = (env as unknown as { COORDINATOR: DurableObjectNamespaceLike }).COORDINATOR;

describe('DurableObjectRateLimitStore', () => {
  runRateLimitStoreContract(
    { describe, it, skip: it.skip },
    () => new DurableObjectRateLimitStore(namespace),
    {
      // Each key is its own object; a run of its own keeps these apart from the other Workers tests.
      keyPrefix: `contract:${crypto.randomUUID()}:`,
      processes: {
        skip: 'one Durable Object per consumer, single-threaded wherever its callers run: there are no processes to coordinate (the concurrent-takes case sends through its stub at once, and coordinator.test.ts runs 4 handlers against the fake)',
      },
      loseState: {
        skip: 'a Durable Object’s storage is durable: a restarted object reads its state back',
      },
    },
  );
});
