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
    include: ['test/**/*.test.ts'],
    // Real HTTP against the fake on the real clock (its limits raised): bounded, never waited out.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file owns throwaway databases and child processes: one at a time on a 2-core machine.
    fileParallelism: false,
  },
});
