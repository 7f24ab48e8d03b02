/**
 * The browser's draw verifier: a second implementation of `verify-draw`
 * (docs/draw-record.md §13), written from the document. It re-derives the whole record from
 * its input fields, rebuilds it in canonical form and reports PASS or the first difference,
 * with the same paths as the reference verifier.
 */
import {
  allocateQuotas,
  canonicalise,
  checkCap,
  declaredRatios,
  inspectorProbabilities,
  stratumProbabilities,
  conflictMap,
  deriveSeed,
  DrawError,
  formTeams,
  fromHexBytes,
  rankInspectors,
  recuse,
  select,
  shortfall,
  teamCount,
  US,
  validateInspectors,
  validateItems,
  validateParams,
  validateTop,
  type Block,
  type Progress,
  type StratumSize,
  type Target,
} from './draw';
import { cmpBytes, hex, initHash, Keyer, sha, utf8 } from './hash';
import { MISSING_TEXT, readInputs, RecordError, V1, type Inputs, type Params, type Ratio } from './inputs';
import { canonicalJson, cmpStr, isObject, parseStrict, RecordSyntaxError, typeName, type Json, type JsonObject } from './json';

export const FORMATS = ['suiji-draw/2', 'suiji-draw/1'] as const;

/** Stands for a field the record lacks / has but the format does not define. */
export const MISSING = Symbol('(missing)');
export const ABSENT = Symbol('(no such field)');
type Shown = Json | typeof MISSING | typeof ABSENT;

export interface Report {
  ok: boolean;
  path: string | null;
  expected?: Shown;
  actual?: Shown;
  /** Why the record could not be re-derived (instead of expected/actual). */
  message?: string;
  /** The input is not a draw record at all (`verify-draw` exit status 2). */
  malformed: boolean;
  /** What was checked, for the PASS summary. */
  summary?: { format: string; poolSize: number; targets: number; teams: number; recusals: number; resultDigest: string };
}

export function show(v: Shown | undefined, limit = 160): string {
  if (v === MISSING) return '(missing)';
  if (v === ABSENT) return '(no such field)';
  const text = typeof v === 'string' ? v : JSON.stringify(v ?? null);
  const cps = Array.from(text);
  return cps.length <= limit ? text : cps.slice(0, limit - 1).join('') + '…';
}

/** `PASS`, `FAIL: <path>: expected X, got Y`, `FAIL: <path>: <message>` or `ERROR: <message>`. */
export function reportLine(r: Report): string {
  if (r.ok) return 'PASS';
  if (r.malformed) return `ERROR: ${r.message}`;
  if (r.message !== undefined) return `FAIL: ${r.path}: ${r.message}`;
  return `FAIL: ${r.path}: expected ${show(r.expected)}, got ${show(r.actual)}`;
}

export function exitCode(r: Report): number {
  return r.ok ? 0 : r.malformed ? 2 : 1;
}

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function kind(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * First (path, expected, actual) where `actual` differs from `expected`: objects in the
 * expected (documented) member order, then members only `actual` has; arrays element by
 * element, then their lengths; JSON types strictly (`1` is not `true`).
 */
export function firstDifference(expected: Json, actual: Json, path = ''): [string, Shown, Shown] | null {
  if (expected === actual) return null; // the same value, or the very same (input) array
  if (isObject(expected)) {
    if (!isObject(actual)) return [path, expected, actual];
    for (const k of Object.keys(expected)) {
      if (!Object.prototype.hasOwnProperty.call(actual, k)) return [at(path, k), expected[k], MISSING];
      const d = firstDifference(expected[k], actual[k], at(path, k));
      if (d) return d;
    }
    for (const k of Object.keys(actual)) if (!Object.prototype.hasOwnProperty.call(expected, k)) return [at(path, k), ABSENT, actual[k]];
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [path, expected, actual];
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(expected[i], actual[i], at(path, i));
      if (d) return d;
    }
    if (expected.length > n) return [at(path, n), expected[n], MISSING];
    if (actual.length > n) return [at(path, n), ABSENT, actual[n]];
    return null;
  }
  if (kind(expected) !== kind(actual) || expected !== actual) return [path, expected, actual];
  return null;
}

const UNDIGESTED = new Set(['pool', 'exclusions', 'result_digest']);

/** §12.3: H(canonical JSON of the record without `pool`, `exclusions`, `result_digest`). */
export function resultDigest(record: JsonObject): string {
  const body: JsonObject = {};
  for (const k of Object.keys(record)) if (!UNDIGESTED.has(k)) body[k] = record[k];
  return hex(sha(utf8(canonicalJson(body))));
}

// ---------------------------------------------------------------------------------------------
// the expected record (§12.1 order)
// ---------------------------------------------------------------------------------------------

const frac = (r: Ratio | null): Json => (r === null ? null : { num: r.num, den: r.den });

function paramsJson(p: Params, format: string): JsonObject {
  const q = p.quota;
  let quota: JsonObject;
  if (q.mode === 'ratio')
    quota = {
      mode: 'ratio',
      default: { num: q.default!.num, den: q.default!.den },
      rules: q.rules!.map((r) => ({ match: r.match.map(([field, value]) => ({ field, value })), ratio: { num: r.ratio.num, den: r.ratio.den } })),
      rounding: q.rounding!,
    };
  else if (q.mode === 'total') quota = { mode: 'total', total: q.total! };
  else
    quota = {
      mode: 'counts',
      counts: [...q.counts!]
        .sort((a, b) => cmpStr(a.stratum.join(US), b.stratum.join(US)))
        .map((c) => ({ stratum: [...c.stratum], count: c.count })),
    };
  const t = p.team;
  return {
    strata_fields: [...p.strata_fields],
    quota,
    ...(format === V1 ? {} : { cap: frac(p.cap) }),
    min_per_stratum: p.min_per_stratum,
    on_shortfall: p.on_shortfall,
    team: {
      team_size: t.team_size,
      officers_per_department: [...t.officers_per_department]
        .sort((a, b) => cmpStr(a.department, b.department))
        .map((d) => ({ department: d.department, count: d.count })),
      team_count: t.team_count,
      max_targets_per_team: t.max_targets_per_team,
      experts_per_team: t.experts_per_team,
    },
    window: { start: p.window.start, end: p.window.end },
    scope: { kind: p.scope.kind, filters: p.scope.filters.map((f) => ({ field: f.field, values: [...f.values] })) },
  };
}

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => cmpStr(a.id, b.id));

function inspectorsJson(xs: Inputs['officers']): Json {
  return byId(xs).map((o) => ({
    id: o.id,
    name: o.name,
    department: o.department,
    categories: [...o.categories].sort(cmpStr),
    valid_until: o.valid_until,
    active: o.active,
  }));
}

function groupsJson(blocks: Block[], pool: boolean): Json {
  return blocks.map((b): JsonObject => (pool ? { stratum: [...b.stratum], org: b.org, ids: b.ids } : { reason: b.label, org: b.org, ids: b.ids }));
}

/** Re-derive the record from its inputs (§2–§12). Throws DrawError. */
export function rebuild(inp: Inputs, progress?: Progress): JsonObject {
  const p = inp.params;
  validateTop(inp);
  const v1 = inp.format === V1;
  validateParams(p, inp.format);
  validateItems(inp);
  validateInspectors(inp);
  const anyExpert = inp.items.some((it) => it.needs_expert);
  if (p.team.experts_per_team === 0 && anyExpert)
    throw new DrawError(
      'params.team.experts_per_team',
      'params.team.experts_per_team：有事项需要专家，每组专家人数不能为 0 / params.team.experts_per_team: an item needs an expert, so experts_per_team cannot be 0',
    );

  // §2, §3
  const canon = canonicalise(inp, progress);
  const secret = fromHexBytes(inp.secret);
  const commitment = hex(sha(secret));
  // §4
  const seed = deriveSeed(secret, inp.witnesses, canon.poolDigest, inp.draw_id);

  // §6
  const byStratum = new Map<string, Block[]>();
  for (const b of canon.pool) {
    const list = byStratum.get(b.label);
    if (list) list.push(b);
    else byStratum.set(b.label, [b]);
  }
  const strataMap = new Map<string, string[]>();
  for (const b of canon.pool) strataMap.set(b.label, b.stratum);
  if (p.quota.mode === 'counts') for (const c of p.quota.counts!) if (!strataMap.has(c.stratum.join(US))) strataMap.set(c.stratum.join(US), c.stratum);
  const sizes: StratumSize[] = [...strataMap.entries()]
    .sort((a, b) => cmpStr(a[0], b[0]))
    .map(([label, stratum]) => ({ label, stratum, available: (byStratum.get(label) ?? []).reduce((s, b) => s + b.ids.length, 0) }));
  checkCap(sizes, p);
  const quotas = allocateQuotas(sizes, p, seed, inp.format);
  const ratios = v1 ? null : declaredRatios(sizes, p);
  const chances = v1 ? null : stratumProbabilities(sizes, p);
  if (p.on_shortfall === 'error') {
    const i = sizes.findIndex((s, j) => quotas[j] > BigInt(s.available));
    if (i >= 0) throw shortfall(sizes[i].stratum, quotas[i], sizes[i].available, p.strata_fields);
  }

  // §5, §7
  const keyer = new Keyer(seed);
  let hashed = 0;
  const toHash = sizes.reduce((s, x, i) => s + (quotas[i] > 0n ? x.available : 0), 0);
  const onKey = () => {
    hashed++;
    if (progress && (hashed & 0xffff) === 0) progress('keys', hashed, toHash);
  };
  progress?.('keys', 0, toHash);
  const strata = sizes.map((s, i) => {
    const q = quotas[i];
    const k = q < BigInt(s.available) ? Number(q) : s.available;
    const targets = k > 0 ? select(keyer, byStratum.get(s.label)!, k, onKey) : [];
    return { s, quota: q, targets, ratio: ratios?.[i] ?? null, probability: chances?.[i] ?? null };
  });
  progress?.('keys', toHash, toHash);

  // §8
  progress?.('inspectors', 0, 1);
  const { officers, experts, ineligible } = rankInspectors(inp, seed);

  // §9, §10
  const all: Target[] = strata.flatMap((x) => x.targets).sort((a, b) => cmpBytes(a.key, b.key) || cmpStr(a.id, b.id));
  const ids = all.map((t) => t.id);
  const n = teamCount(ids.length, p);
  const needExperts = p.team.experts_per_team > 0 && anyExpert;
  const teams = formTeams(n, p, officers, experts, needExperts, seed, inp.format);
  const chancesOf = v1 ? null : inspectorProbabilities(n, p, officers, experts, needExperts);
  const tk = new Keyer(seed, 'team:');
  const teamKeys = Array.from({ length: n }, (_, i) => tk.key(String(i + 1)));
  const order = Array.from({ length: n }, (_, i) => i + 1).sort((a, b) => cmpBytes(teamKeys[a - 1], teamKeys[b - 1]) || a - b);
  const assign = new Map<string, number>();
  ids.forEach((id, j) => assign.set(id, order[j % n]));

  // §11
  const recusals = recuse(ids, assign, order, teams, officers, experts, conflictMap(inp.conflicts), p.team.officers_per_department.length > 0);
  const teamTargets: string[][] = Array.from({ length: n }, () => []);
  for (const id of ids) teamTargets[assign.get(id)! - 1].push(id);

  progress?.('compare', 0, 1);
  const record: JsonObject = {
    format: inp.format,
    draw_id: inp.draw_id,
    org: inp.org,
    plan: { plan: inp.plan.plan, task: inp.plan.task, round: inp.plan.round },
    params: paramsJson(p, inp.format),
    items: [...inp.items]
      .sort((a, b) => cmpStr(a.code, b.code))
      .map((it) => ({ code: it.code, name: it.name, category: it.category, department: it.department, needs_expert: it.needs_expert })),
    pool: groupsJson(canon.pool, true),
    pool_size: canon.poolSize,
    pool_digest: canon.poolDigest,
    exclusions: groupsJson(canon.exclusions, false),
    excluded_count: canon.excludedCount,
    exclusions_digest: canon.exclusionsDigest,
    commitment,
    witnesses: inp.witnesses.map((w) => ({ name: w.name, value: w.value })),
    secret: inp.secret,
    seed: hex(seed),
    strata: strata.map(({ s, quota, targets, ratio, probability }) => ({
      stratum: [...s.stratum],
      available: s.available,
      ...(v1 ? {} : { ratio: frac(ratio), probability: frac(probability) }),
      quota: Number(quota),
      drawn: targets.length,
      targets: targets.map((t) => ({ id: t.id, org: t.org, key: hex(t.key) })),
    })),
    officers: inspectorsJson(inp.officers),
    experts: inspectorsJson(inp.experts),
    conflicts: [...inp.conflicts]
      .sort((a, b) => cmpStr(a.inspector, b.inspector) || cmpStr(a.candidate, b.candidate))
      .map((c) => ({ inspector: c.inspector, candidate: c.candidate, reason: c.reason })),
    ineligible: ineligible.map((x) => ({ role: x.role, id: x.id, reason: x.reason })),
    officer_ranking: officers.map((r, i) => ({
      id: r.id,
      department: r.department,
      key: hex(r.key),
      ...(chancesOf ? { probability: frac(chancesOf.officers[i]) } : {}),
    })),
    expert_ranking: experts.map((r, i) => ({
      id: r.id,
      department: r.department,
      key: hex(r.key),
      ...(chancesOf ? { probability: frac(chancesOf.experts[i]) } : {}),
    })),
    teams: Array.from({ length: n }, (_, i) => ({
      team: i + 1,
      officers: teams.officers[i],
      experts: teams.experts[i],
      targets: teamTargets[i],
    })),
    matching: ids.map((id) => ({ target: id, team: assign.get(id)! })),
    recusals: recusals.map((r) => ({ ...r })),
    timestamps: { committed_at: inp.timestamps.committed_at, revealed_at: inp.timestamps.revealed_at },
  };
  record.result_digest = resultDigest(record);
  return record;
}

/** Verify a parsed record (§13 steps 2–4); `initHash()` must have been awaited. */
export function verifyRecord(record: Json, progress?: Progress): Report {
  if (!isObject(record))
    return { ok: false, path: null, malformed: true, message: `记录必须是 JSON 对象 / a record must be a JSON object, got ${typeName(record)}` };
  const fmt = Object.prototype.hasOwnProperty.call(record, 'format') ? record.format : MISSING;
  if (typeof fmt !== 'string' || !(FORMATS as readonly string[]).includes(fmt)) {
    const f = show(fmt);
    return {
      ok: false,
      path: 'format',
      malformed: true,
      message: `不支持的记录格式 ${f}，本工具校验 ${FORMATS[0]} 与 ${FORMATS[1]} / unsupported record format ${f}, this verifier reads ${FORMATS[0]} and ${FORMATS[1]}`,
    };
  }
  let inputs: Inputs;
  try {
    inputs = readInputs(record);
  } catch (exc) {
    if (!(exc instanceof RecordError)) throw exc;
    const got = exc.actual === MISSING_TEXT ? MISSING_TEXT : show(exc.actual as Json);
    return { ok: false, path: exc.path, malformed: false, message: `expected ${exc.expected}, got ${got}` };
  }
  let expected: JsonObject;
  try {
    expected = rebuild(inputs, progress);
  } catch (exc) {
    if (!(exc instanceof DrawError)) throw exc;
    return { ok: false, path: exc.path || '(record)', malformed: false, message: exc.message };
  }
  const diff = firstDifference(expected, record);
  if (diff) return { ok: false, path: diff[0], expected: diff[1], actual: diff[2], malformed: false };
  progress?.('digest', 1, 1);
  return {
    ok: true,
    path: null,
    malformed: false,
    summary: {
      format: inputs.format,
      poolSize: expected.pool_size as number,
      targets: (expected.matching as Json[]).length,
      teams: (expected.teams as Json[]).length,
      recusals: (expected.recusals as Json[]).length,
      resultDigest: expected.result_digest as string,
    },
  };
}

/** Verify the bytes of a record file (§13 step 1 included: UTF-8, strict JSON). */
export async function verifyBytes(data: Uint8Array, progress?: Progress): Promise<Report> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch (exc) {
    return { ok: false, path: null, malformed: true, message: `记录不是 UTF-8 编码 / the record is not UTF-8: ${(exc as Error).message}` };
  }
  return verifyText(text, progress);
}

export async function verifyText(text: string, progress?: Progress): Promise<Report> {
  await initHash();
  progress?.('parse', 0, 1);
  let record: Json;
  try {
    record = parseStrict(text);
  } catch (exc) {
    if (exc instanceof RecordSyntaxError) return { ok: false, path: null, malformed: true, message: exc.message };
    throw exc;
  }
  progress?.('parse', 1, 1);
  return verifyRecord(record, progress);
}
