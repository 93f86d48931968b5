import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  fixedExtension: true,
  dts: true,
  platform: 'neutral',
  external: [/^node:/, /^@sportscloud\//, 'hyparquet-writer'],
  clean: true,
  sourcemap: true,
});
