import { Space, Tag, Tooltip } from 'antd';
import { usePunct } from '../../i18n';
import { fmtDate } from './format';
import { usePlansT } from './i18n';

export interface DeadlineInfo {
  status: string;
  draftDue?: unknown;
  adjustmentDue?: unknown;
  adjustmentDueUnknown?: boolean;
  /** From the plan status index (the daily scan): overdue and why. */
  overdue?: boolean;
  overdueReason?: string;
}

const DRAFTING = new Set(['MISSING', 'DRAFT', 'SUBMITTED']);

/**
 * Deadline badges: the draft deadline (31 December of the year before) while the plan is being
 * drafted; the 5-working-day deadline of an adjustment; overdue in red. When the holiday schedule
 * of the deadline's year is unknown the badge says so — never a guessed date.
 */
export function DeadlineBadges({ info }: { info: DeadlineInfo }) {
  const { t } = usePlansT();
  const p = usePunct();
  const tags = [];
  if (DRAFTING.has(info.status) && info.draftDue) {
    tags.push(
      <Tag key="draft" color={info.overdue ? 'red' : 'blue'} data-testid="deadline-draft">
        {t('plans.deadline.draft', { date: fmtDate(String(info.draftDue)) })}
      </Tag>,
    );
  }
  if (info.status === 'ADJUSTED') {
    if (info.adjustmentDueUnknown) {
      tags.push(
        <Tooltip key="unknown" title={t('plans.deadline.unknownHint')}>
          <Tag color="orange" data-testid="deadline-unknown">
            {t('plans.deadline.unknown')}
          </Tag>
        </Tooltip>,
      );
    } else if (info.adjustmentDue) {
      tags.push(
        <Tag key="adjust" color={info.overdue ? 'red' : 'gold'} data-testid="deadline-adjust">
          {t('plans.deadline.adjust', { date: fmtDate(String(info.adjustmentDue)) })}
        </Tag>,
      );
    }
  }
  if (info.overdue) {
    tags.push(
      <Tooltip key="overdue" title={info.overdueReason}>
        <Tag color="red" data-testid="deadline-overdue">
          {t('plans.deadline.overdue')}
          {info.overdueReason ? `${p.colon}${info.overdueReason}` : ''}
        </Tag>
      </Tooltip>,
    );
  }
  if (!tags.length) return <span>—</span>;
  return (
    <Space size={4} wrap>
      {tags}
    </Space>
  );
}
