import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@sportscloud/source'] },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
