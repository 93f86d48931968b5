import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests run the BUILT bin (dist/bin.mjs) as a subprocess, as users do; `turbo run test`
    // builds it first (see turbo.json), and test/setup.ts fails fast when it is missing.
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
