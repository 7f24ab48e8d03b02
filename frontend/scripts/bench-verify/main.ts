/**
 * Bench page for tests/bench/bench_browser_verify.py: `window.runVerify(url)` runs the public
 * draw page's Web Worker (src/verifier/worker.ts) on a record and resolves with the seconds
 * from the request to the verdict (download, parse, re-derivation, comparison).
 */
import type { VerifyMessage } from '../../src/verifier/messages';

declare global {
  interface Window {
    runVerify(url: string): Promise<{ seconds: number; line: string; stages: Record<string, number> }>;
  }
}

window.runVerify = (url: string) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const stages: Record<string, number> = {};
    const worker = new Worker(new URL('../../src/verifier/worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<VerifyMessage>) => {
      const m = event.data;
      if (m.type === 'progress') {
        if (!(m.stage in stages)) stages[m.stage] = (performance.now() - started) / 1000;
        return;
      }
      worker.terminate();
      if (m.type === 'crash') reject(new Error(m.message));
      else resolve({ seconds: (performance.now() - started) / 1000, line: m.result.line, stages });
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ url });
  });
document.getElementById('out')!.textContent = 'ready';
