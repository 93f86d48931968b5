import { defineConfig, type UserConfig } from 'tsdown';

const entry = {
  index: 'src/index.ts',
  // Zod schemas and parseResponse, apart so the main entry's types do not import zod.
  schemas: 'src/schemas.ts',
  // The decode kernel is chosen at runtime through the package's `#kernel` import map:
  // Node gets node:zlib + Buffer, every other runtime the Web-API version.
  'kernel.node': 'src/decoders/kernel.node.ts',
  'kernel.web': 'src/decoders/kernel.web.ts',
};

const shared = {
  format: ['esm', 'cjs'],
  fixedExtension: true,
  platform: 'neutral',
  external: ['#kernel', /^node:/],
  noExternal: [/^zod/, /^jose/],
} satisfies UserConfig;

export default defineConfig([
  // The JavaScript: one build, so the entries share chunks (one ValidationError class, not one per entry).
  { ...shared, entry, dts: false, clean: true, sourcemap: true },
  // The declarations: one build per entry, so each `.d.mts` is whole. Shared declaration chunks are
  // imported as `./chunk-….mjs`, a file that does not exist (Deno's checker fails: TS2307), and a chunk
  // shared with `schemas` would drag zod's types into the main entry's.
  ...Object.entries(entry).map(
    ([name, source]): UserConfig => ({ ...shared, entry: { [name]: source }, dts: { emitDtsOnly: true } }),
  ),
]);
