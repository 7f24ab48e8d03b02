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

type Row = OversightRowFieldsFragment;

/** The prefecture's dashboard (R17): one row per county and 州本级, every figure with its definition. */
export function OversightDashboard() {
  const { code } = useOrg();
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
    return (
      <Tooltip title={d ? `计算方法：${d.formula}` : ''}>
        <span data-testid={`metric-head-${key}`}>
          {fallback ?? d?.label ?? key} <QuestionCircleOutlined style={{ color: '#999' }} />
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
      title: '机构',
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
          <span>{r.organisationCode ? r.planStatusLabel : '—'}</span>
          {r.planOverdue && (
            <Tooltip title={r.planOverdueReason}>
              <Tag color="red">已逾期</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: head('draw_completion', '抽取（完成/计划）'),
      key: 'draws',
      width: 130,
      render: (_, r) => (
        <span>
          {r.drawsDone}/{r.roundsPlanned}（{pct(r.drawCompletion)}）
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
          {r.shareCap !== null && r.shareCap !== undefined && <Tag color={r.overCap ? 'red' : 'default'}>上限{r.shareCap}%</Tag>}
        </Space>
      ),
    },
    {
      title: head('completion', '检查（到期/已检/已公示）'),
      key: 'insp',
      width: 170,
      render: (_, r) => (
        <span>
          {r.due}/{r.done}/{r.published}（{frac(r.published, r.due, r.completion)}）
        </span>
      ),
    },
    {
      title: head('on_time_rate', '按时/逾期公示'),
      key: 'ontime',
      width: 140,
      render: (_, r) => (
        <Space size={4}>
          <span data-testid={`ontime-${r.organisationCode || 'total'}`}>{r.onTime}</span>/<span style={{ color: r.late ? '#cf1322' : undefined }} data-testid={`late-${r.organisationCode || 'total'}`}>{r.late}</span>
          <span>（{frac(r.onTime, r.onTime + r.late, r.onTimeRate)}）</span>
        </Space>
      ),
    },
    { title: head('problem_rate'), key: 'prob', width: 100, render: (_, r) => frac(r.problems, r.results, r.problemRate) },
    { title: head('follow_up_rate'), key: 'fu', width: 100, render: (_, r) => frac(r.followedUp, r.problems, r.followUpRate) },
    {
      title: head('referrals_open', '待办移送（最长等待）'),
      key: 'ref',
      width: 130,
      render: (_, r) => `${r.referralsOpen}件${r.referralsOpen ? `（${r.referralWaitDays}天）` : ''}`,
    },
    {
      title: head('joint_share'),
      key: 'joint',
      width: 120,
      render: (_, r) => {
        const target = dash?.jointTargetPercent ?? 60;
        const ok = r.jointShare !== null && r.jointShare !== undefined && r.jointShare >= target;
        return (
          <Tooltip title={`${r.jointVisits} ÷ ${r.visits}；目标 ${target}%${r.departments.length ? `；按部门：${r.departments.map((d) => `${d.department} ${d.visits}`).join('，')}` : ''}`}>
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
          <Tooltip title={r.nearCap.map((e) => `${e.code}：${e.visits}次`).join('\n')}>
            <span>{r.nearCap.length}个</span>
          </Tooltip>
        ) : (
          '0个'
        ),
    },
    { title: head('coverage'), key: 'cov', width: 100, render: (_, r) => frac(r.inspectedEntities, r.registered, r.coverage) },
  ];
  // Visits per department as columns where joint work exists (the same visits as the joint share).
  const departments = dash && dash.total.jointVisits > 0 ? dash.total.departments.map((d) => d.department) : [];
  if (departments.length)
    columns.push({
      title: <Tooltip title="各部门参与的检查户次（一户一次检查计一次，联合检查计入参与的每个部门）">按部门检查户次</Tooltip>,
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
      title: '督促整改',
      key: 'act',
      width: 100,
      render: (_, r) =>
        r.organisationCode && !r.isPrefecture ? (
          <Button size="small" onClick={() => setIssuing(r)} data-testid={`issue-${r.organisationCode}`}>
            签发整改
          </Button>
        ) : null,
    });
  const rows = dash ? [...dash.rows, { ...dash.total, label: '合计', organisationCode: '' }] : [];
  const years = [thisYear - 2, thisYear - 1, thisYear, thisYear + 1];

  return (
    <div data-testid="oversight-dashboard">
      <Space wrap style={{ marginBottom: 16 }}>
        <span>年度</span>
        <Select
          value={year}
          onChange={setYear}
          options={years.map((y) => ({ value: y, label: `${y}年度` }))}
          style={{ width: 120 }}
          data-testid="oversight-year"
        />
        <Button href={`/o/${code}/oversight/export.xlsx?year=${year}`} data-testid="oversight-export">
          导出表格
        </Button>
        {dash && can('ISSUE_RECTIFICATION') && (
          <SettingsButton joint={dash.jointTargetPercent} redAfter={dash.redAfterWorkingDays} onSaved={() => void refetch()} />
        )}
      </Space>
      {dash && (
        <Typography.Paragraph type="secondary">
          联合检查目标 {dash.jointTargetPercent}% · 检查上限 {dash.visitCap} 次/年 · 超期 {dash.redAfterWorkingDays} 个工作日转红牌
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      {dash && !dash.hasData && (
        <Empty description={dash.message} style={{ margin: '32px 0' }} data-testid="oversight-empty" />
      )}
      {dash && dash.hasData && (
        <>
          <Space wrap size={24} style={{ marginBottom: 16 }}>
            <Statistic title="检查完成率" value={pct(dash.total.completion)} />
            <Statistic title="按时公示率" value={pct(dash.total.onTimeRate)} />
            <Statistic title="逾期公示" value={dash.total.late} suffix="项" />
            <Statistic title="后续处置率" value={pct(dash.total.followUpRate)} />
            <Statistic title="覆盖率" value={pct(dash.total.coverage)} />
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
            点击机构名称查看该县（市）的检查记录（只读）。把鼠标移到表头的问号上查看每项指标的计算方法。{dash.referralsNote}
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
