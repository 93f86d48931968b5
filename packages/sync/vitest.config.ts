import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The README example imports the package by its name.
const self = { '@sportscloud/sync': fileURLToPath(new URL('./src/index.ts', import.meta.url)) };

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'], alias: self },
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
