import { defineConfig } from 'vitest/config';

/** `pnpm bench:economy`: the benchmark alone (the normal test run includes only src/**\/*.test.ts). */
export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['bench/economy.ts'],
    testTimeout: 600_000,
    disableConsoleIntercept: true,
    reporters: ['dot'],
    // A benchmark: a client that fails shows as `error` and `lost` in its line, not as a failed run.
    dangerouslyIgnoreUnhandledErrors: true,
  },
});
