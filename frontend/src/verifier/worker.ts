/**
 * The verifier's Web Worker: downloads a record, re-derives it (./verify) off the page's
 * thread and reports progress, then PASS or the first difference.
 */
import type { VerifyMessage, VerifyRequest } from './messages';
import { reportLine, show, verifyBytes } from './verify';

interface WorkerScope {
  onmessage: ((event: MessageEvent<VerifyRequest>) => void) | null;
  postMessage(message: VerifyMessage): void;
}
const scope = self as unknown as WorkerScope;

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const total = Number(response.headers.get('Content-Length') ?? 0);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let done = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    parts.push(chunk.value);
    done += chunk.value.length;
    scope.postMessage({ type: 'progress', stage: 'download', done, total });
  }
  const out = new Uint8Array(done);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

scope.onmessage = async (event) => {
  try {
    const data = await download(event.data.url);
    const report = await verifyBytes(data, (stage, done, total) => scope.postMessage({ type: 'progress', stage, done, total }));
    scope.postMessage({
      type: 'done',
      result: {
        ok: report.ok,
        malformed: report.malformed,
        path: report.path,
        expected: report.expected === undefined ? null : show(report.expected),
        actual: report.actual === undefined ? null : show(report.actual),
        message: report.message ?? null,
        line: reportLine(report),
        summary: report.summary ?? null,
      },
    });
  } catch (exc) {
    scope.postMessage({ type: 'crash', message: exc instanceof Error ? exc.message : String(exc) });
  }
};
