import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { main: 'src/main.ts', bench: 'bench/service.bench.ts', 'scale-bench': 'bench/scale.bench.ts' },
  format: ['esm'],
  fixedExtension: true,
  platform: 'node',
  target: 'node20',
  // Packages stay external (the app runs where it was installed), but the decorator helpers the
  // compiler injects are bundled: they are not a dependency of the app.
  external: [/^(?!@oxc-project\/runtime)@?[a-zA-Z0-9]/],
  clean: true,
  sourcemap: true,
});
