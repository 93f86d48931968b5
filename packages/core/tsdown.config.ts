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
} satisfies UserConfig;
const neverBundle = ['#kernel', /^node:/];

export default defineConfig([
  // The JavaScript: one build, so the entries share chunks (one ValidationError class, not one per entry).
  {
    ...shared,
    entry,
    deps: {
      neverBundle,
      // The parts of zod (zod/mini) and jose (SignJWT) that core uses go into dist: Node then parses 7
      // modules on import, not 145 (zod's and jose's index files load all their modules, zod's locales
      // too). Bundlers tree-shake them as before. zod stays a dependency for the types of `./schemas`.
      // ofetch (with destr and ufo, which it imports) likewise: its neutral entry, not the `node` one,
      // which would load node-fetch-native although the client always hands ofetch a fetch.
      alwaysBundle: [/^zod/, /^jose/, /^ofetch/, /^destr/, /^ufo/],
    },
    dts: false,
    clean: true,
    sourcemap: true,
  },
  // The declarations: one build per entry, so each `.d.mts` is whole. Shared declaration chunks are
  // imported as `./chunk-….mjs`, a file that does not exist (Deno's checker fails: TS2307), and a chunk
  // shared with `schemas` would drag zod's types into the main entry's. zod's types are imported, not copied.
  ...Object.entries(entry).map(
    ([name, source]): UserConfig => ({
      ...shared,
      entry: { [name]: source },
      deps: { neverBundle: [...neverBundle, /^zod/] },
      dts: { emitDtsOnly: true },
    }),
  ),
]);
