import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The tests boot the service in-process from its sources: Nest's decorators need SWC with the
  // service's compiler options (legacy decorators, design:paramtypes).
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
      },
    }),
  ],
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One service boot and one browser for the whole suite, on a 2-core machine.
    fileParallelism: false,
  },
});
