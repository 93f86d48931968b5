import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The README example imports the package by its name.
const self = { '@sportscloud/redis': fileURLToPath(new URL('./src/index.ts', import.meta.url)) };

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'], alias: self },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every file talks to Redis on loopback (and spawns processes): one at a time on 2 cores.
    fileParallelism: false,
  },
});
