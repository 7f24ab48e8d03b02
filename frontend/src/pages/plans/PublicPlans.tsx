import { useQuery } from '@apollo/client/react';
import { Alert, Card, Descriptions, Empty, Select, Space, Spin, Tag, Typography } from 'antd';
import { ResponsiveTable, usePhone } from '../../components/ResponsiveTable';
import { useState } from 'react';
import type { PublicPlansQuery as PublicPlansResult } from '../../gql/graphql';
import { PublicPlansQuery } from '../../graphql/plans';
import { DEFAULT_LANG, punctIn, usePunct, type Punct } from '../../i18n';
import { bpToPct, deptKey, fmtDate, fmtDateTime } from './format';
import { usePlansT, type PlansT } from './i18n';

type PublicPlan = PublicPlansResult['publicPlans'][number];
type PublicVersion = PublicPlan['versions'][number];

/** The published snapshot (format suiji-plan/1): plan content only, no personal data. */
export interface SnapshotTask {
  title: string;
  section?: string;
  departments?: string[];
  targetKind?: string;
  scope?: { kind: string; entityTypes?: string[]; natures?: string[]; regions?: string[]; creditClasses?: string[] };
  sampling?: { mode: string; ratioBp?: number | null; creditRatiosBp?: Record<string, number>; targetCount?: number | null };
  rounds?: { number: number; startsOn: string; endsOn: string }[];
  inspectors?: { officersPerTeam: number; targetsPerTeam: number; categories?: string[]; expertsPerTeam: number };
  items?: { code: string; version: number; name: string; legalBasis: string; content?: string; method?: string; department?: string }[];
  notes?: string;
}
interface Snapshot {
  title?: string;
  year?: number;
  version?: number;
  publishedAt?: string;
  note?: string;
  tasks?: SnapshotTask[];
}

export function parseSnapshot(raw: string): Snapshot | null {
  try {
    let value: unknown = JSON.parse(raw);
    // graphene's JSONString may arrive double-encoded.
    if (typeof value === 'string') value = JSON.parse(value);
    return value && typeof value === 'object' ? (value as Snapshot) : null;
  } catch {
    return null;
  }
}

export function scope(task: SnapshotTask, t: PlansT, p: Punct = punctIn(DEFAULT_LANG)): string {
  const s = task.scope;
  // Snapshots published before tasks had a kind of target inspect market entities.
  const projects = (task.targetKind ?? '').toUpperCase() === 'PROJECT';
  const whom = projects ? `${t('plans.tf.targetKind.PROJECT')} · ` : '';
  if (!s || s.kind === 'undirected' || s.kind === 'UNDIRECTED') {
    return projects ? t('plans.tf.scope.UNDIRECTED.PROJECT') : t('plans.tf.scope.UNDIRECTED');
  }
  const parts = [
    ...(s.entityTypes ?? []),
    ...(s.natures ?? []),
    ...(s.regions ?? []),
    ...((s.creditClasses ?? []).length ? [`${t('plans.tf.creditClasses')} ${(s.creditClasses ?? []).join('/')}`] : []),
  ];
  return `${whom}${t('plans.tf.scope.DIRECTED')}${p.colon}${parts.join(p.sep)}`;
}

function sampling(task: SnapshotTask, t: PlansT, p: Punct): string {
  const s = task.sampling;
  if (!s) return '—';
  if (s.mode === 'count' || s.mode === 'COUNT') return t('plans.sampling.count', { count: s.targetCount ?? 0 });
  const base = t('plans.sampling.ratio', { pct: bpToPct(s.ratioBp ?? null) });
  const credit = Object.entries(s.creditRatiosBp ?? {});
  return credit.length ? `${base}${p.paren(credit.map(([c, bp]) => `${c} ${bpToPct(bp)}`).join(p.comma))}` : base;
}

function VersionView({ version }: { version: PublicVersion }) {
  const { t } = usePlansT();
  const p = usePunct();
  const snap = parseSnapshot(version.snapshot);
  const tasks = snap?.tasks ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="public-plan-version">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('plans.pub.version')}>
          <span data-testid="public-plan-version-number">{`v${version.version}`}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('plans.pub.publishedAt')}>{fmtDateTime(version.publishedAt)}</Descriptions.Item>
        {version.note ? <Descriptions.Item label={t('plans.pub.note')}>{version.note}</Descriptions.Item> : null}
      </Descriptions>
      <ResponsiveTable<SnapshotTask>
        size="small"
        rowKey={(task) => task.title}
        dataSource={tasks}
        pagination={false}
        expandable={{
          expandedRowRender: (task) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {(task.items ?? []).map((i) => (
                <Descriptions key={i.code} size="small" bordered column={1} title={`${i.code} ${i.name}${p.paren(t('plans.itemVersion', { version: i.version }))}`}>
                  <Descriptions.Item label={t('plans.pub.basis')}>{i.legalBasis}</Descriptions.Item>
                  {i.content ? <Descriptions.Item label={t('plans.pub.content')}>{i.content}</Descriptions.Item> : null}
                  {i.method ? <Descriptions.Item label={t('plans.pub.method')}>{i.method}</Descriptions.Item> : null}
                </Descriptions>
              ))}
              {task.notes ? <Typography.Text type="secondary">{task.notes}</Typography.Text> : null}
            </Space>
          ),
        }}
        columns={[
          { title: t('plans.col.title'), dataIndex: 'title' },
          {
            title: t('plans.tf.departments'),
            key: 'departments',
            render: (_, task) => (task.departments ?? []).map((d) => t(deptKey(d.toUpperCase()))).join(p.sep),
          },
          { title: t('plans.col.items'), key: 'items', render: (_, task) => (task.items ?? []).map((i) => i.name).join(p.sep) },
          { title: t('plans.col.scope'), key: 'scope', render: (_, task) => scope(task, t, p) },
          { title: t('plans.col.sampling'), key: 'sampling', render: (_, task) => sampling(task, t, p) },
          {
            title: t('plans.col.rounds'),
            key: 'rounds',
            render: (_, task) =>
              (task.rounds ?? []).map((r) => (
                <div key={r.number}>
                  {t('plans.tf.round', { n: r.number })} {fmtDate(r.startsOn)} ~ {fmtDate(r.endsOn)}
                </div>
              )),
          },
          {
            title: t('plans.pub.inspectors'),
            key: 'inspectors',
            render: (_, task) =>
              task.inspectors
                ? t('plans.team', { officers: task.inspectors.officersPerTeam, targets: task.inspectors.targetsPerTeam }) +
                  (task.inspectors.expertsPerTeam ? t('plans.teamExperts', { experts: task.inspectors.expertsPerTeam }) : '')
                : '—',
          },
        ]}
      />
    </Space>
  );
}

function PublicPlanCard({ plan }: { plan: PublicPlan }) {
  const { t } = usePlansT();
  const sorted = [...plan.versions].sort((a, b) => b.version - a.version);
  const current = sorted.find((v) => v.version === plan.currentVersion) ?? sorted[0];
  const [selected, setSelected] = useState<string | undefined>(current?.id);
  const version = sorted.find((v) => v.id === selected) ?? current;
  // On a phone the version picker goes under the title, which keeps the whole width.
  const phone = usePhone();
  const picker = (
    <Select
      value={version?.id}
      onChange={setSelected}
      style={phone ? { width: '100%', marginBottom: 12 } : { minWidth: 260 }}
      aria-label={t('plans.pub.version')}
      data-testid={`public-plan-versions-${plan.year}`}
      options={sorted.map((v) => ({
        value: v.id,
        label: `${t('plans.pub.versionOption', { version: v.version, date: fmtDate(v.publishedAt) })} · ${
          v.version === plan.currentVersion ? t('plans.pub.current') : t('plans.pub.earlier')
        }`,
      }))}
    />
  );
  return (
    <Card
      data-testid={`public-plan-${plan.year}`}
      title={
        <Space wrap style={{ whiteSpace: 'normal' }}>
          <span>{plan.title}</span>
          {plan.beingAdjusted ? <Tag color="warning">{t('plans.pub.adjusting')}</Tag> : null}
        </Space>
      }
      extra={phone ? null : picker}
    >
      {phone ? picker : null}
      {version ? <VersionView version={version} /> : null}
    </Card>
  );
}

/** Published annual plans of an organisation, each with its earlier versions (no login). */
export function PublicPlans({ code }: { code: string }) {
  const { t } = usePlansT();
  const { data, loading, error } = useQuery(PublicPlansQuery, {
    variables: { organisationCode: code },
    fetchPolicy: 'network-only',
  });
  const plans = [...(data?.publicPlans ?? [])].sort((a, b) => b.year - a.year);
  return (
    <section data-testid="public-plans" style={{ marginBottom: 24 }}>
      <Typography.Title level={4}>{t('plans.pub.title')}</Typography.Title>
      {error ? <Alert type="error" showIcon title={t('plans.pub.loadFailed')} description={error.message} /> : null}
      {loading && !data ? <Spin /> : null}
      {data && !plans.length ? <Empty description={t('plans.pub.empty')} /> : null}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {plans.map((plan) => (
          <PublicPlanCard key={`${plan.organisationCode}-${plan.year}`} plan={plan} />
        ))}
      </Space>
    </section>
  );
}
