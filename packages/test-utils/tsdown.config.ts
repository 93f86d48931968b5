import { defineConfig, type UserConfig } from 'tsdown';

const entry = { index: 'src/index.ts', msw: 'src/msw.ts', node: 'src/node.ts' };
const shared = {
  format: ['esm', 'cjs'],
  platform: 'neutral',
  fixedExtension: true,
  external: [/^node:/, 'msw'],
} satisfies UserConfig;

export default defineConfig([
  { ...shared, entry, dts: false, clean: true, sourcemap: true },
  // The declarations: one build per entry, so each `.d.mts` is whole. Shared declaration chunks are
  // imported as `./chunk-….mjs`, which Deno's checker cannot find (TS2307) when a Deno test imports
  // the package (packages/edge runs the rate-limit-store contract in Deno).
  ...Object.entries(entry).map(
    ([name, source]): UserConfig => ({ ...shared, entry: { [name]: source }, dts: { emitDtsOnly: true } }),
  ),
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
