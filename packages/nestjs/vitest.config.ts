import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Nest's decorators and constructor injection need legacy decorators and design:paramtypes,
  // which esbuild does not emit: SWC compiles the sources and tests.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    environment: 'node',
    setupFiles: ['./test/setup.ts'],
    include: ['test/**/*.test.ts'],
    // Only the shutdown and child-process tests use real time, each within its own bound.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
  },
});
