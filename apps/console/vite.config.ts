/**
 * The console's build (into dist/console, served by the gateway under `/`) and its development server
 * (`npx vite --config apps/console/vite.config.ts`), which proxies /api to a running gateway.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: {
    // the same check-character rules as the services (libs/domain is pure TypeScript, no Node APIs)
    alias: { '@yichuang/domain': path.join(root, 'libs/domain/src/index.ts') },
  },
  build: {
    outDir: path.join(root, 'dist', 'console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    // eslint-disable-next-line no-restricted-syntax -- development server only: where the gateway runs
    proxy: { '/api': { target: process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
