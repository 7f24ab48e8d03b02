import { defineConfig } from 'vite';

/**
 * `vite build --config scripts/vite.verify-draw.config.ts`: the browser's verifier as one
 * self-contained Node script (`$VERIFY_DRAW_OUT/verify-draw.js`, default
 * node_modules/.tmp/verify-draw), for the cross-check against the Python verifier.
 */
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  ssr: { noExternal: true },
  build: {
    ssr: 'scripts/verify-draw.ts',
    outDir: process.env.VERIFY_DRAW_OUT ?? 'node_modules/.tmp/verify-draw',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
  },
});
