import { runRateLimitStoreContract } from '@sportscloud/test-utils';
import { takeFromNodeProcesses } from '@sportscloud/test-utils/node';
import { afterAll, describe, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index';
import { connect, deleteKeys, REDIS_URL, uniquePrefix } from './support';

// The contract's cases pass their own `now` (an injected clock): the store runs on the caller's
// time here. Redis TIME itself is tested on the real clock in redis-time.test.ts.
const redis = connect();
const prefix = uniquePrefix('contract');
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('createRedisRateLimitStore (caller time)', () => {
  runRateLimitStoreContract(
    { describe, it, skip: it.skip },
    () => createRedisRateLimitStore({ redis, prefix, time: 'caller' }),
    {
      keyPrefix: `${Date.now()}:`,
      processes: takeFromNodeProcesses({
        module: new URL('./store-process.mjs', import.meta.url),
        env: { STORE_PREFIX: prefix, STORE_TIME: 'caller', SPORTSCLOUD_TEST_REDIS_URL: REDIS_URL },
      }),
      loseState: async () => {
        await deleteKeys(redis, prefix);
      },
    },
  );
});
