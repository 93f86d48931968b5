import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The shared smoke suite and the Workers tests inside workerd (miniflare), the fake on loopback.
export default defineConfig({
  plugins: [
    cloudflareTest(async ({ inject }) => {
      const origin = inject('harnessOrigin');
      const response = await fetch(`${origin}/__harness/consumer`, { method: 'POST' });
      const consumer = (await response.json()) as {
        consumerId: string;
        sharedSecret: string;
        apiKey: string;
      };
      return {
        wrangler: { configPath: './test/workers/wrangler.toml' },
        miniflare: {
          // What `wrangler secret put` would hold in production.
          bindings: {
            SPORTSCLOUD_CONSUMER_ID: consumer.consumerId,
            SPORTSCLOUD_SHARED_SECRET: consumer.sharedSecret,
            SPORTSCLOUD_API_KEY: consumer.apiKey,
            SPORTSCLOUD_BASE_URL: `${origin}/v1`,
            SPORTSCLOUD_HARNESS_ORIGIN: origin,
            API_TOKEN: 'workers-test-token-0123456789',
          },
        },
      };
    }),
  ],
  // The example imports the package by name, as a user would.
  resolve: { alias: { '@sportscloud/edge/cloudflare': source('./src/cloudflare/index.ts') } },
  test: {
    name: 'workerd',
    globalSetup: ['test/harness/global-setup.ts'],
    include: ['test/smoke/smoke.test.ts', 'test/workers/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
