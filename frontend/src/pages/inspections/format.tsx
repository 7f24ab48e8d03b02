import { Tag } from 'antd';
import type { InspectionStatus, InspectionReportStatus } from '../../gql/graphql';
import { usePermissions } from '../../access';
import type { InspT } from './i18n';

import { fmtDate as fmtDateText, fmtDateTime as fmtDateTimeText } from '../plans/format';

/** `Date`/`DateTime` scalars (ISO strings) as shown in the pages. */
export function fmtDate(value: unknown): string {
  return fmtDateText(typeof value === 'string' ? value : null);
}

export function fmtDateTime(value: unknown): string {
  return fmtDateTimeText(typeof value === 'string' ? value : null);
}

const STATUS_COLORS: Record<InspectionStatus, string> = {
  OPEN: 'processing',
  RECORDED: 'cyan',
  REPORTED: 'geekblue',
  RETURNED: 'warning',
  APPROVED: 'purple',
  PUBLISHED: 'success',
  MERGED: 'default',
};

export function InspectionStatusTag({ status, t }: { status: InspectionStatus; t: InspT }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="inspection-status">
      {t(`insp.status.${status}`)}
    </Tag>
  );
}

const REPORT_COLORS: Record<InspectionReportStatus, string> = {
  PENDING: 'processing',
  RETURNED: 'warning',
  APPROVED: 'purple',
  PUBLISHED: 'success',
};

export function ReportStatusTag({ status, t }: { status: InspectionReportStatus; t: InspT }) {
  return (
    <Tag color={REPORT_COLORS[status]} data-testid="report-status">
      {t(`rep.status.${status}`)}
    </Tag>
  );
}

/** Reviewing results (审核): the permission the server reports (accounts/access.py). */
export function useCanReview(): boolean {
  return usePermissions().can('REVIEW_RESULTS');
}
