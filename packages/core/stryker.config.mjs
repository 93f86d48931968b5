// @ts-check
/**
 * Mutation testing (`pnpm mutation`, not in CI): StrykerJS 9.6.1 with its vitest runner (10.x needs
 * Node 22). Default targets: the pipeline policies, auth, decoders, redaction and pagination. On a
 * small machine run one file at a time:
 *   pnpm mutation --mutate src/policies/rate-limit.ts --concurrency 1
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/policies/**/*.ts',
    'src/auth/**/*.ts',
    'src/decoders/**/*.ts',
    '!src/decoders/**/*.node.ts',
    'src/errors/redact.ts',
    'src/pagination/**/*.ts',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  timeoutMS: 20_000,
  thresholds: { high: 90, low: 80, break: null },
};
