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

/** The kinds of warning card with a label in the dictionary (`ov.cards.kind.<kind>`). */
export const CARD_KINDS = ['inspection_window', 'publication', 'plan'] as const;
