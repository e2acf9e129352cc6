import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { webAssetsPlugin } from './scripts/build/web-assets-plugin';

/**
 * The web app builds into web/dist, which the server serves; `npm run dev:web` proxies /api to the server.
 * The build also writes brotli and gzip copies of each file and the service worker's precache list.
 */
export default defineConfig({
  root: 'web',
  plugins: [react(), webAssetsPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        // zod's messages for each language zod knows: loaded on choosing one, not precached (web/lib/zod-locale.ts).
        chunkFileNames: (chunk) =>
          chunk.facadeModuleId?.includes('/zod/v4/locales/')
            ? 'assets/zod-locale/[name]-[hash].js'
            : 'assets/[name]-[hash].js',
      },
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
