import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const webKernel = fileURLToPath(new URL('./src/decoders/kernel.web.ts', import.meta.url));
// Tests whose point is real time (wall-clock pacing over loopback) run on their own, before the rest,
// so the suite's other workers do not take the CPU they measure (see the `test` script).
const realTime = ['test/**/*.real-time.node.test.ts'];

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    // No test waits on a real clock; this only guards against a hung test on a loaded 2-core CI.
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['test/**/*.test.ts'], exclude: realTime },
      },
      {
        extends: true,
        test: { name: 'real-time', environment: 'node', include: realTime },
      },
      {
        // The same suite in the edge runtime: Web APIs only, and the Web decode kernel.
        extends: true,
        resolve: { alias: { '#kernel': webKernel } },
        test: {
          name: 'edge',
          environment: 'edge-runtime',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.node.test.ts'],
        },
      },
    ],
  },
});
