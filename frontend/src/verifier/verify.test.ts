import { cmpStr, parseStrict, RecordSyntaxError, type JsonObject } from './json';
import { exitCode, reportLine, verifyText } from './verify';

// The specification itself, read from the repository (vitest runs in Node).
const fsModule = 'node:fs';
const { readFileSync } = (await import(/* @vite-ignore */ fsModule)) as { readFileSync(path: string, encoding: 'utf-8'): string };
const { cwd } = (globalThis as unknown as { process: { cwd(): string } }).process; // frontend/
const doc = readFileSync(`${cwd()}/../docs/draw-record.md`, 'utf-8');
const example = doc.match(/<!-- example-record -->\s*```json\n([\s\S]*?)```/)![1];
const record = () => JSON.parse(example) as JsonObject;
const text = (r: unknown) => JSON.stringify(r);

test('the worked example of docs/draw-record.md passes', async () => {
  const report = await verifyText(example);
  expect(reportLine(report)).toBe('PASS');
  expect(report.summary).toMatchObject({ format: 'suiji-draw/1', poolSize: 9, targets: 4, teams: 2, recusals: 2 });
});

test('a changed secret is reported at the commitment, a changed pool id at the pool digest', async () => {
  const r = record();
  r.secret = '0'.repeat(64);
  const report = await verifyText(text(r));
  expect(exitCode(report)).toBe(1);
  expect(reportLine(report)).toMatch(/^FAIL: commitment: expected 66687aad[0-9a-f]+, got 16aa045ab84a/);

  const p = record();
  ((p.pool as JsonObject[])[0].ids as string[])[0] = '91533103MA6K3A1PT0';
  expect(reportLine(await verifyText(text(p)))).toMatch(/^FAIL: pool_digest: expected [0-9a-f]{64}, got 908527d5/);
});

test('derived values are compared with their JSON type: 1 is not true', async () => {
  const r = record();
  (r.teams as JsonObject[])[0].team = true;
  expect(reportLine(await verifyText(text(r)))).toBe('FAIL: teams[0].team: expected 1, got true');
});

test('a missing and an extra field are named', async () => {
  const r = record();
  delete (r.timestamps as JsonObject).revealed_at;
  expect(reportLine(await verifyText(text(r)))).toBe('FAIL: timestamps.revealed_at: expected a value, got (missing)');
  const x = record();
  (x.plan as JsonObject).note = 'x';
  expect(reportLine(await verifyText(text(x)))).toBe('FAIL: plan.note: expected (no such field), got x');
});

test('input that is not a record is an ERROR (exit status 2)', async () => {
  const cases = [
    example.replace('"round": 1', '"round": 1.0'),
    example.replace('"round": 1', '"round": 1, "round": 1'),
    example.replace('"round": 1', '"round": 1e0'),
    example.replace('"task": "T02"', '"task": "\\ud800"'),
    '['.repeat(65) + ']'.repeat(65),
    '[]',
    text({ ...record(), format: 'suiji-draw/9' }),
  ];
  for (const c of cases) expect(exitCode(await verifyText(c)), c.slice(0, 40)).toBe(2);
  // a surrogate pair written as escapes is one scalar value, not an error
  expect(() => parseStrict('{"a": "\\ud83d\\ude00"}')).not.toThrow();
  expect(() => parseStrict('[' + '['.repeat(63) + ']'.repeat(64))).not.toThrow();
  expect(() => parseStrict('{"a": 9007199254740993}')).toThrow(RecordSyntaxError);
});

test('strings are ordered by code point (UTF-8 bytes), not by UTF-16 units', () => {
  expect(cmpStr('\ue000', '😀')).toBeLessThan(0); // '😀' < '\ue000' in UTF-16
  expect(['b', 'a', '😀', '\ue000', 'ab'].sort(cmpStr)).toEqual(['a', 'ab', 'b', '\ue000', '😀']);
});
