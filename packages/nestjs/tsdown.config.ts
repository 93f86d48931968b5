import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    // A subpath, so that apps without @nestjs/terminus never load it.
    terminus: 'src/health/index.ts',
  },
  format: ['esm', 'cjs'],
  fixedExtension: true,
  dts: true,
  platform: 'node',
  external: [/^@nestjs\//, /^@sportscloud\//, 'reflect-metadata', 'rxjs'],
  clean: true,
  sourcemap: true,
});
