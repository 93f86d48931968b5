import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
