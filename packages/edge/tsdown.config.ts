import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', deno: 'src/deno/index.ts', cloudflare: 'src/cloudflare/index.ts' },
  format: ['esm', 'cjs'],
  fixedExtension: true,
  dts: true,
  platform: 'neutral',
  external: ['@sportscloud/core'],
  clean: true,
  sourcemap: true,
});
