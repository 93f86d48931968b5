import { defineConfig } from 'vitest/config';

/**
 * MUTATION_TESTS (comma-separated globs) narrows the tests for a run scoped with `--mutate`: a
 * mutant of a module-level constant is "static" and reruns every selected test, so the whole suite
 * would take ~30 s per such mutant. A mutant the narrowed tests miss counts as survived, never killed.
 */
const only = process.env.MUTATION_TESTS?.split(',').filter(Boolean);

/**
 * The suite as Stryker runs it: the node project only (the edge project runs the same tests) and
 * without the tests whose point is real time, which a mutant can only make slower.
 */
export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    environment: 'node',
    include: only?.length ? only : ['test/**/*.test.ts'],
    // golden.test.ts reads reference-data/ by a path relative to the repository, which Stryker's
    // sandbox (a copy of this package) moves.
    exclude: [
      'test/**/*.real-time.node.test.ts',
      'test/**/speed.node.test.ts',
      'test/decoders/golden.test.ts',
      'test/structure/**',
    ],
    testTimeout: 30_000,
  },
});
