import { Card, Empty, Space, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import type {
  DrawResultFieldsFragment as TeamRow,
  DrawTargetFieldsFragment as TargetRow,
  RecusalFieldsFragment as RecusalRow,
} from '../../gql/graphql';
import { usePunct } from '../../i18n';
import type { DrawsT } from './i18n';

export const TARGET_PAGE_SIZE = 20;

export interface TargetsTableProps {
  t: DrawsT;
  items: readonly TargetRow[];
  total: number;
  page: number;
  loading?: boolean;
  onPage: (page: number) => void;
}

/** The drawn targets in matching order, paged on the server. */
export function TargetsTable({ t, items, total, page, loading, onPage }: TargetsTableProps) {
  const p = usePunct();
  return (
    <ResponsiveTable<TargetRow>
      data-testid="draw-targets"
      size="small"
      rowKey="code"
      cardTitle={(r) => `${r.position + 1}. ${r.name}`}
      cardHidden={['position', 'name']}
      loading={loading}
      dataSource={[...items]}
      pagination={{
        current: page,
        pageSize: TARGET_PAGE_SIZE,
        total,
        showSizeChanger: false,
        showTotal: (n) => `${t('draws.targets')}${p.colon}${n}`,
        onChange: onPage,
      }}
      columns={[
        { title: t('draws.targets.position'), dataIndex: 'position', width: 70, render: (p: number) => p + 1 },
        { title: t('draws.preview.code'), dataIndex: 'code', width: 200 },
        { title: t('draws.targets.name'), dataIndex: 'name' },
        { title: t('draws.preview.region'), dataIndex: 'region' },
        { title: t('draws.preview.entityType'), dataIndex: 'entityType' },
        { title: t('draws.preview.creditClass'), dataIndex: 'creditClass', width: 90 },
        {
          title: t('draws.targets.team'),
          dataIndex: 'teamNumber',
          width: 90,
          render: (n: number) => t('draws.teams.number', { n }),
        },
        {
          title: t('draws.targets.key'),
          dataIndex: 'key',
          render: (key: string) => (
            <Typography.Text code title={key}>
              {key.slice(0, 16)}…
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

/** Teams with their members (names and certificate numbers only) and matched targets. */
export function TeamsTable({ t, teams }: { t: DrawsT; teams: readonly TeamRow[] }) {
  return (
    <ResponsiveTable<TeamRow>
      data-testid="draw-teams"
      size="small"
      rowKey="number"
      dataSource={[...teams]}
      pagination={teams.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      columns={[
        {
          title: t('draws.targets.team'),
          dataIndex: 'number',
          width: 90,
          render: (n: number) => t('draws.teams.number', { n }),
        },
        {
          title: t('draws.teams.members'),
          key: 'members',
          render: (_: unknown, team) => (
            <Space orientation="vertical" size={2}>
              {team.members.map((m) => (
                <span key={`${m.role}-${m.code}`}>
                  <Tag color={m.role === 'expert' ? 'purple' : 'blue'}>
                    {m.role === 'expert' ? t('draws.role.expert') : t('draws.role.officer')}
                  </Tag>
                  {m.name} <Typography.Text type="secondary">{m.code}</Typography.Text>
                </span>
              ))}
            </Space>
          ),
        },
        {
          title: t('draws.teams.targets'),
          key: 'targets',
          render: (_: unknown, team) => (
            <Space size={[4, 4]} wrap>
              {team.targetCodes.map((code) => (
                <Typography.Text key={code} code>
                  {code}
                </Typography.Text>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** Every recusal with its reason and how it was resolved (swap, else replacement). */
export function RecusalsTable({ t, recusals, teams }: { t: DrawsT; recusals: readonly RecusalRow[]; teams: readonly TeamRow[] }) {
  const p = usePunct();
  const names = new Map<string, string>();
  for (const team of teams) for (const m of team.members) names.set(m.code, m.name);
  const who = (code: string | null | undefined) => (code ? (names.has(code) ? `${names.get(code)}${p.paren(code)}` : code) : '—');
  if (recusals.length === 0)
    return <Empty data-testid="draw-recusals-empty" image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('draws.recusals.none')} />;
  return (
    <ResponsiveTable<RecusalRow>
      data-testid="draw-recusals"
      size="small"
      rowKey="seq"
      dataSource={[...recusals]}
      pagination={false}
      columns={[
        { title: t('draws.recusals.seq'), dataIndex: 'seq', width: 60 },
        {
          title: t('draws.recusals.kind'),
          dataIndex: 'kind',
          width: 110,
          render: (kind: string) => (
            <Tag color={kind === 'swap' ? 'gold' : 'volcano'}>
              {kind === 'swap' ? t('draws.recusals.kind.swap') : kind === 'replace' ? t('draws.recusals.kind.replace') : kind}
            </Tag>
          ),
        },
        { title: t('draws.recusals.team'), dataIndex: 'teamNumber', width: 90, render: (n: number) => t('draws.teams.number', { n }) },
        { title: t('draws.recusals.target'), dataIndex: 'target' },
        {
          title: t('draws.recusals.inspector'),
          dataIndex: 'inspector',
          render: (code: string, r) => `${r.role === 'expert' ? t('draws.role.expert') : t('draws.role.officer')} ${who(code)}`,
        },
        { title: t('draws.recusals.reason'), dataIndex: 'reason' },
        {
          title: t('draws.recusals.result'),
          key: 'result',
          render: (_: unknown, r) =>
            r.kind === 'swap'
              ? t('draws.recusals.swapped', { team: r.swapTeam ?? '—', target: r.swapTarget ?? '—' })
              : t('draws.recusals.replaced', { who: who(r.replacement) }),
        },
      ]}
    />
  );
}

/** Targets, teams with matching, and recusals, each in its own card. */
export function DrawResult({
  t,
  targets,
  teams,
  recusals,
}: {
  t: DrawsT;
  targets: TargetsTableProps;
  teams: readonly TeamRow[];
  recusals: readonly RecusalRow[];
}) {
  const p = usePunct();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('draws.targets')}>
        <TargetsTable {...targets} />
      </Card>
      <Card size="small" title={t('draws.teams')}>
        <TeamsTable t={t} teams={teams} />
      </Card>
      <Card size="small" title={`${t('draws.recusals')}${p.paren(recusals.length)}`}>
        <RecusalsTable t={t} recusals={recusals} teams={teams} />
      </Card>
    </Space>
  );
}
