import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  fixedExtension: true,
  dts: true,
  platform: 'node',
  external: [/^node:/, /^@electric-sql\//, /^drizzle-orm/, 'pg', /^@sportscloud\//, 'hyparquet-writer'],
  clean: true,
  sourcemap: true,
});
