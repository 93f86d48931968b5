import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The README example imports the package by its name.
const self = { '@sportscloud/sync': fileURLToPath(new URL('./src/index.ts', import.meta.url)) };

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'], alias: self },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Sync tests run in simulated time and the streaming-memory test writes ~100 MB; this only
    // guards against a hung test on a loaded 2-core CI.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Each file owns a throwaway PostgreSQL database and PGlite folder; one at a time keeps the 2 cores calm.
    fileParallelism: false,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
  },
});
