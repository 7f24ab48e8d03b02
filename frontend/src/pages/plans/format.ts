import dayjs from 'dayjs';
import type { PlansKey } from './i18n';

/** Basis points (万分之) as a percentage string: 150 → "1.5%". */
export function bpToPct(bp: number | null | undefined): string {
  if (bp == null) return '—';
  return `${Number((bp / 100).toFixed(2))}%`;
}

/** A percentage typed in the form (e.g. 1.5) → basis points (150). */
export function pctToBp(pct: number | null | undefined): number | null {
  if (pct == null || Number.isNaN(pct)) return null;
  return Math.round(pct * 100);
}

export function bpToPctNumber(bp: number | null | undefined): number | null {
  return bp == null ? null : bp / 100;
}

export function fmtDate(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

export function fmtDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : value;
}

export const STATUS_COLORS: Record<string, string> = {
  MISSING: 'default',
  DRAFT: 'default',
  SUBMITTED: 'processing',
  CONSOLIDATED: 'cyan',
  REPORTED: 'geekblue',
  PUBLISHED: 'success',
  ADJUSTED: 'warning',
};

export function statusKey(status: string): PlansKey {
  return `plans.status.${status}` as PlansKey;
}

export function actionKey(action: string): PlansKey {
  return `plans.action.${action}` as PlansKey;
}

export function deptKey(dept: string): PlansKey {
  return `plans.dept.${dept}` as PlansKey;
}

export const DEPARTMENTS = ['HOUSING', 'MARKET_SUPERVISION', 'FIRE', 'NATURAL_RESOURCES', 'EMERGENCY_MANAGEMENT'] as const;
export const CREDIT_CLASSES = ['A', 'B', 'C', 'D'] as const;
export const ACTION_ORDER = ['SUBMIT', 'CONSOLIDATE', 'REPORT', 'PUBLISH', 'ADJUST', 'RETURN'] as const;

/** Suggestions for the directed-scope filters (the registry's usual values); free input is allowed. */
export const ENTITY_TYPE_SUGGESTIONS = [
  '建筑施工企业',
  '房地产开发企业',
  '物业服务企业',
  '工程监理企业',
  '勘察设计企业',
  '建设工程质量检测机构',
  '预拌混凝土企业',
  '园林绿化企业',
  '城镇燃气经营企业',
  '建筑劳务企业',
];
export const NATURE_SUGGESTIONS = ['私营企业', '有限责任公司（自然人投资或控股）', '国有企业', '集体企业', '外商投资企业'];
export const CATEGORY_SUGGESTIONS = ['工程质量', '安全生产', '建筑市场', '房地产市场', '物业管理', '城镇燃气', '勘察设计', '市政公用'];

/** The plan years offered: last year to two years ahead. */
export function yearChoices(now = dayjs()): number[] {
  const y = now.year();
  return [y - 1, y, y + 1, y + 2];
}

/** The page opens on the plan in force (this year's); next year's draft is one pick away. */
export function defaultPlanYear(now = dayjs()): number {
  return now.year();
}
