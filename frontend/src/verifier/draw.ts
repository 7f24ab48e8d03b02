/**
 * Re-derivation of a draw from its inputs, written from docs/draw-record.md §1–§11 (format
 * `suiji-draw/1`). Integers only: quotas in BigInt, keys compared as unsigned big-endian bytes
 * (which is the 256-bit integer order of §5). No floating point decides anything.
 */
import { cmpBytes, hasher, hex, Keyer, sha, utf8 } from './hash';
import type { Conflict, Group, Inputs, Inspector, Params, Ratio } from './inputs';
import { cmpStr, isStrictlySorted } from './json';

export const US = '\x1f';
const MAX_INT = Number.MAX_SAFE_INTEGER;

/** A derivation that cannot be carried out: `FAIL: <path>: <message>`. */
export class DrawError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export type Progress = (stage: string, done: number, total: number) => void;

function err(path: string, zh: string, en: string): DrawError {
  return new DrawError(path, `${path}：${zh} / ${path}: ${en}`);
}

// ---------------------------------------------------------------------------------------------
// §1 field rules
// ---------------------------------------------------------------------------------------------

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const BAD_FIELD = /[\u0000-\u001f\u007f]/;
const NAME = /^[a-z][a-z0-9_]{0,31}$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export function checkText(v: unknown, path: string): string {
  if (typeof v !== 'string') throw err(path, '必须是字符串', 'must be a string');
  if (LONE_SURROGATE.test(v)) throw err(path, '不是有效的 Unicode 文本', 'is not valid Unicode text');
  return v;
}

export function checkField(v: unknown, path: string): string {
  const s = checkText(v, path);
  if (!s) throw err(path, '不能为空', 'must not be empty');
  if (BAD_FIELD.test(s))
    throw err(
      path,
      '不能含控制字符（含分隔符 U+001F、换行）',
      'must not contain control characters (incl. the separator U+001F, newline)',
    );
  return s;
}

export function checkInt(v: unknown, path: string, minimum = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw err(path, '必须是整数', 'must be an integer');
  if (v < minimum || v > MAX_INT)
    throw err(path, `必须在 ${minimum} 到 ${MAX_INT} 之间`, `must be between ${minimum} and ${MAX_INT}`);
  return v;
}

export function checkName(v: unknown, path: string): string {
  if (typeof v !== 'string' || !NAME.test(v)) throw err(path, '必须匹配 [a-z][a-z0-9_]{0,31}', 'must match [a-z][a-z0-9_]{0,31}');
  return v;
}

/** An ISO date `YYYY-MM-DD` that exists; returned as is (string order = date order). */
export function checkDate(v: unknown, path: string): string {
  if (typeof v !== 'string' || !DATE.test(v)) throw err(path, '日期格式必须为 YYYY-MM-DD', 'date must be YYYY-MM-DD');
  const y = Number(v.slice(0, 4));
  const m = Number(v.slice(5, 7));
  const d = Number(v.slice(8, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) throw err(path, '不是有效日期', 'is not a valid date');
  return v;
}

// ---------------------------------------------------------------------------------------------
// validation of the inputs (the order of the reference engine, so the first error agrees)
// ---------------------------------------------------------------------------------------------

function validateTop(inp: Inputs): void {
  checkField(inp.draw_id, 'draw_id');
  checkField(inp.org, 'org');
  checkText(inp.plan.plan, 'plan.plan');
  checkText(inp.plan.task, 'plan.task');
  checkInt(inp.plan.round, 'plan.round');
  inp.witnesses.forEach((w, i) => {
    checkText(w.name, `witnesses[${i}].name`);
    if (!w.name) throw err(`witnesses[${i}].name`, '不能为空', 'must not be empty');
    checkText(w.value, `witnesses[${i}].value`);
  });
}

function checkRatio(r: Ratio, path: string): void {
  checkInt(r.den, `${path}.den`, 1);
  checkInt(r.num, `${path}.num`);
  if (r.num > r.den) throw err(path, '比例不能大于 1', 'a ratio cannot exceed 1');
}

export function validateParams(p: Params): void {
  const fields = new Set<string>();
  p.strata_fields.forEach((f, i) => {
    checkName(f, `params.strata_fields[${i}]`);
    if (fields.has(f)) throw err(`params.strata_fields[${i}]`, '字段重复', 'duplicate field');
    fields.add(f);
  });
  const k = p.strata_fields.length;
  const q = p.quota;
  if (q.mode === 'ratio') {
    checkRatio(q.default!, 'params.quota.default');
    if (!['floor', 'half_up', 'ceil'].includes(q.rounding!))
      throw err('params.quota.rounding', '必须是 floor/half_up/ceil', 'must be floor/half_up/ceil');
    q.rules!.forEach((rule, ri) => {
      const rp = `params.quota.rules[${ri}]`;
      checkRatio(rule.ratio, `${rp}.ratio`);
      if (rule.match.length === 0) throw err(`${rp}.match`, '不能为空', 'must not be empty');
      const names = new Set<string>();
      rule.match.forEach(([f, v], mi) => {
        if (!fields.has(f)) throw err(`${rp}.match[${mi}].field`, `未知的分层字段 ${f}`, `unknown stratum field ${f}`);
        if (names.has(f)) throw err(`${rp}.match[${mi}].field`, '字段重复', 'duplicate field');
        names.add(f);
        checkField(v, `${rp}.match[${mi}].value`);
      });
    });
  } else if (q.mode === 'total') {
    checkInt(q.total, 'params.quota.total');
  } else {
    const seen = new Set<string>();
    q.counts!.forEach((c, ci) => {
      const cp = `params.quota.counts[${ci}]`;
      if (c.stratum.length !== k) throw err(`${cp}.stratum`, `分层必须有 ${k} 个字段`, `a stratum must have ${k} fields`);
      c.stratum.forEach((v, si) => checkField(v, `${cp}.stratum[${si}]`));
      const label = c.stratum.join(US);
      if (seen.has(label)) throw err(`${cp}.stratum`, '分层重复', 'duplicate stratum');
      seen.add(label);
      checkInt(c.count, `${cp}.count`);
    });
  }
  checkInt(p.min_per_stratum, 'params.min_per_stratum');
  if (p.on_shortfall !== 'error' && p.on_shortfall !== 'cap')
    throw err('params.on_shortfall', '必须是 error 或 cap', 'must be error or cap');
  const t = p.team;
  checkInt(t.team_size, 'params.team.team_size');
  if (t.team_size < 2) throw err('params.team.team_size', '每组至少 2 名执法检查人员（R10）', 'a team needs at least 2 officers (R10)');
  const depts = new Set<string>();
  let reserved = 0;
  t.officers_per_department.forEach((d, di) => {
    const dp = `params.team.officers_per_department[${di}]`;
    checkField(d.department, `${dp}.department`);
    if (depts.has(d.department)) throw err(`${dp}.department`, '部门重复', 'duplicate department');
    depts.add(d.department);
    checkInt(d.count, `${dp}.count`, 1);
    reserved += d.count;
  });
  if (reserved > t.team_size)
    throw err('params.team.officers_per_department', '各部门人数之和超过每组人数 team_size', 'the per-department counts exceed team_size');
  if ((t.team_count === null) === (t.max_targets_per_team === null))
    throw err('params.team', 'team_count 与 max_targets_per_team 必须且只能给出一个', 'exactly one of team_count and max_targets_per_team must be given');
  if (t.team_count !== null) checkInt(t.team_count, 'params.team.team_count', 1);
  if (t.max_targets_per_team !== null) checkInt(t.max_targets_per_team, 'params.team.max_targets_per_team', 1);
  checkInt(t.experts_per_team, 'params.team.experts_per_team');
  const ws = checkDate(p.window.start, 'params.window.start');
  const we = checkDate(p.window.end, 'params.window.end');
  if (ws > we) throw err('params.window', '开始日期晚于结束日期', 'start is after end');
  if (p.scope.kind !== 'undirected' && p.scope.kind !== 'directed')
    throw err('params.scope.kind', '必须是 undirected 或 directed', 'must be undirected or directed');
  p.scope.filters.forEach((f, fi) => {
    checkText(f.field, `params.scope.filters[${fi}].field`);
    f.values.forEach((v, vi) => checkText(v, `params.scope.filters[${fi}].values[${vi}]`));
  });
}

function validateItems(inp: Inputs): void {
  if (inp.items.length === 0) throw err('items', '至少需要一个抽查事项', 'at least one inspection item is required');
  const codes = new Set<string>();
  inp.items.forEach((it, i) => {
    const p = `items[${i}]`;
    checkField(it.code, `${p}.code`);
    if (codes.has(it.code)) throw err(`${p}.code`, `事项编码 ${it.code} 重复`, `item code ${it.code} repeated`);
    codes.add(it.code);
    checkText(it.name, `${p}.name`);
    checkField(it.category, `${p}.category`);
    checkField(it.department, `${p}.department`);
  });
}

function validateInspectors(inp: Inputs): void {
  const ids = new Set<string>();
  for (const [role, people] of [
    ['officers', inp.officers],
    ['experts', inp.experts],
  ] as const) {
    people.forEach((o, i) => {
      const p = `${role}[${i}]`;
      checkField(o.id, `${p}.id`);
      if (ids.has(o.id))
        throw err(`${p}.id`, `人员编号 ${o.id} 重复（执法证号与专家编号不能相同）`, `inspector id ${o.id} is repeated (officers and experts share one id space)`);
      ids.add(o.id);
      checkText(o.name, `${p}.name`);
      checkField(o.department, `${p}.department`);
      if (o.categories.length === 0) throw err(`${p}.categories`, '必须是非空的门类列表', 'must be a non-empty list of categories');
      if (new Set(o.categories).size !== o.categories.length) throw err(`${p}.categories`, '门类重复', 'duplicate category');
      o.categories.forEach((c, ci) => checkField(c, `${p}.categories[${ci}]`));
      if (o.valid_until !== null) checkDate(o.valid_until, `${p}.valid_until`);
    });
  }
  const pairs = new Set<string>();
  inp.conflicts.forEach((c, i) => {
    const p = `conflicts[${i}]`;
    checkField(c.inspector, `${p}.inspector`);
    checkField(c.candidate, `${p}.candidate`);
    checkText(c.reason, `${p}.reason`);
    const pair = c.inspector + US + c.candidate;
    if (pairs.has(pair)) throw err(p, '同一人员与同一对象的回避声明重复', 'duplicate conflict for the same inspector and candidate');
    pairs.add(pair);
  });
}

// ---------------------------------------------------------------------------------------------
// §2, §3 canonical pool and exclusions
// ---------------------------------------------------------------------------------------------

export interface Block {
  prefix: string; // pool: s_1 US … US s_k US org US; exclusions: reason US org US
  label: string; // stratum bytes (pool) or reason (exclusions)
  stratum: string[];
  org: string;
  ids: string[];
}

function sortedIds(parts: string[][]): string[] {
  if (parts.length === 1 && isStrictlySorted(parts[0])) return parts[0];
  const ids = parts.length === 1 ? parts[0].slice() : parts.flat();
  return ids.sort(cmpStr);
}

function checkIds(ids: string[], path: string): void {
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    // Fast path: printable ASCII (the usual USCC / project code).
    if (/^[\x20-\x7e]+$/.test(v)) continue;
    checkField(v, `${path}[${i}]`);
  }
}

function digestOf(blocks: Block[], progress: Progress | undefined, stage: string, total: number): string {
  const h = hasher();
  let done = 0;
  const CHUNK = 4096;
  for (const b of blocks) {
    for (let i = 0; i < b.ids.length; i += CHUNK) {
      const part = b.ids.slice(i, i + CHUNK);
      h.update(utf8(b.prefix + part.join('\n' + b.prefix) + '\n'));
      done += part.length;
      if (progress && (done & 0xffff) < CHUNK) progress(stage, done, total);
    }
  }
  return hex(h.digest());
}

export interface Canonical {
  pool: Block[];
  poolSize: number;
  poolDigest: string;
  exclusions: Block[];
  excludedCount: number;
  exclusionsDigest: string;
}

export function canonicalise(inp: Inputs, progress?: Progress): Canonical {
  const k = inp.params.strata_fields.length;
  const groups = new Map<string, { stratum: string[]; org: string; label: string; sources: [string, string[]][] }>();
  inp.pool.forEach((g, gi) => {
    const p = `pool[${gi}]`;
    checkField(g.org, `${p}.org`);
    if (g.stratum.length !== k) {
      const names = inp.params.strata_fields.join(', ');
      throw err(`${p}.stratum`, `分层必须有 ${k} 个字段（${names}）`, `a stratum must have ${k} fields (${names})`);
    }
    g.stratum.forEach((v, si) => checkField(v, `${p}.stratum[${si}]`));
    const prefix = [...g.stratum, g.org].join(US) + US;
    let grp = groups.get(prefix);
    if (grp === undefined) groups.set(prefix, (grp = { stratum: g.stratum, org: g.org, label: g.label, sources: [] }));
    grp.sources.push([`${p}.ids`, g.ids]);
  });
  const pool: Block[] = [];
  const seen = new Set<string>();
  let size = 0;
  let dupInPool = false;
  for (const [prefix, g] of groups) {
    for (const [path, ids] of g.sources) checkIds(ids, path);
    const ids = sortedIds(g.sources.map(([, ids]) => ids));
    for (const id of ids) {
      if (seen.has(id)) dupInPool = true;
      seen.add(id);
    }
    size += ids.length;
    pool.push({ prefix, label: g.label, stratum: g.stratum, org: g.org, ids });
  }
  if (dupInPool) duplicateError('pool', pool, '候选对象', 'candidate');
  pool.sort((a, b) => cmpStr(a.prefix, b.prefix));
  progress?.('pool', 0, size);
  const poolDigest = digestOf(pool, progress, 'pool', size);

  const ex = new Map<string, { reason: string; org: string; first: number; ids: string[][] }>();
  inp.exclusions.forEach((e, n) => {
    const key = e.label + US + e.org;
    let grp = ex.get(key);
    if (grp === undefined) ex.set(key, (grp = { reason: e.label, org: e.org, first: n, ids: [] }));
    grp.ids.push(e.ids);
  });
  const exclusions: Block[] = [];
  const exSeen = new Set<string>();
  let exCount = 0;
  for (const g of ex.values()) {
    const p = `exclusions[${g.first}]`;
    checkName(g.reason, `${p}.reason`);
    checkField(g.org, `${p}.org`);
    const all = g.ids.flat();
    if (all.some((v) => !/^[\x20-\x7e]+$/.test(v))) inp.exclusions.forEach((e, i) => checkIds(e.ids, `exclusions[${i}].ids`));
    const ids = sortedIds(g.ids);
    for (const id of ids) exSeen.add(id);
    exCount += ids.length;
    exclusions.push({ prefix: g.reason + US + g.org + US, label: g.reason, stratum: [], org: g.org, ids });
  }
  if (exSeen.size !== exCount) duplicateError('exclusions', exclusions, '排除对象', 'excluded id');
  let both: string | null = null;
  for (const id of exSeen) if (seen.has(id) && (both === null || cmpStr(id, both) < 0)) both = id;
  if (both !== null) throw err('exclusions', `${both} 同时出现在候选池和排除名单中`, `${both} is both in the pool and excluded`);
  exclusions.sort((a, b) => cmpStr(a.prefix, b.prefix));
  const exclusionsDigest = digestOf(exclusions, undefined, 'exclusions', exCount);
  return { pool, poolSize: size, poolDigest, exclusions, excludedCount: exCount, exclusionsDigest };
}

function duplicateError(path: string, blocks: Block[], zh: string, en: string): never {
  const seen = new Set<string>();
  for (const b of blocks)
    for (const id of b.ids) {
      if (seen.has(id)) throw err(path, `${zh} ${id} 重复出现`, `${en} ${id} appears more than once`);
      seen.add(id);
    }
  throw new Error('unreachable');
}

// ---------------------------------------------------------------------------------------------
// §4 seed
// ---------------------------------------------------------------------------------------------

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function lp(x: Uint8Array): Uint8Array {
  return concat([u32(x.length), x]);
}

export function fromHexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function deriveSeed(secret: Uint8Array, witnesses: { name: string; value: string }[], poolDigest: string, drawId: string): Uint8Array {
  const w = concat([u32(witnesses.length), ...witnesses.flatMap((x) => [lp(utf8(x.name)), lp(utf8(x.value))])]);
  return sha(concat([lp(secret), lp(w), lp(fromHexBytes(poolDigest)), lp(utf8(drawId))]));
}

// ---------------------------------------------------------------------------------------------
// §6 quotas
// ---------------------------------------------------------------------------------------------

export interface StratumSize {
  stratum: string[];
  label: string; // stratum bytes as a string (values joined by US)
  available: number;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function ratioFor(stratum: string[], p: Params): Ratio {
  const index = new Map(p.strata_fields.map((f, i) => [f, i]));
  for (const rule of p.quota.rules!) if (rule.match.every(([f, v]) => stratum[index.get(f)!] === v)) return rule.ratio;
  return p.quota.default!;
}

export function stratumLabel(stratum: string[], fields: string[]): string {
  if (fields.length && fields.length === stratum.length) return stratum.map((v, i) => `${fields[i]}=${v}`).join('/');
  return stratum.length ? stratum.join('/') : '(全部 / all)';
}

export function shortfall(stratum: string[] | null, needed: number | bigint, available: number, fields: string[]): DrawError {
  if (stratum === null)
    return new DrawError('params.quota', `抽取总数 ${needed} 超过候选池数量 ${available} / the total ${needed} exceeds the pool size ${available}`);
  const l = stratumLabel(stratum, fields);
  return new DrawError('params.quota', `分层 ${l} 需抽取 ${needed} 个，仅有 ${available} 个可抽 / stratum ${l} needs ${needed} but only ${available} are available`);
}

/** Largest remainder (§6): the first R strata by (rem desc, stratum key asc, canonical order) get one more. */
function largestRemainder(sizes: StratumSize[], base: bigint[], rem: bigint[], extra: bigint, seed: Uint8Array): void {
  if (extra <= 0n) return;
  const keyer = new Keyer(seed, 'stratum:');
  const keys = sizes.map((s) => keyer.key(s.label));
  const order = sizes.map((_, i) => i);
  order.sort((a, b) => (rem[a] !== rem[b] ? (rem[a] > rem[b] ? -1 : 1) : cmpBytes(keys[a], keys[b]) || a - b));
  for (let j = 0; j < Number(extra) && j < order.length; j++) base[order[j]] += 1n;
}

export function allocateQuotas(sizes: StratumSize[], p: Params, seed: Uint8Array): bigint[] {
  const q = p.quota;
  const min = BigInt(p.min_per_stratum);
  const withMin = (xs: bigint[]) => xs.map((x) => (x > min ? x : min));
  if (q.mode === 'counts') {
    const wanted = new Map(q.counts!.map((c) => [c.stratum.join(US), BigInt(c.count)]));
    return withMin(sizes.map((s) => wanted.get(s.label) ?? 0n));
  }
  let L: bigint;
  let Q: bigint[];
  let T: bigint;
  if (q.mode === 'ratio') {
    const ratios = sizes.map((s) => ratioFor(s.stratum, p));
    L = 1n;
    for (const r of ratios) L = (L / gcd(L, BigInt(r.den))) * BigInt(r.den);
    Q = sizes.map((s, i) => BigInt(s.available) * BigInt(ratios[i].num) * (L / BigInt(ratios[i].den)));
    const E = Q.reduce((a, b) => a + b, 0n);
    T = q.rounding === 'floor' ? E / L : q.rounding === 'ceil' ? (E + L - 1n) / L : (2n * E + L) / (2n * L);
  } else {
    const N = sizes.reduce((a, s) => a + BigInt(s.available), 0n);
    const total = BigInt(q.total!);
    if (total > N) {
      if (p.on_shortfall === 'cap') return withMin(sizes.map((s) => BigInt(s.available)));
      throw shortfall(null, total, Number(N), p.strata_fields);
    }
    if (N === 0n) return withMin(sizes.map(() => 0n));
    L = N;
    Q = sizes.map((s) => total * BigInt(s.available));
    T = total;
  }
  const base = Q.map((x) => x / L);
  const rem = Q.map((x) => x % L);
  largestRemainder(sizes, base, rem, T - base.reduce((a, b) => a + b, 0n), seed);
  return withMin(base);
}

// ---------------------------------------------------------------------------------------------
// §7 selection
// ---------------------------------------------------------------------------------------------

export interface Target {
  id: string;
  org: string;
  key: Uint8Array;
}

function cmpTarget(a: Target, b: Target): number {
  return cmpBytes(a.key, b.key) || cmpStr(a.id, b.id);
}

/**
 * The `k` candidates with the smallest keys, smallest first. A speed-up only: keys whose first
 * 32 bits exceed a bound a little above k/n · 2^32 are dropped while hashing; if fewer than k
 * survive, everything is sorted (the survivors are then the smallest keys anyway).
 */
export function select(keyer: Keyer, parts: Block[], k: number, onKey: () => void): Target[] {
  if (k <= 0) return [];
  const n = parts.reduce((s, b) => s + b.ids.length, 0);
  const margin = k + 4 * Math.floor(Math.sqrt(k)) + 32;
  const bound = margin < n ? Number((BigInt(margin) << 32n) / BigInt(n)) : 0x100000000;
  const kept: Target[] = [];
  for (const b of parts)
    for (const id of b.ids) {
      const key = keyer.key(id);
      const top = ((key[0] << 24) >>> 0) + (key[1] << 16) + (key[2] << 8) + key[3];
      if (top <= bound) kept.push({ id, org: b.org, key });
      onKey();
    }
  if (kept.length < k) {
    kept.length = 0;
    for (const b of parts) for (const id of b.ids) kept.push({ id, org: b.org, key: keyer.key(id) });
  }
  kept.sort(cmpTarget);
  return kept.slice(0, k);
}

// ---------------------------------------------------------------------------------------------
// §8 inspectors
// ---------------------------------------------------------------------------------------------

export interface Ranked {
  id: string;
  department: string;
  key: Uint8Array;
}
export interface IneligibleEntry {
  role: 'officer' | 'expert';
  id: string;
  reason: string;
}

export function rankInspectors(inp: Inputs, seed: Uint8Array): { officers: Ranked[]; experts: Ranked[]; ineligible: IneligibleEntry[] } {
  const end = inp.params.window.end;
  const mixed = inp.params.team.officers_per_department.length > 0;
  const all = new Set(inp.items.map((it) => it.category));
  const byDept = new Map<string, Set<string>>();
  for (const it of inp.items) {
    if (!byDept.has(it.department)) byDept.set(it.department, new Set());
    byDept.get(it.department)!.add(it.category);
  }
  const expertCats = new Set(inp.items.filter((it) => it.needs_expert).map((it) => it.category));
  const ineligible: IneligibleEntry[] = [];
  const officers: Ranked[] = [];
  const ok = new Keyer(seed, 'officer:');
  for (const o of inp.officers) {
    const required = mixed ? (byDept.get(o.department) ?? new Set<string>()) : all;
    let reason: string | null = null;
    if (!o.active) reason = 'inactive';
    else if (o.valid_until === null) reason = 'no_certificate';
    else if (o.valid_until < end) reason = 'certificate_expired';
    else if (!o.categories.some((c) => required.has(c))) reason = 'category';
    if (reason === null) officers.push({ id: o.id, department: o.department, key: ok.key(o.id) });
    else ineligible.push({ role: 'officer', id: o.id, reason });
  }
  const experts: Ranked[] = [];
  if (expertCats.size > 0) {
    const ek = new Keyer(seed, 'expert:');
    for (const e of inp.experts) {
      let reason: string | null = null;
      if (!e.active) reason = 'inactive';
      else if (e.valid_until !== null && e.valid_until < end) reason = 'certificate_expired';
      else if (!e.categories.some((c) => expertCats.has(c))) reason = 'category';
      if (reason === null) experts.push({ id: e.id, department: e.department, key: ek.key(e.id) });
      else ineligible.push({ role: 'expert', id: e.id, reason });
    }
  }
  const byKey = (a: Ranked, b: Ranked) => cmpBytes(a.key, b.key) || cmpStr(a.id, b.id);
  officers.sort(byKey);
  experts.sort(byKey);
  ineligible.sort((a, b) => (a.role === b.role ? cmpStr(a.id, b.id) : a.role === 'officer' ? -1 : 1));
  return { officers, experts, ineligible };
}

// ---------------------------------------------------------------------------------------------
// §9 teams, §10 matching, §11 recusal
// ---------------------------------------------------------------------------------------------

export function tooFew(role: 'officer' | 'expert', department: string | null, needed: number, available: number): DrawError {
  const whoZh = role === 'officer' ? '执法检查人员' : '专家';
  const whoEn = role === 'officer' ? 'officers' : 'experts';
  const dZh = department !== null ? `（${department}）` : '';
  const dEn = department !== null ? ` of department ${department}` : '';
  return new DrawError(
    'params.team',
    `符合条件的${whoZh}${dZh}不足：需要 ${needed} 名，仅有 ${available} 名 / too few eligible ${whoEn}${dEn}: ${needed} needed, ${available} available`,
  );
}

export interface Teams {
  officers: string[][];
  experts: string[][];
  used: Set<string>;
}

export function formTeams(n: number, p: Params, officers: Ranked[], experts: Ranked[], needExperts: boolean): Teams {
  const t: Teams = { officers: Array.from({ length: n }, () => []), experts: Array.from({ length: n }, () => []), used: new Set() };
  if (n === 0) return t;
  const seats = [...p.team.officers_per_department].sort((a, b) => cmpStr(a.department, b.department));
  let reserved = 0;
  for (const d of seats) {
    const avail = officers.filter((o) => o.department === d.department && !t.used.has(o.id));
    const need = n * d.count;
    if (avail.length < need) throw tooFew('officer', d.department, need, avail.length);
    avail.slice(0, need).forEach((o, j) => {
      t.officers[j % n].push(o.id);
      t.used.add(o.id);
    });
    reserved += d.count;
  }
  const free = p.team.team_size - reserved;
  const avail = officers.filter((o) => !t.used.has(o.id));
  const need = n * free;
  if (avail.length < need) throw tooFew('officer', null, need, avail.length);
  avail.slice(0, need).forEach((o, j) => {
    t.officers[j % n].push(o.id);
    t.used.add(o.id);
  });
  if (needExperts) {
    const needE = n * p.team.experts_per_team;
    if (experts.length < needE) throw tooFew('expert', null, needE, experts.length);
    experts.slice(0, needE).forEach((e, j) => {
      t.experts[j % n].push(e.id);
      t.used.add(e.id);
    });
  }
  return t;
}

export interface RecusalEntry {
  seq: number;
  kind: 'swap' | 'replace';
  role: 'officer' | 'expert';
  team: number;
  target: string;
  inspector: string;
  reason: string;
  swap_team: number | null;
  swap_target: string | null;
  replacement: string | null;
}

/** §11, applied once in matching order; mutates `assign` and the teams. */
export function recuse(
  targets: string[],
  assign: Map<string, number>,
  teamOrder: number[],
  teams: Teams,
  officers: Ranked[],
  experts: Ranked[],
  conflicts: Map<string, string>,
  mixed: boolean,
): RecusalEntry[] {
  const out: RecusalEntry[] = [];
  if (conflicts.size === 0) return out;
  const pos = new Map(targets.map((x, i) => [x, i]));
  const dept = new Map(officers.map((o) => [o.id, o.department]));
  const teamTargets = new Map<number, string[]>(teamOrder.map((u) => [u, []]));
  for (const x of targets) teamTargets.get(assign.get(x)!)!.push(x);
  const conflicted = (team: number, x: string) => {
    const m: { role: 'officer' | 'expert'; id: string; reason: string }[] = [];
    for (const id of teams.officers[team - 1]) {
      const r = conflicts.get(id + US + x);
      if (r !== undefined) m.push({ role: 'officer', id, reason: r });
    }
    for (const id of teams.experts[team - 1]) {
      const r = conflicts.get(id + US + x);
      if (r !== undefined) m.push({ role: 'expert', id, reason: r });
    }
    return m;
  };
  const byPos = (a: string, b: string) => pos.get(a)! - pos.get(b)!;
  for (const x of targets) {
    const t = assign.get(x)!;
    const members = conflicted(t, x);
    if (members.length === 0) continue;
    let swapped = false;
    for (const u of teamOrder) {
      if (u === t || conflicted(u, x).length > 0) continue;
      for (const y of teamTargets.get(u)!) {
        if (conflicted(t, y).length > 0) continue;
        assign.set(x, u);
        assign.set(y, t);
        const tt = teamTargets.get(t)!.filter((z) => z !== x);
        const ut = teamTargets.get(u)!.filter((z) => z !== y);
        tt.push(y);
        ut.push(x);
        teamTargets.set(t, tt.sort(byPos));
        teamTargets.set(u, ut.sort(byPos));
        for (const m of members)
          out.push({ seq: out.length + 1, kind: 'swap', role: m.role, team: t, target: x, inspector: m.id, reason: m.reason, swap_team: u, swap_target: y, replacement: null });
        swapped = true;
        break;
      }
      if (swapped) break;
    }
    if (swapped) continue;
    for (const m of members) {
      const ranking = m.role === 'officer' ? officers : experts;
      const seats = m.role === 'officer' ? teams.officers[t - 1] : teams.experts[t - 1];
      let replacement: string | null = null;
      for (const r of ranking) {
        if (teams.used.has(r.id)) continue;
        if (mixed && m.role === 'officer' && r.department !== dept.get(m.id)) continue;
        if (teamTargets.get(t)!.some((z) => conflicts.has(r.id + US + z))) continue;
        replacement = r.id;
        break;
      }
      if (replacement === null) {
        const who = m.role === 'officer' ? '执法检查人员' : '专家';
        throw new DrawError(
          'conflicts',
          `第 ${t} 组的${who} ${m.id} 须回避检查对象 ${x}，但既无法调换对象也没有可替补的人员 / ${m.role} ${m.id} of team ${t} must recuse from ${x}, but no swap is possible and no eligible replacement is left`,
        );
      }
      seats[seats.indexOf(m.id)] = replacement;
      teams.used.add(replacement);
      out.push({ seq: out.length + 1, kind: 'replace', role: m.role, team: t, target: x, inspector: m.id, reason: m.reason, swap_team: null, swap_target: null, replacement });
    }
  }
  return out;
}

export function conflictMap(conflicts: Conflict[]): Map<string, string> {
  return new Map(conflicts.map((c) => [c.inspector + US + c.candidate, c.reason]));
}

export function teamCount(targets: number, p: Params): number {
  if (targets === 0) return 0;
  if (p.team.team_count !== null) return Math.min(p.team.team_count, targets);
  const m = p.team.max_targets_per_team!;
  const q = targets + m - 1; // ceil(targets / m) in exact integer steps
  return (q - (q % m)) / m;
}

export { validateTop, validateItems, validateInspectors };
export type { Group, Inspector };
