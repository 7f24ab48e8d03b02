import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { orgPath } from '../../access';
import { orgScope } from '../../apollo';
import type { PlanStatusRowFieldsFragment } from '../../gql/graphql';
import { AcknowledgePlanReportMutation, PlanStatusesQuery } from '../../graphql/plans';
import { DeadlineBadges } from './DeadlineBadges';
import { fmtDateTime, STATUS_COLORS, statusKey } from './format';
import { usePlansT } from './i18n';

const ACKNOWLEDGEABLE = new Set(['REPORTED', 'PUBLISHED', 'ADJUSTED']);

/** The prefecture's view: its own plan and every county's plan of a year, overdue ones first. */
export interface PlanStatusesPanelProps {
  orgCode: string;
  year: number;
  canAcknowledge: boolean;
  /** Organisations that must appear (the prefecture and its counties) even without a plan row. */
  expected?: readonly { code: string; name: string }[];
}

/** A row for an organisation that has not created the year's plan: MISSING, due 31 December. */
export function missingRow(code: string, name: string, year: number, today = dayjs()): PlanStatusRowFieldsFragment {
  const due = `${year - 1}-12-31`;
  const overdue = today.isAfter(dayjs(due), 'day');
  return {
    __typename: 'PlanStatusRow',
    year,
    status: 'MISSING',
    version: 0,
    draftDue: due,
    reportedAt: null,
    reportedTo: '',
    acknowledgedAt: null,
    publishedAt: null,
    adjustedAt: null,
    adjustmentDue: null,
    adjustmentDueUnknown: false,
    overdue,
    overdueReason: '',
    organisationCode: code,
    organisationName: name,
  };
}

export function PlanStatusesPanel({ orgCode, year, canAcknowledge, expected = [] }: PlanStatusesPanelProps) {
  const { t } = usePlansT();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(PlanStatusesQuery, {
    variables: { year },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const [acknowledge, ackState] = useMutation(AcknowledgePlanReportMutation, { context: orgScope(orgCode) });

  const ack = async (row: PlanStatusRowFieldsFragment) => {
    try {
      const { data: res } = await acknowledge({ variables: { organisationCode: row.organisationCode, year: row.year } });
      const errs = res?.acknowledgePlanReport?.errors ?? [];
      if (errs.length) void message.error(errs.map((e) => e.message).join('；'));
      else {
        void message.success(t('plans.st.acknowledged'));
        void refetch();
      }
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  if (error) return <Alert type="error" showIcon title={t('plans.loadFailed')} description={error.message} />;
  const listed = data?.planStatuses ?? [];
  const rows = data
    ? [
        ...listed,
        ...expected
          .filter((o) => !listed.some((r) => r.organisationCode === o.code))
          .map((o) => missingRow(o.code, o.name, year)),
      ].sort((a, b) => (a.organisationCode === orgCode ? -1 : b.organisationCode === orgCode ? 1 : a.organisationCode.localeCompare(b.organisationCode)))
    : [];
  const overdue = data?.overduePlans ?? [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Table<PlanStatusRowFieldsFragment>
        rowKey={(r) => `${r.organisationCode}-${r.year}`}
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        data-testid="plan-statuses"
        columns={[
          {
            title: t('plans.st.org'),
            key: 'org',
            render: (_, r) => (
              <Space>
                <span>{r.organisationName}</span>
                <Typography.Text type="secondary">{r.organisationCode}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('plans.st.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t(statusKey(s))}</Tag>,
          },
          { title: t('plans.st.version'), dataIndex: 'version', render: (v: number) => (v ? `v${v}` : '—') },
          { title: t('plans.st.reportedAt'), dataIndex: 'reportedAt', render: (v: string | null) => fmtDateTime(v) },
          { title: t('plans.st.deadline'), key: 'deadline', render: (_, r) => <DeadlineBadges info={r} /> },
          {
            title: t('plans.st.acknowledgedAt'),
            key: 'ack',
            render: (_, r) => {
              if (r.organisationCode === orgCode) return '—';
              if (r.acknowledgedAt) return <Tag color="green">{`${t('plans.st.acknowledged')} ${fmtDateTime(r.acknowledgedAt)}`}</Tag>;
              if (canAcknowledge && ACKNOWLEDGEABLE.has(r.status))
                return (
                  <Button size="small" loading={ackState.loading} onClick={() => ack(r)} data-testid={`ack-${r.organisationCode}`}>
                    {t('plans.st.acknowledge')}
                  </Button>
                );
              return '—';
            },
          },
          {
            title: '',
            key: 'view',
            render: (_, r) => <Link to={`${orgPath(r.organisationCode, 'plans')}?year=${r.year}`}>{t('plans.st.view')}</Link>,
          },
        ]}
      />
      <Card size="small" title={t('plans.st.overdueList')}>
        {overdue.length ? (
          <Space orientation="vertical">
            {overdue.map((r) => (
              <Typography.Text key={`${r.organisationCode}-${r.year}`} type="danger">
                {r.organisationName} · {r.year} · {r.overdueReason}
              </Typography.Text>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('plans.st.noOverdue')}</Typography.Text>
        )}
      </Card>
    </Space>
  );
}
