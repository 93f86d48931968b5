import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    globalSetup: ['test/harness/global-setup.ts'],
    // The runtime tests talk to a real loopback server with real (scaled-down) limits.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'test/deno/**'],
        },
      },
      {
        // The shared smoke suite again, with only the Web APIs of the edge runtime.
        extends: true,
        test: { name: 'edge-runtime', environment: 'edge-runtime', include: ['test/smoke/smoke.test.ts'] },
      },
    ],
  },
});
