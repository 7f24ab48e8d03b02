import { Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TargetKind, TargetedReason } from '../../../gql/graphql';
import { usePermissions } from '../../../access';
import type { TargetedT } from './i18n';

export const REASONS: readonly TargetedReason[] = ['COMPLAINT', 'BIG_DATA', 'HANDED_OVER', 'SAFETY'];
export const TARGET_KINDS: readonly TargetKind[] = ['ENTITY', 'PROJECT'];

const REASON_COLORS: Record<TargetedReason, string> = {
  COMPLAINT: 'volcano',
  BIG_DATA: 'geekblue',
  HANDED_OVER: 'purple',
  SAFETY: 'red',
};

/** Whether the user may register or close targeted inspections here (permission RUN_DRAWS). */
export function useCanRegister(): boolean {
  return usePermissions().can('RUN_DRAWS');
}

/** A `Date` scalar (ISO `YYYY-MM-DD`) as shown in the page. */
export function fmtDate(value: unknown): string {
  if (!value || typeof value !== 'string') return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : value;
}

export function ReasonTag({ reason, t }: { reason: TargetedReason; t: TargetedT }) {
  return <Tag color={REASON_COLORS[reason]}>{t(`targeted.reason.${reason}`)}</Tag>;
}

/** 进行中, or 已结案 with the closing date. */
export function TargetedStatus({ closedOn, t }: { closedOn: unknown; t: TargetedT }) {
  return closedOn ? (
    <Tag color="default" data-testid="targeted-status">
      {t('targeted.status.closedOn', { date: fmtDate(closedOn) })}
    </Tag>
  ) : (
    <Tag color="processing" data-testid="targeted-status">
      {t('targeted.status.open')}
    </Tag>
  );
}

export function ItemCodes({ codes, t }: { codes: readonly string[]; t: TargetedT }) {
  if (!codes.length) return <Typography.Text type="secondary">{t('targeted.items.all')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {codes.map((c) => (
        <Tag key={c}>{c}</Tag>
      ))}
    </Space>
  );
}
