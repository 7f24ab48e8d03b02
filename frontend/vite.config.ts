import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Django (demo mode) serves dist/index.html for every SPA route and the assets under /static/app/.
// `npm run dev` proxies the API to a Django started separately on port 8000.
const DJANGO = process.env.SUIJI_BACKEND_URL ?? 'http://127.0.0.1:8000';

const proxied = {
  target: DJANGO,
  changeOrigin: true,
  // Django's CSRF check compares Origin with the Host it sees: make them agree behind the proxy.
  headers: { Origin: DJANGO },
};

export default defineConfig(({ command }) => ({
  // Built assets live under /static/app/ (served by Django, which answers every SPA route with
  // dist/index.html); the dev server serves the SPA at /. `vite preview` cannot serve SPA routes
  // outside the base: use `npm run mock-backend` (a Django stand-in) to look at the build.
  base: command === 'build' ? '/static/app/' : '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/graphql': proxied,
      // Only the organisation API: /o/<code>/graphql/ (the /o/<code>/... pages are SPA routes).
      '^/o/[^/]+/graphql': proxied,
      '/static/admin': proxied,
      // Dev only: Django sets the `csrftoken` cookie when it serves the SPA index; main.tsx fetches
      // this once when the cookie is missing (the dev server, not Django, serves index.html here).
      '/__django_index__': { ...proxied, rewrite: () => '/' },
    },
  },
}));
