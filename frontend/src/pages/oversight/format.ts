/** Small formatting helpers of the oversight pages. */

export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${value}%`;
}

export function fmtDate(value: unknown): string {
  return value ? String(value).slice(0, 10) : '—';
}

export function fmtDateTime(value: unknown): string {
  return value ? String(value).slice(0, 16).replace('T', ' ') : '—';
}

export const ORDER_STATUS_COLOR: Record<string, string> = {
  issued: 'orange',
  responded: 'blue',
  returned: 'volcano',
  accepted: 'green',
};

export const CARD_KIND_LABEL: Record<string, string> = {
  inspection_window: '检查超期未完成',
  publication: '结果逾期未公示',
  plan: '年度计划逾期',
};
