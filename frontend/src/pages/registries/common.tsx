import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { RegistryOrder } from '../../gql/graphql';
import type { MessageKey, Translate } from '../../i18n';
import { usePermissions } from '../../access';

/** The four registries, as named in the URLs of the Excel views (/o/<code>/registries/...). */
export type RegistryKindKey = 'items' | 'entities' | 'projects' | 'inspectors';
export const REGISTRY_KINDS: readonly RegistryKindKey[] = ['items', 'entities', 'projects', 'inspectors'];

/** GraphQL `RegistryKind` of each registry. */
export const KIND_ENUM = {
  items: 'ITEMS',
  entities: 'ENTITIES',
  projects: 'PROJECTS',
  inspectors: 'INSPECTORS',
} as const;

export const DEPARTMENTS = ['HOUSING', 'MARKET_SUPERVISION', 'FIRE', 'NATURAL_RESOURCES', 'EMERGENCY_MANAGEMENT'] as const;
export const CREDIT_CLASSES = ['A', 'B', 'C', 'D'] as const;
export const ENTITY_STATUSES = ['ACTIVE', 'DEREGISTERED', 'REVOKED'] as const;
export const CONSTRUCTION_STATUSES = ['NOT_STARTED', 'UNDER_CONSTRUCTION', 'SUSPENDED', 'COMPLETED'] as const;
export const INSPECTOR_KINDS = ['OFFICER', 'EXPERT'] as const;
export const CONFLICT_KINDS = ['KINSHIP', 'EMPLOYMENT', 'SHAREHOLDING', 'OTHER'] as const;

/** Whether the user may change the registries here (permission MANAGE_REGISTRIES). */
export function useCanManage(): boolean {
  return usePermissions().can('MANAGE_REGISTRIES');
}

export function registriesBase(code: string): string {
  return `/o/${encodeURIComponent(code)}/registries`;
}

export function templateUrl(code: string, kind: RegistryKindKey): string {
  return `${registriesBase(code)}/templates/${kind}.xlsx`;
}

export function reportUrl(code: string, name: string): string {
  return `${registriesBase(code)}/import-reports/${encodeURIComponent(name)}`;
}

export type ExportParams = Record<string, string | boolean | readonly string[] | null | undefined>;

/**
 * The export view's URL with the list's filters. The view reads the model values (lower-case
 * enum values such as `active`, `housing`), `order_by` as the GraphQL enum name, booleans as
 * true/false and `credit_class` repeated.
 */
export function exportUrl(code: string, kind: RegistryKindKey, params: ExportParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      for (const v of value as readonly string[]) query.append(key, v);
    } else {
      query.append(key, String(value));
    }
  }
  const qs = query.toString();
  return `${registriesBase(code)}/export/${kind}.xlsx${qs ? `?${qs}` : ''}`;
}

/** GraphQL enum name → the model value the Excel views filter on (HOUSING → housing). */
export function modelValue(enumName: string | null | undefined): string | undefined {
  return enumName ? enumName.toLowerCase() : undefined;
}

export function formatDate(value: unknown): string {
  if (!value || typeof value !== 'string') return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

export function dash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

/** Drops the keys whose value is undefined, null or '' (GraphQL variables and mocks stay exact). */
export function compact<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out as Partial<T>;
}

export interface MutationErrorLike {
  field?: string | null;
  code: string;
  message: string;
}

/**
 * Puts each server error on its form field (MutationError.field is the camelCase input field);
 * returns the messages of errors that name no field of the form.
 */
export function applyServerErrors(form: FormInstance, errors: readonly MutationErrorLike[], fieldNames: readonly string[]): string[] {
  const known = new Set(fieldNames);
  const byField = new Map<string, string[]>();
  const general: string[] = [];
  for (const error of errors) {
    const field = error.field ?? '';
    if (field && known.has(field)) {
      byField.set(field, [...(byField.get(field) ?? []), error.message]);
    } else {
      general.push(error.message);
    }
  }
  form.setFields([...byField.entries()].map(([name, messages]) => ({ name, errors: messages })));
  return general;
}

/** Paging, search, filters and sort of one registry table (server-side). */
export interface ListState<F> {
  search: string;
  filters: F;
  page: number;
  pageSize: number;
  orderBy: RegistryOrder | null;
  descending: boolean;
}

const PAGE_SIZES = [10, 20, 50, 100];
const LIST_KEYS = new Set(['q', 'page', 'size', 'sort', 'desc']);

/** The list state as kept in the URL: `q`, `page`, `size`, `sort`, `desc`, a filter as
 * `f.<name>` (a list as `f.<name>[]`, repeated; a yes/no as `b.<name>`). */
export function readListState<F extends Record<string, unknown>>(params: URLSearchParams, initialFilters: F): ListState<F> {
  const filters: Record<string, unknown> = { ...initialFilters };
  for (const [key, value] of params) {
    if (key.startsWith('f.') && key.endsWith('[]')) {
      const name = key.slice(2, -2);
      filters[name] = [...((filters[name] as string[] | undefined) ?? []), value];
    } else if (key.startsWith('f.')) filters[key.slice(2)] = value;
    else if (key.startsWith('b.')) filters[key.slice(2)] = value === 'true';
  }
  for (const key of Object.keys(filters)) {
    if (Array.isArray(filters[key])) filters[key] = [...new Set(filters[key] as string[])];
  }
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    search: params.get('q') ?? '',
    filters: filters as F,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
    orderBy: (params.get('sort') as RegistryOrder | null) ?? null,
    descending: params.get('desc') === '1',
  };
}

/** `state` written into `params` (other parameters such as `tab` are kept). */
export function writeListState<F extends Record<string, unknown>>(params: URLSearchParams, state: ListState<F>): URLSearchParams {
  const next = new URLSearchParams();
  for (const [key, value] of params) {
    if (!LIST_KEYS.has(key) && !key.startsWith('f.') && !key.startsWith('b.')) next.append(key, value);
  }
  if (state.search) next.set('q', state.search);
  if (state.page > 1) next.set('page', String(state.page));
  if (state.pageSize !== 20) next.set('size', String(state.pageSize));
  if (state.orderBy) next.set('sort', state.orderBy);
  if (state.orderBy && state.descending) next.set('desc', '1');
  for (const [name, value] of Object.entries(state.filters)) {
    if (value == null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => next.append(`f.${name}[]`, String(v)));
    else if (typeof value === 'boolean') next.set(`b.${name}`, String(value));
    else next.set(`f.${name}`, String(value));
  }
  return next;
}

/**
 * Paging, search, filters and sort of one list, kept in the URL's query string: a reload, a
 * shared link or the back button shows the same page of the same filtered list.
 */
export function useListState<F extends Record<string, unknown>>(initialFilters: F) {
  const [params, setParams] = useSearchParams();
  // initialFilters is a constant of each list
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useMemo(() => readListState(params, initialFilters), [params]);
  return useMemo(() => {
    const update = (change: (s: ListState<F>) => ListState<F>) =>
      setParams((prev) => writeListState(prev, change(readListState(prev, initialFilters))), { replace: true });
    return {
      state,
      setSearch: (search: string) => update((s) => ({ ...s, search: search.trim(), page: 1 })),
      setFilter: <K extends keyof F>(key: K, value: F[K]) =>
        update((s) => ({ ...s, filters: { ...s.filters, [key]: value }, page: 1 })),
      reset: () => update((s) => ({ ...s, search: '', filters: initialFilters, page: 1 })),
      setPage: (page: number, pageSize: number) =>
        update((s) => ({ ...s, page: pageSize !== s.pageSize ? 1 : page, pageSize })),
      setSort: (orderBy: RegistryOrder | null, descending: boolean) =>
        update((s) => ({ ...s, orderBy, descending, page: 1 })),
      /** `first`/`offset` paging, search and sort as GraphQL variables. */
      baseVariables: () =>
        compact({
          search: state.search,
          orderBy: state.orderBy,
          descending: state.orderBy && state.descending ? true : undefined,
          first: state.pageSize,
          offset: (state.page - 1) * state.pageSize || undefined,
        }),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state, setParams]);
}

export function enumOptions(t: Translate, prefix: string, values: readonly string[]) {
  return values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));
}

export function yesNo(t: Translate, value: boolean): string {
  return value ? t('reg.yes') : t('reg.no');
}

/** The job result of a registry import (see the backend's ImportResult.as_dict). */
export interface ImportError {
  sheet: string;
  row: number | null;
  column: string;
  column_index?: number | null;
  header: string;
  reason: string;
}

export interface ImportResult {
  kind: string;
  ok: boolean;
  rows: number;
  created: number;
  updated: number;
  errorCount: number;
  errors: ImportError[];
  report: string;
  /** A dry run: every row was validated, nothing was written. */
  validatedOnly: boolean;
}

export function parseImportResult(raw: string | null | undefined): ImportResult | null {
  if (!raw) return null;
  try {
    const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    // graphene's JSONString may arrive encoded twice
    const obj = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<ImportResult>;
    return {
      kind: obj.kind ?? '',
      ok: !!obj.ok,
      rows: obj.rows ?? 0,
      created: obj.created ?? 0,
      updated: obj.updated ?? 0,
      errorCount: obj.errorCount ?? obj.errors?.length ?? 0,
      errors: obj.errors ?? [],
      report: obj.report ?? '',
      validatedOnly: !!obj.validatedOnly,
    };
  } catch {
    return null;
  }
}
