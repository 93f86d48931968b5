import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    // The programmatic entry (`run(argv)`), for wrappers and tests: ESM + CJS with types.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'node',
    fixedExtension: true,
    clean: true,
    sourcemap: true,
  },
  {
    // The `sportscloud` bin: ESM only; the shebang is kept.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    dts: false,
    platform: 'node',
    fixedExtension: true,
    clean: false,
    sourcemap: true,
  },
]);
