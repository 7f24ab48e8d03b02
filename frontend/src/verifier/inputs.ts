/**
 * The input fields of a draw record (docs/draw-record.md §12.1, §12.2), read with their JSON
 * types checked. Derived fields are not read: the verifier re-derives and compares them.
 */
import { isObject, type Json, type JsonObject } from './json';

/** A record field of the wrong JSON type: `FAIL: <path>: expected <what>, got <value>`. */
export class RecordError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: Json | typeof MISSING_TEXT,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

export const MISSING_TEXT = '(missing)';

export interface Ratio {
  num: number;
  den: number;
}
export interface RatioRule {
  match: [string, string][];
  ratio: Ratio;
}
export interface Quota {
  mode: string;
  default?: Ratio;
  rules?: RatioRule[];
  rounding?: string;
  total?: number;
  counts?: { stratum: string[]; count: number }[];
}
export interface TeamSpec {
  team_size: number;
  officers_per_department: { department: string; count: number }[];
  team_count: number | null;
  max_targets_per_team: number | null;
  experts_per_team: number;
}
export interface Params {
  strata_fields: string[];
  quota: Quota;
  /** suiji-draw/2: at most this share of the pool may be drawn (R5); null = no cap. */
  cap: Ratio | null;
  min_per_stratum: number;
  on_shortfall: string;
  team: TeamSpec;
  window: { start: string; end: string };
  scope: { kind: string; filters: { field: string; values: string[] }[] };
}
export interface Inspector {
  id: string;
  name: string;
  department: string;
  categories: string[];
  valid_until: string | null;
  active: boolean;
}
export interface Item {
  code: string;
  name: string;
  category: string;
  department: string;
  needs_expert: boolean;
}
export interface Group {
  label: string; // stratum values joined by US (pool) or the reason (exclusions)
  stratum: string[];
  org: string;
  ids: string[];
}
export interface Conflict {
  inspector: string;
  candidate: string;
  reason: string;
}
export interface Inputs {
  format: string;
  draw_id: string;
  org: string;
  plan: { plan: string; task: string; round: number };
  params: Params;
  items: Item[];
  pool: Group[];
  exclusions: Group[];
  witnesses: { name: string; value: string }[];
  secret: string;
  officers: Inspector[];
  experts: Inspector[];
  conflicts: Conflict[];
  timestamps: { committed_at: string | null; revealed_at: string | null };
}

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function get(obj: Json | undefined, path: string, key: string): Json {
  if (!isObject(obj)) throw new RecordError(path || '(record)', 'an object', obj ?? null);
  if (!Object.prototype.hasOwnProperty.call(obj, key)) throw new RecordError(at(path, key), 'a value', MISSING_TEXT);
  return obj[key];
}

export function str(obj: Json, path: string, key: string): string {
  const v = get(obj, path, key);
  if (typeof v !== 'string') throw new RecordError(at(path, key), 'a string', v);
  return v;
}

function optStr(obj: Json, path: string, key: string): string | null {
  const v = get(obj, path, key);
  if (v !== null && typeof v !== 'string') throw new RecordError(at(path, key), 'a string or null', v);
  return v;
}

export function int(obj: Json, path: string, key: string): number {
  const v = get(obj, path, key);
  if (typeof v !== 'number') throw new RecordError(at(path, key), 'an integer', v);
  return v;
}

function optInt(obj: Json, path: string, key: string): number | null {
  const v = get(obj, path, key);
  if (v !== null && typeof v !== 'number') throw new RecordError(at(path, key), 'an integer or null', v);
  return v;
}

function bool(obj: Json, path: string, key: string): boolean {
  const v = get(obj, path, key);
  if (typeof v !== 'boolean') throw new RecordError(at(path, key), 'true or false', v);
  return v;
}

export function list(obj: Json, path: string, key: string): Json[] {
  const v = get(obj, path, key);
  if (!Array.isArray(v)) throw new RecordError(at(path, key), 'an array', v);
  return v;
}

export function strList(obj: Json, path: string, key: string): string[] {
  const v = list(obj, path, key);
  for (let i = 0; i < v.length; i++)
    if (typeof v[i] !== 'string') throw new RecordError(at(at(path, key), i), 'a string', v[i]);
  return v as string[];
}

function ratio(obj: Json, path: string, key: string): Ratio {
  const r = get(obj, path, key);
  const p = at(path, key);
  return { num: int(r, p, 'num'), den: int(r, p, 'den') };
}

function readQuota(q: Json, qp: string): Quota {
  const mode = str(q, qp, 'mode');
  if (mode === 'ratio') {
    const rules: RatioRule[] = list(q, qp, 'rules').map((r, i) => {
      const rp = at(at(qp, 'rules'), i);
      const match = list(r, rp, 'match').map((m, j): [string, string] => {
        const mp = at(at(rp, 'match'), j);
        return [str(m, mp, 'field'), str(m, mp, 'value')];
      });
      return { match, ratio: ratio(r, rp, 'ratio') };
    });
    return { mode, default: ratio(q, qp, 'default'), rules, rounding: str(q, qp, 'rounding') };
  }
  if (mode === 'total') return { mode, total: int(q, qp, 'total') };
  if (mode === 'counts') {
    const counts = list(q, qp, 'counts').map((c, i) => {
      const cp = at(at(qp, 'counts'), i);
      return { stratum: strList(c, cp, 'stratum'), count: int(c, cp, 'count') };
    });
    return { mode, counts };
  }
  throw new RecordError(at(qp, 'mode'), '"ratio", "total" or "counts"', mode);
}

export const V1 = 'suiji-draw/1';

function readParams(rec: Json, format: string): Params {
  const p = 'params';
  const params = get(rec, '', 'params');
  // suiji-draw/1 has no cap: a `cap` member there is an extra field, found by the comparison.
  const cap = format !== V1 && get(params, p, 'cap') !== null ? ratio(params, p, 'cap') : null;
  const quota = readQuota(get(params, p, 'quota'), 'params.quota');
  const tp = 'params.team';
  const t = get(params, p, 'team');
  const depts = list(t, tp, 'officers_per_department').map((d, i) => {
    const dp = at(at(tp, 'officers_per_department'), i);
    return { department: str(d, dp, 'department'), count: int(d, dp, 'count') };
  });
  const team: TeamSpec = {
    team_size: int(t, tp, 'team_size'),
    officers_per_department: depts,
    team_count: optInt(t, tp, 'team_count'),
    max_targets_per_team: optInt(t, tp, 'max_targets_per_team'),
    experts_per_team: int(t, tp, 'experts_per_team'),
  };
  const w = get(params, p, 'window');
  const window = { start: str(w, 'params.window', 'start'), end: str(w, 'params.window', 'end') };
  const sp = 'params.scope';
  const s = get(params, p, 'scope');
  const filters = list(s, sp, 'filters').map((f, i) => {
    const fp = at(at(sp, 'filters'), i);
    return { field: str(f, fp, 'field'), values: strList(f, fp, 'values') };
  });
  return {
    strata_fields: strList(params, p, 'strata_fields'),
    quota,
    cap,
    team,
    window,
    min_per_stratum: int(params, p, 'min_per_stratum'),
    on_shortfall: str(params, p, 'on_shortfall'),
    scope: { kind: str(s, sp, 'kind'), filters },
  };
}

function inspectors(rec: Json, key: string): Inspector[] {
  return list(rec, '', key).map((o, i) => {
    const op = at(key, i);
    return {
      id: str(o, op, 'id'),
      name: str(o, op, 'name'),
      department: str(o, op, 'department'),
      categories: strList(o, op, 'categories'),
      valid_until: optStr(o, op, 'valid_until'),
      active: bool(o, op, 'active'),
    };
  });
}

const US = '\x1f';

/** The inputs of a record (§12.1 input fields), in the order the reference verifier reads them. */
export function readInputs(record: JsonObject): Inputs {
  const format = str(record, '', 'format');
  const plan = get(record, '', 'plan');
  const pool = list(record, '', 'pool').map((g, i) => {
    const gp = at('pool', i);
    const org = str(g, gp, 'org');
    const stratum = strList(g, gp, 'stratum');
    return { org, stratum, label: stratum.join(US), ids: strList(g, gp, 'ids') };
  });
  const exclusions = list(record, '', 'exclusions').map((g, i) => {
    const gp = at('exclusions', i);
    const reason = str(g, gp, 'reason');
    return { label: reason, stratum: [], org: str(g, gp, 'org'), ids: strList(g, gp, 'ids') };
  });
  const items = list(record, '', 'items').map((it, i) => {
    const ip = at('items', i);
    return {
      code: str(it, ip, 'code'),
      name: str(it, ip, 'name'),
      category: str(it, ip, 'category'),
      department: str(it, ip, 'department'),
      needs_expert: bool(it, ip, 'needs_expert'),
    };
  });
  const witnesses = list(record, '', 'witnesses').map((w, i) => {
    const wp = at('witnesses', i);
    return { name: str(w, wp, 'name'), value: str(w, wp, 'value') };
  });
  const conflicts = list(record, '', 'conflicts').map((c, i) => {
    const cp = at('conflicts', i);
    return { inspector: str(c, cp, 'inspector'), candidate: str(c, cp, 'candidate'), reason: str(c, cp, 'reason') };
  });
  const ts = get(record, '', 'timestamps');
  const timestamps = {
    committed_at: optStr(ts, 'timestamps', 'committed_at'),
    revealed_at: optStr(ts, 'timestamps', 'revealed_at'),
  };
  const draw_id = str(record, '', 'draw_id');
  const org = str(record, '', 'org');
  const planRef = { plan: str(plan, 'plan', 'plan'), task: str(plan, 'plan', 'task'), round: int(plan, 'plan', 'round') };
  const params = readParams(record, format);
  const secret = str(record, '', 'secret');
  if (!/^[0-9a-f]{64}$/.test(secret)) throw new RecordError('secret', '64 lowercase hex digits', secret);
  return {
    format,
    draw_id,
    org,
    plan: planRef,
    params,
    items,
    pool,
    exclusions,
    witnesses,
    secret,
    officers: inspectors(record, 'officers'),
    experts: inspectors(record, 'experts'),
    conflicts,
    timestamps,
  };
}
