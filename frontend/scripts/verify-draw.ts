/**
 * `node verify-draw.mjs FILE…` — the browser's verifier (src/verifier) run by Node, one line
 * of JSON per file: {"file", "line", "exit"}, `line` being what `verify-draw` would print.
 * Built by `vite build --ssr scripts/verify-draw.ts`; the test suite holds it against the
 * Python verifier (tests/tenants/draws/test_browser_verifier.py).
 */
import { readFileSync } from 'node:fs';
import { exitCode, reportLine, verifyBytes } from '../src/verifier/verify';

for (const file of process.argv.slice(2)) {
  const report = await verifyBytes(new Uint8Array(readFileSync(file)));
  process.stdout.write(JSON.stringify({ file, line: reportLine(report), exit: exitCode(report) }) + '\n');
}
