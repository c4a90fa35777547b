import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console is served by the hub under /console/ (hashed files in /console/assets/, cached for a
 * year; index.html never cached). `@hub/source` resolves workspace packages to their TypeScript
 * sources, so the forms use exactly the zod schemas the server validates with.
 */
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: { conditions: ['@hub/source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // The budget is checked by scripts/bundle-size.mjs on the gzipped initial files.
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `pnpm dev` against a hub on :3000.
    proxy: { '/v1': 'http://127.0.0.1:3000', '/docs': 'http://127.0.0.1:3000' },
  },
});
