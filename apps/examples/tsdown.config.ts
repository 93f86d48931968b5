import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { quickstart: 'src/quickstart.ts' },
  format: ['esm'],
  fixedExtension: true,
  platform: 'node',
  dts: false,
  clean: true,
});
