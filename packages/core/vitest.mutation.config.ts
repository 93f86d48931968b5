import { defineConfig } from 'vitest/config';

/**
 * The suite as Stryker runs it: the node project only (the edge project runs the same tests) and
 * without the tests whose point is real time, which a mutant can only make slower.
 */
export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    // golden.test.ts reads reference-data/ by a path relative to the repository, which Stryker's
    // sandbox (a copy of this package) moves.
    exclude: [
      'test/**/real-time.node.test.ts',
      'test/**/speed.node.test.ts',
      'test/decoders/golden.test.ts',
      'test/structure/**',
    ],
    testTimeout: 30_000,
  },
});
