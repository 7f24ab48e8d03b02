/**
 * Re-derivation of a draw from its inputs, written from docs/draw-record.md §1–§11 (format
 * `suiji-draw/1`). Integers only: quotas in BigInt, keys compared as unsigned big-endian bytes
 * (which is the 256-bit integer order of §5). No floating point decides anything.
 */
import { cmpBytes, hasher, hex, Keyer, sha, utf8 } from './hash';
import { V1, type Conflict, type Group, type Inputs, type Inspector, type Params, type Ratio } from './inputs';
import { cmpStr, isStrictlySorted, LONE_SURROGATE } from './json';

export const US = '\x1f';
/** Published reason codes of a declared conflict (§11, suiji-draw/2). */
export const CONFLICT_REASONS = ['kinship', 'employment', 'shareholding', 'other'];
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

export function validateParams(p: Params, format: string): void {
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
    if (format === V1 && !['floor', 'half_up', 'ceil'].includes(q.rounding!))
      throw err('params.quota.rounding', '必须是 floor/half_up/ceil', 'must be floor/half_up/ceil');
    if (format !== V1 && q.rounding !== 'systematic') throw err('params.quota.rounding', '必须是 systematic', 'must be systematic');
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
  if (p.cap !== null) checkRatio(p.cap, 'params.cap');
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
    if (inp.format !== V1 && !CONFLICT_REASONS.includes(c.reason))
      throw err(`${p}.reason`, `回避原因必须是代码 ${CONFLICT_REASONS.join('/')} 之一（说明文字只留在名录中）`, `the reason must be one of the codes ${CONFLICT_REASONS.join('/')}`);
    if (inp.format === V1 && !c.reason) throw err(`${p}.reason`, '不能为空', 'must not be empty');
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
    if (g.ids.length === 0) throw err(`${p}.ids`, '分组不能为空', 'a group must hold at least one id');
    const prefix = [...g.stratum, g.org].join(US) + US;
    let grp = groups.get(prefix);
    if (grp === undefined) groups.set(prefix, (grp = { stratum: g.stratum, org: g.org, label: g.label, sources: [] }));
    grp.sources.push([`${p}.ids`, g.ids]);
  });
  const pool: Block[] = [];
  let size = 0;
  for (const [prefix, g] of groups) {
    for (const [path, ids] of g.sources) checkIds(ids, path);
    const ids = sortedIds(g.sources.map(([, ids]) => ids));
    size += ids.length;
    pool.push({ prefix, label: g.label, stratum: g.stratum, org: g.org, ids });
  }
  // Ids are unique in the pool and across pool and exclusions. One sort of all of them (runs
  // already sorted) finds whether any id repeats, much faster than a set of a million strings;
  // only then are the sets built, to name the repeated id as the reference does.
  const everyId: string[] = [];
  for (const b of pool) for (const id of b.ids) everyId.push(id);
  for (const e of inp.exclusions) for (const id of e.ids) everyId.push(id);
  everyId.sort(); // any total order will do to find equal neighbours
  let repeated = false;
  for (let i = 1; i < everyId.length && !repeated; i++) repeated = everyId[i] === everyId[i - 1];
  everyId.length = 0;
  const seen = new Set<string>();
  if (repeated) {
    for (const b of pool) for (const id of b.ids) seen.add(id);
    if (seen.size !== size) duplicateError('pool', pool, '候选对象', 'candidate');
  }
  pool.sort((a, b) => cmpStr(a.prefix, b.prefix));
  progress?.('pool', 0, size);
  const poolDigest = digestOf(pool, progress, 'pool', size);

  const ex = new Map<string, { reason: string; org: string; first: number; ids: string[][] }>();
  inp.exclusions.forEach((e, n) => {
    if (e.ids.length === 0) throw err(`exclusions[${n}].ids`, '分组不能为空', 'a group must hold at least one id');
    const key = e.label + US + e.org;
    let grp = ex.get(key);
    if (grp === undefined) ex.set(key, (grp = { reason: e.label, org: e.org, first: n, ids: [] }));
    grp.ids.push(e.ids);
  });
  const exclusions: Block[] = [];
  let exCount = 0;
  for (const g of ex.values()) {
    const p = `exclusions[${g.first}]`;
    checkName(g.reason, `${p}.reason`);
    checkField(g.org, `${p}.org`);
    const all = g.ids.flat();
    if (all.some((v) => !/^[\x20-\x7e]+$/.test(v))) inp.exclusions.forEach((e, i) => checkIds(e.ids, `exclusions[${i}].ids`));
    const ids = sortedIds(g.ids);
    exCount += ids.length;
    exclusions.push({ prefix: g.reason + US + g.org + US, label: g.reason, stratum: [], org: g.org, ids });
  }
  if (repeated) {
    const exSeen = new Set<string>();
    for (const b of exclusions) for (const id of b.ids) exSeen.add(id);
    if (exSeen.size !== exCount) duplicateError('exclusions', exclusions, '排除对象', 'excluded id');
    let both: string | null = null;
    for (const id of exSeen) if (seen.has(id) && (both === null || cmpStr(id, both) < 0)) both = id;
    if (both !== null) throw err('exclusions', `${both} 同时出现在候选池和排除名单中`, `${both} is both in the pool and excluded`);
  }
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

/** (Q_s, L) of ratio and total mode: the exact quota of s is Q_s / L; null in counts mode and
 * for a total the pool cannot hold (every quota is then n_s, or an error). */
function exactQuotas(sizes: StratumSize[], p: Params): { Q: bigint[]; L: bigint } | null {
  const q = p.quota;
  if (q.mode === 'ratio') {
    const ratios = sizes.map((s) => ratioFor(s.stratum, p));
    let L = 1n;
    for (const r of ratios) L = (L / gcd(L, BigInt(r.den))) * BigInt(r.den);
    return { Q: sizes.map((s, i) => BigInt(s.available) * BigInt(ratios[i].num) * (L / BigInt(ratios[i].den))), L };
  }
  if (q.mode === 'total') {
    const N = sizes.reduce((a, s) => a + BigInt(s.available), 0n);
    const total = BigInt(q.total!);
    if (total > N || N === 0n) return null;
    return { Q: sizes.map((s) => total * BigInt(s.available)), L: N };
  }
  return null;
}

const TWO_256 = 1n << 256n;

function bigOf(bytes: Uint8Array): bigint {
  return BigInt('0x' + hex(bytes));
}

/** §6: the offset u, uniform on 0 … L − 1: the first rounding key below the largest multiple of L. */
export function roundingOffset(seed: Uint8Array, L: bigint): bigint {
  const limit = TWO_256 - (TWO_256 % L);
  const keyer = new Keyer(seed, 'rounding:');
  for (let i = 0; ; i++) {
    const v = bigOf(keyer.key(String(i)));
    if (v < limit) return v % L;
  }
}

/** §6 systematic rounding (suiji-draw/2): in stratum-key order, stratum s is rounded up when
 * the running sum of remainders plus u crosses a multiple of L — with probability rem_s / L. */
function systematic(sizes: StratumSize[], Q: bigint[], L: bigint, seed: Uint8Array): bigint[] {
  const base = Q.map((x) => x / L);
  const rem = Q.map((x) => x % L);
  if (rem.every((r) => r === 0n)) return base;
  const u = roundingOffset(seed, L);
  const keyer = new Keyer(seed, 'stratum:');
  const keys = sizes.map((s) => keyer.key(s.label));
  const order = sizes.map((_, i) => i).sort((a, b) => cmpBytes(keys[a], keys[b]) || a - b);
  let acc = u;
  let before = acc / L;
  for (const i of order) {
    acc += rem[i];
    const now = acc / L;
    base[i] += now - before;
    before = now;
  }
  return base;
}

export function allocateQuotas(sizes: StratumSize[], p: Params, seed: Uint8Array, format: string): bigint[] {
  const q = p.quota;
  const min = BigInt(p.min_per_stratum);
  const withMin = (xs: bigint[]) => xs.map((x) => (x > min ? x : min));
  if (q.mode === 'counts') {
    const wanted = new Map(q.counts!.map((c) => [c.stratum.join(US), BigInt(c.count)]));
    return withMin(sizes.map((s) => wanted.get(s.label) ?? 0n));
  }
  if (q.mode === 'total') {
    const N = sizes.reduce((a, s) => a + s.available, 0);
    if (q.total! > N) {
      if (p.on_shortfall === 'cap') return withMin(sizes.map((s) => BigInt(s.available)));
      throw shortfall(null, q.total!, N, p.strata_fields);
    }
    if (N === 0) return withMin(sizes.map(() => 0n));
  }
  const { Q, L } = exactQuotas(sizes, p)!;
  if (format !== V1) return withMin(systematic(sizes, Q, L, seed));
  // suiji-draw/1 (§15): the total first, then largest remainder.
  let T: bigint;
  if (q.mode === 'ratio') {
    const E = Q.reduce((a, b) => a + b, 0n);
    T = q.rounding === 'floor' ? E / L : q.rounding === 'ceil' ? (E + L - 1n) / L : (2n * E + L) / (2n * L);
  } else T = BigInt(q.total!);
  const base = Q.map((x) => x / L);
  const rem = Q.map((x) => x % L);
  largestRemainder(sizes, base, rem, T - base.reduce((a, b) => a + b, 0n), seed);
  return withMin(base);
}

/** A ratio for people: basis points as a percentage ("1%", "0.5%"), else num/den. */
function percent(r: Ratio): string {
  if ((r.num * 10000) % r.den === 0) {
    const bp = (r.num * 10000) / r.den;
    const whole = Math.floor(bp / 100);
    const frac = bp % 100;
    return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0')}`.replace(/0+$/, '') + '%';
  }
  return `${r.num}/${r.den}`;
}

/** R5 (§6 cap): the draw may never exceed `params.cap` of the pool, whatever the seed. */
export function checkCap(sizes: StratumSize[], p: Params): void {
  const cap = p.cap;
  if (cap === null) return;
  const q = p.quota;
  const m = BigInt(p.min_per_stratum);
  const N = sizes.reduce((a, s) => a + BigInt(s.available), 0n);
  const allowed = (N * BigInt(cap.num)) / BigInt(cap.den);
  const c = percent(cap);
  if (q.mode === 'ratio')
    for (const s of sizes) {
      const r = ratioFor(s.stratum, p);
      if (BigInt(r.num) * BigInt(cap.den) > BigInt(cap.num) * BigInt(r.den)) {
        const l = stratumLabel(s.stratum, p.strata_fields);
        throw new DrawError(
          'params.cap',
          `分层 ${l} 的抽查比例 ${percent(r)} 超过上限 ${c}（R5），请把该层比例调到 ${c} 以内 / stratum ${l}: ratio ${percent(r)} exceeds the cap ${c} (R5)`,
        );
      }
    }
  const big = (x: bigint, y: bigint) => (x > y ? x : y);
  let most: bigint;
  const exact = exactQuotas(sizes, p);
  if (exact !== null) {
    const { Q, L } = exact;
    if (m === 0n) most = Q.reduce((a, x) => a + x / L, 0n) + (Q.reduce((a, x) => a + (x % L), 0n) + L - 1n) / L;
    else most = Q.reduce((a, x) => a + big((x + L - 1n) / L, m), 0n);
  } else if (q.mode === 'counts') {
    const wanted = new Map(q.counts!.map((x) => [x.stratum.join(US), BigInt(x.count)]));
    most = sizes.reduce((a, s) => a + big(wanted.get(s.label) ?? 0n, m), 0n);
  } else most = sizes.reduce((a, s) => a + big(BigInt(s.available), m), 0n);
  if (most > allowed)
    throw new DrawError(
      'params.cap',
      `按声明比例随机舍入后最多可能抽取 ${most} 个，超过上限 ${c} 允许的 ${allowed} 个（R5），请调低比例 / the rounding may draw up to ${most} targets, above the ${allowed} the cap ${c} allows (R5)`,
    );
}

export interface Fraction {
  num: number;
  den: number;
}

function reduced(num: bigint, den: bigint, path: string): Fraction {
  const g = gcd(num, den);
  const n = num / g;
  const d = den / g;
  if (n > BigInt(MAX_INT) || d > BigInt(MAX_INT))
    throw err(path, '概率的分子或分母超过 2^53 − 1', 'a probability term exceeds 2^53 - 1');
  return { num: Number(n), den: Number(d) };
}

/** §6 probability: the chance, over the seed, that a given candidate of each stratum is drawn. */
export function stratumProbabilities(sizes: StratumSize[], p: Params): (Fraction | null)[] {
  const m = BigInt(p.min_per_stratum);
  const exact = exactQuotas(sizes, p);
  const wanted = new Map((p.quota.counts ?? []).map((c) => [c.stratum.join(US), BigInt(c.count)]));
  return sizes.map((s, i) => {
    if (s.available === 0) return null;
    const a = BigInt(s.available);
    const v = (x: bigint) => {
      const y = x > m ? x : m;
      return y < a ? y : a;
    };
    if (exact !== null) {
      const { Q, L } = exact;
      const base = Q[i] / L;
      const rem = Q[i] % L;
      return reduced(v(base) * L + (v(base + 1n) - v(base)) * rem, L * a, 'params.quota');
    }
    if (p.quota.mode === 'counts') return reduced(v(wanted.get(s.label) ?? 0n), a, 'params.quota');
    return { num: 1, den: 1 }; // total mode, total > pool with on_shortfall = cap: all drawn
  });
}

/** §6 declared ratio of each stratum (ratio mode; null otherwise). */
export function declaredRatios(sizes: StratumSize[], p: Params): (Ratio | null)[] {
  return sizes.map((s) => (p.quota.mode === 'ratio' ? ratioFor(s.stratum, p) : null));
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

export function formTeams(n: number, p: Params, officers: Ranked[], experts: Ranked[], needExperts: boolean, seed: Uint8Array, format: string): Teams {
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
  let avail = officers.filter((o) => !t.used.has(o.id));
  if (seats.length > 0 && format !== V1) {
    // suiji-draw/2, mixed draw: free seats in seat-key order (§9).
    const sk = new Keyer(seed, 'seat:');
    const keyed = avail.map((o) => ({ o, key: sk.key(o.id) }));
    keyed.sort((a, b) => cmpBytes(a.key, b.key) || cmpStr(a.o.id, b.o.id));
    avail = keyed.map((x) => x.o);
  }
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

/** §9 probability (suiji-draw/2): each eligible officer's and expert's chance, over the seed
 * and given N, of being dealt a seat before recusal, in ranking order. */
export function inspectorProbabilities(n: number, p: Params, officers: Ranked[], experts: Ranked[], needExperts: boolean): { officers: Fraction[]; experts: Fraction[] } {
  const zero = { num: 0, den: 1 };
  if (n === 0) return { officers: officers.map(() => zero), experts: experts.map(() => zero) };
  const N = BigInt(n);
  const spec = p.team;
  const reserved = new Map(spec.officers_per_department.map((d) => [d.department, N * BigInt(d.count)]));
  const F = N * BigInt(spec.team_size - spec.officers_per_department.reduce((a, d) => a + d.count, 0));
  const E = BigInt(officers.length);
  const byDept = new Map<string, bigint>();
  for (const o of officers) byDept.set(o.department, (byDept.get(o.department) ?? 0n) + 1n);
  const min = (a: bigint, b: bigint) => (a < b ? a : b);
  let U = E;
  for (const [d, r] of reserved) U -= min(r, byDept.get(d) ?? 0n);
  const out = officers.map((o) => {
    if (reserved.size === 0) return reduced(min(F, E), E, 'officer_ranking');
    const R = reserved.get(o.department);
    if (R !== undefined) {
      const Ed = byDept.get(o.department)!;
      const r = min(R, Ed);
      if (U === 0n) return reduced(r, Ed, 'officer_ranking');
      return reduced(r * U + (Ed - r) * min(F, U), Ed * U, 'officer_ranking');
    }
    return reduced(min(F, U), U, 'officer_ranking');
  });
  const X = BigInt(experts.length);
  const seats = N * BigInt(spec.experts_per_team);
  const ex = needExperts ? experts.map(() => reduced(min(seats, X), X, 'expert_ranking')) : experts.map(() => zero);
  return { officers: out, experts: ex };
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
