import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    // The streaming-memory test writes ~100 MB; this guards against a hung test on a loaded 2-core CI.
    testTimeout: 120_000,
    include: ['test/**/*.test.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
  },
});
