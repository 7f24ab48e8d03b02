import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Empty, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import type { OversightRowFieldsFragment } from '../../gql/graphql';
import { OversightDashboardQuery } from '../../graphql/oversight';
import { useOrg } from '../../orgContext';
import { pct } from './format';
import { IssueOrderModal } from './IssueOrderModal';
import { OversightChart } from './OversightChart';
import { SettingsButton } from './SettingsButton';
import { METRICS_EN, useOversightT } from './i18n';
import { usePlansT, type PlansKey } from '../plans/i18n';

type Row = OversightRowFieldsFragment;

/** The prefecture's dashboard (监督看板): one row per county and 州本级, every figure with its definition. */
export function OversightDashboard() {
  const { code } = useOrg();
  const { t, lang } = useOversightT();
  const { t: tp } = usePlansT();
  // The plan index's status codes are the plan statuses of the plans pages, in lower case.
  const planStatus = (status: string, label: string) => {
    const key = `plans.status.${status.toUpperCase()}` as PlansKey;
    const text = tp(key);
    return text === key ? label : text;
  };
  const { can } = usePermissions();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [issuing, setIssuing] = useState<Row | null>(null);
  const { data, loading, error, refetch } = useQuery(OversightDashboardQuery, {
    variables: { year },
    context: orgScope(code),
    fetchPolicy: 'cache-and-network',
  });
  const dash = data?.oversightDashboard;
  const defs = new Map((dash?.definitions ?? []).map((d) => [d.key, d]));
  const head = (key: string, fallback?: string) => {
    const d = defs.get(key);
    const en = lang === 'en-US' ? METRICS_EN[key] : undefined;
    const formula = en?.formula ?? d?.formula;
    return (
      <Tooltip title={formula ? t('ov.formula', { formula }) : ''}>
        <span data-testid={`metric-head-${key}`}>
          {fallback ?? en?.label ?? d?.label ?? key} <QuestionCircleOutlined style={{ color: '#999' }} />
        </span>
      </Tooltip>
    );
  };
  const frac = (n: number, d: number, rate: number | null | undefined) => (
    <Tooltip title={`${n} ÷ ${d}`}>
      <span>{pct(rate)}</span>
    </Tooltip>
  );
  const columns: ColumnsType<Row> = [
    {
      title: t('ov.col.org'),
      key: 'org',
      fixed: 'left',
      width: 120,
      render: (_, r) =>
        r.organisationCode ? (
          <Link to={`/o/${r.organisationCode}/inspections`} data-testid={`drill-${r.organisationCode}`}>
            {r.label}
          </Link>
        ) : (
          <strong>{r.label}</strong>
        ),
    },
    {
      title: head('plan_status'),
      key: 'plan',
      width: 130,
      render: (_, r) => (
        <Space size={2} direction="vertical">
          <span>{r.organisationCode ? planStatus(r.planStatus, r.planStatusLabel) : '—'}</span>
          {r.planOverdue && (
            <Tooltip title={r.planOverdueReason}>
              <Tag color="red">{t('ov.overdue')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: head('draw_completion', t('ov.col.draws')),
      key: 'draws',
      width: 130,
      render: (_, r) => (
        <span>
          {r.drawsDone}/{r.roundsPlanned}
          {t('ov.open')}
          {pct(r.drawCompletion)}
          {t('ov.close')}
        </span>
      ),
    },
    {
      title: head('drawn_share'),
      key: 'share',
      width: 110,
      render: (_, r) => (
        <Space size={2}>
          {frac(r.drawnEntities, r.registered, r.drawnShare)}
          {r.shareCap !== null && r.shareCap !== undefined && <Tag color={r.overCap ? 'red' : 'default'}>{t('ov.col.cap', { cap: r.shareCap })}</Tag>}
        </Space>
      ),
    },
    {
      title: head('completion', t('ov.col.inspections')),
      key: 'insp',
      width: 170,
      render: (_, r) => (
        <span>
          {r.due}/{r.done}/{r.published}
          {t('ov.open')}
          {frac(r.published, r.due, r.completion)}
          {t('ov.close')}
        </span>
      ),
    },
    {
      title: head('on_time_rate', t('ov.col.onTime')),
      key: 'ontime',
      width: 140,
      render: (_, r) => (
        <Space size={4}>
          <span data-testid={`ontime-${r.organisationCode || 'total'}`}>{r.onTime}</span>/<span style={{ color: r.late ? '#cf1322' : undefined }} data-testid={`late-${r.organisationCode || 'total'}`}>{r.late}</span>
          <span>
            {t('ov.open')}
            {frac(r.onTime, r.onTime + r.late, r.onTimeRate)}
            {t('ov.close')}
          </span>
        </Space>
      ),
    },
    { title: head('problem_rate'), key: 'prob', width: 100, render: (_, r) => frac(r.problems, r.results, r.problemRate) },
    { title: head('follow_up_rate'), key: 'fu', width: 100, render: (_, r) => frac(r.followedUp, r.problems, r.followUpRate) },
    {
      title: head('referrals_open', t('ov.col.referrals')),
      key: 'ref',
      width: 130,
      render: (_, r) => `${t('ov.referralsN', { n: r.referralsOpen })}${r.referralsOpen ? t('ov.referralsWait', { days: r.referralWaitDays ?? 0 }) : ''}`,
    },
    {
      title: head('joint_share'),
      key: 'joint',
      width: 120,
      render: (_, r) => {
        const target = dash?.jointTargetPercent ?? 60;
        const ok = r.jointShare !== null && r.jointShare !== undefined && r.jointShare >= target;
        return (
          <Tooltip title={`${t('ov.jointTip', { joint: r.jointVisits, visits: r.visits, target })}${r.departments.length ? t('ov.jointTipDepts', { list: r.departments.map((d) => `${d.department} ${d.visits}`).join(t('ov.listSep')) }) : ''}`}>
            <Tag color={r.visits === 0 ? 'default' : ok ? 'green' : 'orange'}>{pct(r.jointShare)}</Tag>
          </Tooltip>
        );
      },
    },
    {
      title: head('near_cap'),
      key: 'cap',
      width: 120,
      render: (_, r) =>
        r.nearCap.length ? (
          <Tooltip title={r.nearCap.map((e) => t('ov.nearCapVisits', { code: e.code, visits: e.visits })).join('\n')}>
            <span>{t('ov.nearCapN', { n: r.nearCap.length })}</span>
          </Tooltip>
        ) : (
          t('ov.nearCapN', { n: 0 })
        ),
    },
    { title: head('coverage'), key: 'cov', width: 100, render: (_, r) => frac(r.inspectedEntities, r.registered, r.coverage) },
  ];
  // Visits per department as columns where joint work exists (the same visits as the joint share).
  const departments = dash && dash.total.jointVisits > 0 ? dash.total.departments.map((d) => d.department) : [];
  if (departments.length)
    columns.push({
      title: <Tooltip title={t('ov.col.departmentsTip')}>{t('ov.col.departments')}</Tooltip>,
      key: 'departments',
      children: departments.map((department) => ({
        title: department,
        key: `dept-${department}`,
        width: 90,
        align: 'right' as const,
        render: (_: unknown, r: Row) => <span data-testid={`dept-${r.organisationCode || 'total'}-${department}`}>{r.departments.find((d) => d.department === department)?.visits ?? 0}</span>,
      })),
    });
  if (can('ISSUE_RECTIFICATION'))
    columns.push({
      title: t('ov.col.act'),
      key: 'act',
      width: 100,
      render: (_, r) =>
        r.organisationCode && !r.isPrefecture ? (
          <Button size="small" onClick={() => setIssuing(r)} data-testid={`issue-${r.organisationCode}`}>
            {t('ov.issue')}
          </Button>
        ) : null,
    });
  const rows = dash ? [...dash.rows, { ...dash.total, label: t('ov.total'), organisationCode: '' }] : [];
  const years = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1];

  return (
    <div data-testid="oversight-dashboard">
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('ov.year')}</span>
        <Select
          value={year}
          onChange={setYear}
          options={years.map((y) => ({ value: y, label: t('ov.yearN', { year: y }) }))}
          style={{ width: 120 }}
          data-testid="oversight-year"
        />
        <Button href={`/o/${code}/oversight/export.xlsx?year=${year}`} data-testid="oversight-export">
          {t('ov.export')}
        </Button>
        {dash && can('ISSUE_RECTIFICATION') && (
          <SettingsButton joint={dash.jointTargetPercent} redAfter={dash.redAfterWorkingDays} onSaved={() => void refetch()} />
        )}
      </Space>
      {dash && (
        <Typography.Paragraph type="secondary">
          {t('ov.settingsLine', { joint: dash.jointTargetPercent, cap: dash.visitCap, red: dash.redAfterWorkingDays })}
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      {dash && !dash.hasData && (
        <Empty description={dash.message} style={{ margin: '32px 0' }} data-testid="oversight-empty" />
      )}
      {dash && dash.hasData && (
        <>
          <Space wrap size={24} style={{ marginBottom: 16 }}>
            <Statistic title={t('ov.stat.completion')} value={pct(dash.total.completion)} />
            <Statistic title={t('ov.stat.onTimeRate')} value={pct(dash.total.onTimeRate)} />
            <Statistic title={t('ov.stat.late')} value={dash.total.late} suffix={t('ov.items')} />
            <Statistic title={t('ov.stat.followUp')} value={pct(dash.total.followUpRate)} />
            <Statistic title={t('ov.stat.coverage')} value={pct(dash.total.coverage)} />
          </Space>
          <Card size="small" style={{ marginBottom: 16 }}>
            <OversightChart rows={dash.rows} jointTarget={dash.jointTargetPercent} />
          </Card>
          <Table<Row>
            rowKey={(r) => r.organisationCode || 'total'}
            columns={columns}
            dataSource={rows}
            loading={loading}
            pagination={false}
            size="small"
            scroll={{ x: 1600 }}
            data-testid="oversight-table"
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('ov.dashNote', { note: t('ov.referralsNote') })}
          </Typography.Paragraph>
        </>
      )}
      {issuing && (
        <IssueOrderModal
          county={issuing}
          year={year}
          onClose={(issued) => {
            setIssuing(null);
            if (issued) void refetch();
          }}
        />
      )}
    </div>
  );
}
