import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web app builds into web/dist, which the server serves; `npm run dev:web` proxies /api to the server. */
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000' } },
});
