/**
 * JSON for draw records (docs/draw-record.md §12.3, §13): strict reading and canonical JSON.
 *
 * `JSON.parse` alone would accept what a record must not hold (duplicate member names,
 * numbers with a fraction or exponent, integers beyond 2^53 − 1), so the text is scanned
 * once more, after `JSON.parse` has checked the syntax.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The input is not a record at all (exit status 2 of `verify-draw`). */
export class RecordSyntaxError extends Error {}

/** Deepest nesting of arrays and objects (§13: deeper is an ERROR). */
export const MAX_DEPTH = 64;

/**
 * Parse strict JSON (§13): no duplicate member names, integers only (|n| ≤ 2^53 − 1), at most
 * 64 levels deep, no `\\u` escape leaving a lone surrogate.
 */
export function parseStrict(text: string): Json {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch (exc) {
    throw new RecordSyntaxError(`记录不是有效的 JSON / the record is not valid JSON: ${(exc as Error).message}`);
  }
  scan(text);
  // UTF-8 text cannot hold a surrogate; only a `\\uD8xx`-style escape can make one.
  if (/\\u[dD][89a-fA-F]/.test(text)) checkScalarValues(value);
  return value;
}

export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkScalarValues(value: Json): void {
  const stack: Json[] = [value];
  while (stack.length) {
    const v = stack.pop()!;
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) throw new RecordSyntaxError('记录不是有效的 JSON / the record is not valid JSON: a string holds a lone surrogate');
    } else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) throw new RecordSyntaxError('记录不是有效的 JSON / the record is not valid JSON: a key holds a lone surrogate');
        stack.push(x);
      }
  }
}

interface Frame {
  keys: Set<string> | null; // null: an array
  expectKey: boolean;
}

/** Second pass over text that `JSON.parse` accepted: numbers, duplicate keys, depth. */
function scan(text: string): void {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = text.indexOf('"', i + 1);
      for (;;) {
        let b = j - 1;
        while (text.charCodeAt(b) === 0x5c /* \ */) b--;
        if ((j - 1 - b) % 2 === 0) break; // an even number of backslashes: the closing quote
        j = text.indexOf('"', j + 1);
      }
      const top = stack[stack.length - 1];
      if (top !== undefined && top.keys !== null && top.expectKey) {
        const raw = text.slice(i + 1, j);
        const key = raw.indexOf('\\') >= 0 ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) throw new RecordSyntaxError(`记录不是有效的 JSON / the record is not valid JSON: duplicate key ${JSON.stringify(key)}`);
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j + 1;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ keys: c === 0x7b ? new Set() : null, expectKey: true });
      if (stack.length > MAX_DEPTH)
        throw new RecordSyntaxError(`记录嵌套过深 / the record is nested deeper than ${MAX_DEPTH} levels`);
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.expectKey = true;
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (!(d >= 0x30 && d <= 0x39) && d !== 0x2e && d !== 0x65 && d !== 0x45 && d !== 0x2b && d !== 0x2d) break;
      }
      const tok = text.slice(i, j);
      if (!/^-?\d+$/.test(tok))
        throw new RecordSyntaxError(`记录不是有效的 JSON / the record is not valid JSON: non-integer number ${tok} is not allowed in a draw record`);
      if (tok.replace('-', '').length > 15 && !Number.isSafeInteger(Number(tok)))
        throw new RecordSyntaxError(`记录不是有效的 JSON / the record is not valid JSON: number ${tok} exceeds 2^53 − 1`);
      i = j;
    } else {
      i++;
    }
  }
}

/** Code point (= UTF-8 byte) order of two strings; JavaScript's `<` compares UTF-16 units. */
export function cmpStr(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (astral code points) sort above U+E000–U+FFFF in code point order.
      if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
      if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** True if the strings are already strictly increasing in code point order. */
export function isStrictlySorted(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (cmpStr(xs[i - 1], xs[i]) >= 0) return false;
  return true;
}

/** Canonical JSON (§12.3): members sorted by key, no whitespace, strings as JSON.stringify writes them. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort(cmpStr);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python's `type(v).__name__` for a JSON value, for messages that name a type. */
export function typeName(v: Json | undefined): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'int';
    case 'string':
      return 'str';
    case 'object':
      return 'dict';
    default:
      return 'undefined';
  }
}
