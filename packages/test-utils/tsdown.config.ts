import { defineConfig } from 'tsdown';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', msw: 'src/msw.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'neutral',
    fixedExtension: true,
    external: [/^node:/, 'msw'],
    clean: true,
    sourcemap: true,
  },
  {
    // The CLI: ESM only, self-contained apart from dependencies; the shebang is kept.
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    dts: false,
    platform: 'node',
    fixedExtension: true,
    clean: false,
    sourcemap: true,
  },
]);
