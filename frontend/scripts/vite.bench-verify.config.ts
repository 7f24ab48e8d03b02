import { defineConfig } from 'vite';

/** `vite build --config scripts/vite.bench-verify.config.ts`: the bench page of the browser
 * verifier into `$BENCH_VERIFY_OUT` (tests/bench/bench_browser_verify.py builds and serves it). */
export default defineConfig({
  root: 'scripts/bench-verify',
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: { outDir: process.env.BENCH_VERIFY_OUT ?? '../../node_modules/.tmp/bench-verify', emptyOutDir: true },
});
