import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The build goes to dist/, which the Parlor server serves at `/` (packages/server/src/web).
// `npm run dev -w @parlor/web` proxies the API to a Parlor started with `npm start`.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, modulePreload: { polyfill: false } },
  server: {
    proxy: {
      '/v1': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
