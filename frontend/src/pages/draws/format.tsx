import { Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { DrawStatus } from '../../gql/graphql';
import type { DrawsT } from './i18n';

export function fmtDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : value;
}

export const DRAW_STATUS_COLORS: Record<DrawStatus, string> = {
  PREVIEWED: 'default',
  COMMITTED: 'processing',
  EXECUTED: 'cyan',
  PUBLISHED: 'success',
  VOIDED: 'error',
};

/** A draw's status; `testId` names it in a list's row (the page of one draw keeps "draw-status"). */
export function DrawStatusTag({ status, t, testId = 'draw-status' }: { status: DrawStatus; t: DrawsT; testId?: string }) {
  return (
    <Tag color={DRAW_STATUS_COLORS[status]} data-testid={testId}>
      {t(`draws.status.${status}`)}
    </Tag>
  );
}

/** A hex digest, monospaced and copyable (long values wrap). */
export function Digest({ value, testId }: { value: string | null | undefined; testId?: string }) {
  if (!value) return <span>—</span>;
  return (
    <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid={testId}>
      {value}
    </Typography.Text>
  );
}

/** A draw's public page: its organisation's code and its reference (/public/533103/draws/533103-D000001). */
export function publicDrawPath(orgCode: string, reference: string): string {
  return `/public/${encodeURIComponent(orgCode)}/draws/${encodeURIComponent(reference)}`;
}

/**
 * What the address of a public page names: the draw's public ID (addresses of the earlier form,
 * base64 "PublicDraw:<code>-<pk>") or its reference within the organisation `code`.
 */
export function publicDrawVariables(code: string, param: string): { id: string } | { organisationCode: string; reference: string } {
  try {
    if (atob(param).startsWith('PublicDraw:')) return { id: param };
  } catch {
    // not base64: a reference
  }
  return { organisationCode: code, reference: param };
}

/** The step the wizard opens on for a draw's status. */
export function stepOfStatus(status: DrawStatus): number {
  switch (status) {
    case 'PREVIEWED':
      return 0;
    case 'COMMITTED':
      return 1;
    case 'EXECUTED':
    case 'VOIDED':
      return 3;
    case 'PUBLISHED':
      return 4;
  }
}

/** An exact fraction from the API shown as a percentage (display only: the exact value is the
 * numerator/denominator pair, given in the tooltip). */
export function Chance({ value, testId }: { value: { numerator: string; denominator: string; percent: number } | null | undefined; testId?: string }) {
  if (!value) return <span>—</span>;
  const p = value.percent;
  const text = p === 0 ? '0' : p >= 10 ? p.toFixed(1) : p >= 0.1 ? p.toFixed(2) : p.toPrecision(2);
  return (
    <Tooltip title={`${value.numerator} / ${value.denominator}`}>
      <span data-testid={testId}>{text} %</span>
    </Tooltip>
  );
}

/** "3" or "2–3": the least and most targets the seed's rounding can give. */
export function quotaRange(min: number, max: number): string {
  return min === max ? String(max) : `${min}–${max}`;
}
