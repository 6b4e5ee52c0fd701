import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server's CSP allows scripts and styles from its own origin only, so everything is emitted
// as files: no inlined module preload polyfill, no assets inlined as data: URLs into scripts.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
