import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// The package's own tests, with every @nestjs import — in the sources and in the tests — bound to
// the NestJS 11 copies installed here. Nest 11's packages then load each other from these copies
// too (pnpm resolved their peers against this project), so one Nest 11 runs the whole suite.
const require = createRequire(import.meta.url);
const NEST_PACKAGES = ['common', 'core', 'testing', 'terminus', 'config'];
const packageDir = (name: string) => dirname(require.resolve(`@nestjs/${name}/package.json`));

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    conditions: ['@sportscloud/source'],
    alias: NEST_PACKAGES.map((name) => ({ find: `@nestjs/${name}`, replacement: packageDir(name) })),
  },
  ssr: { resolve: { conditions: ['@sportscloud/source'] } },
  test: {
    name: 'nest11',
    environment: 'node',
    setupFiles: ['./test/setup.ts', './nest11/check-version.ts'],
    // The in-process suite with @nestjs aliased to NestJS 11, and the compiled apps installed in
    // this project. The package's own compiled-app tests resolve NestJS 12: they run there only.
    include: ['test/**/*.test.ts', 'nest11/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/**/*.node.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
