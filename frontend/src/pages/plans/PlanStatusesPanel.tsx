import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { orgPath } from '../../access';
import { orgScope } from '../../apollo';
import { usePunct } from '../../i18n';
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
}

/** Draws done of the rounds planned, as a share (none planned: no figure). */
/** Inspections of drawn targets completed to a published result, in per cent (null: none drawn). */
export function inspectionsPercent(row: Pick<PlanStatusRowFieldsFragment, 'resultsPublished' | 'targetsDrawn'>): number | null {
  if (!row.targetsDrawn) return null;
  return Math.min(100, Math.round((row.resultsPublished * 100) / row.targetsDrawn));
}

export function completionPercent(row: Pick<PlanStatusRowFieldsFragment, 'drawsDone' | 'roundsPlanned'>): number | null {
  if (!row.roundsPlanned) return null;
  return Math.min(100, Math.round((row.drawsDone * 100) / row.roundsPlanned));
}

export function PlanStatusesPanel({ orgCode, year, canAcknowledge }: PlanStatusesPanelProps) {
  const { t } = usePlansT();
  const p = usePunct();
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
      if (errs.length) void message.error(errs.map((e) => e.message).join(p.semi));
      else {
        void message.success(t('plans.st.acknowledged'));
        void refetch();
      }
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  if (error) return <Alert type="error" showIcon title={t('plans.loadFailed')} description={error.message} />;
  // The server lists every overseen organisation (a county without a plan as MISSING) with one
  // definition of overdue; the overdue panel is the same rows, so the two never disagree.
  const rows = data?.planStatuses ?? [];
  const overdue = rows.filter((r) => r.overdue);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Table<PlanStatusRowFieldsFragment>
        rowKey={(r) => `${r.organisationCode}-${r.year}`}
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
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
          {
            title: t('plans.st.draws'),
            key: 'draws',
            render: (_, r) => {
              const pct = completionPercent(r);
              return (
                <Space size={8} data-testid={`draws-done-${r.organisationCode}`}>
                  <span>{t('plans.st.drawsOf', { done: r.drawsDone, planned: r.roundsPlanned })}</span>
                  {pct == null ? null : <Progress percent={pct} size="small" style={{ width: 80, margin: 0 }} />}
                </Space>
              );
            },
          },
          {
            title: t('plans.st.inspections'),
            key: 'inspections',
            render: (_, r) => {
              const pct = inspectionsPercent(r);
              return (
                <Space size={8} data-testid={`inspections-done-${r.organisationCode}`}>
                  <span>{t('plans.st.inspectionsOf', { done: r.resultsPublished, drawn: r.targetsDrawn })}</span>
                  {pct == null ? null : <Progress percent={pct} size="small" style={{ width: 80, margin: 0 }} />}
                </Space>
              );
            },
          },
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
      <Card size="small" title={t('plans.st.overdueList')} data-testid="overdue-list">
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
