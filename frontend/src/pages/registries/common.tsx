import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { RegistryOrder } from '../../gql/graphql';
import type { MessageKey, Translate } from '../../i18n';
import { useOrg } from '../../orgContext';

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

const MANAGING_ROLES = new Set(['PREFECTURE_ADMIN', 'COUNTY_ADMIN', 'SECTION_STAFF']);

/** Whether the user may change the registries here (never under read-only oversight). */
export function useCanManage(): boolean {
  const { access } = useOrg();
  return !access.readOnly && access.roles.some((role) => MANAGING_ROLES.has(role));
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

export function useListState<F extends Record<string, unknown>>(initialFilters: F) {
  const [state, setState] = useState<ListState<F>>({
    search: '',
    filters: initialFilters,
    page: 1,
    pageSize: 20,
    orderBy: null,
    descending: false,
  });
  return useMemo(
    () => ({
      state,
      setSearch: (search: string) => setState((s) => ({ ...s, search: search.trim(), page: 1 })),
      setFilter: <K extends keyof F>(key: K, value: F[K]) =>
        setState((s) => ({ ...s, filters: { ...s.filters, [key]: value }, page: 1 })),
      reset: () => setState((s) => ({ ...s, search: '', filters: initialFilters, page: 1 })),
      setPage: (page: number, pageSize: number) =>
        setState((s) => ({ ...s, page: pageSize !== s.pageSize ? 1 : page, pageSize })),
      setSort: (orderBy: RegistryOrder | null, descending: boolean) =>
        setState((s) => ({ ...s, orderBy, descending, page: 1 })),
      /** `first`/`offset` paging, search and sort as GraphQL variables. */
      baseVariables: () =>
        compact({
          search: state.search,
          orderBy: state.orderBy,
          descending: state.orderBy && state.descending ? true : undefined,
          first: state.pageSize,
          offset: (state.page - 1) * state.pageSize || undefined,
        }),
    }),
    // initialFilters is a constant of each tab
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state],
  );
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
