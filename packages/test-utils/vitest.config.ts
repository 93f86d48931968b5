import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // No test waits on a real clock; this only guards against a hung test on a loaded 2-core CI.
    testTimeout: 30_000,
  },
});
