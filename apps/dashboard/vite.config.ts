import { defineConfig } from 'vite';

export default defineConfig({
  // Served by the service at `/`; page routes fall back to index.html there.
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // A service on a private network: no source of the page leaks through maps, and none is needed.
    sourcemap: false,
    reportCompressedSize: false,
  },
});
