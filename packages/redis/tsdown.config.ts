import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  fixedExtension: true,
  dts: true,
  platform: 'node',
  external: [/^node:/, /^@sportscloud\//, 'ioredis'],
  clean: true,
  sourcemap: true,
});
