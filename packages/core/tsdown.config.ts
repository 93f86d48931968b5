import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    schemas: 'src/schemas.ts',
    // The decode kernel is chosen at runtime through the package's `#kernel` import map:
    // Node gets node:zlib + Buffer, every other runtime the Web-API version.
    'kernel.node': 'src/decoders/kernel.node.ts',
    'kernel.web': 'src/decoders/kernel.web.ts',
  },
  format: ['esm', 'cjs'],
  fixedExtension: true,
  dts: true,
  platform: 'neutral',
  external: ['#kernel', /^node:/],
  clean: true,
  sourcemap: true,
});
