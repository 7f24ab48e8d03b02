import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Grid,
  Input,
  InputNumber,
  List,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import type { LedgerVisitFieldsFragment as Visit } from '../../gql/graphql';
import { usePunct, type Punct } from '../../i18n';
import {
  AcceptVisitMergeMutation,
  EntitiesNearCapQuery,
  EntityBurdenQuery,
  SetVisitCapMutation,
  VisitCapQuery,
  VisitMergeProposalsQuery,
} from '../../graphql/ledger';
import { useOrg } from '../../orgContext';
import { useBurdenT, type BurdenT } from './i18n';

const YEAR = new Date().getFullYear();

/**
 * /o/:code/burden — 受检负担: the prefecture's visit cap (editable by its administrator), one
 * entity's inspections of the year across departments and levels (`?code=` from the registry
 * drawer), the proposed combined visits, and for the prefecture the entities closest to their cap.
 */
export function BurdenPage() {
  const { t } = useBurdenT();
  const { code: orgCode, access } = useOrg();
  const { can } = usePermissions();
  const screens = Grid.useBreakpoint();
  const phone = screens.xs === true || (screens.sm === true && screens.md === false);
  const [params, setParams] = useSearchParams();
  const entity = (params.get('code') ?? '').trim();
  const [typed, setTyped] = useState(entity);
  const prefecture = access.organisation.kind === 'PREFECTURE';
  const open = (c: string) => {
    setTyped(c);
    setParams(c ? { code: c } : {});
  };

  return (
    <div data-testid="burden-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('burden.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('burden.explain')} style={{ marginBottom: 16 }} />
      <CapCard t={t} orgCode={orgCode} canEdit={can('SET_VISIT_CAP')} />
      <Card style={{ marginBottom: 16 }}>
        <Input.Search
          data-testid="burden-search"
          placeholder={t('burden.search')}
          enterButton={t('burden.searchButton')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => open(v.trim())}
          allowClear
          style={{ maxWidth: 560 }}
        />
        {entity && <EntityBurden t={t} orgCode={orgCode} code={entity} phone={phone} />}
      </Card>
      <Proposals t={t} orgCode={orgCode} canAccept={can('RUN_DRAWS')} phone={phone} onOpen={open} />
      {prefecture && <NearCap t={t} orgCode={orgCode} onOpen={open} phone={phone} />}
    </div>
  );
}

function CapCard({ t, orgCode, canEdit }: { t: BurdenT; orgCode: string; canEdit: boolean }) {
  const { message } = App.useApp();
  const { data, refetch } = useQuery(VisitCapQuery, { context: orgScope(orgCode), fetchPolicy: 'network-only' });
  const [editing, setEditing] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [save, { loading }] = useMutation(SetVisitCapMutation, {
    context: orgScope(orgCode),
    refetchQueries: ['EntitiesNearCap', 'EntityBurden'],
  });
  const cap = data?.visitCap;
  return (
    <Card style={{ marginBottom: 16 }} data-testid="burden-cap">
      <Space wrap align="center">
        <Statistic title={t('burden.cap')} value={cap ? t('burden.capTimes', { count: cap.visitCap }) : '—'} />
        <Typography.Text type="secondary">
          {cap?.isDefault ? t('burden.capDefault') : cap?.prefectureName ? t('burden.capSetBy', { name: cap.prefectureName }) : ''}
        </Typography.Text>
        {canEdit && editing === null && (
          <Button onClick={() => setEditing(cap?.visitCap ?? 2)} data-testid="burden-cap-edit">
            {t('burden.capEdit')}
          </Button>
        )}
        {canEdit && editing !== null && (
          <Space>
            <InputNumber min={1} max={12} value={editing} onChange={(v) => setEditing(v ?? 1)} data-testid="burden-cap-input" />
            <Button
              type="primary"
              loading={loading}
              data-testid="burden-cap-save"
              onClick={async () => {
                const r = await save({ variables: { visitCap: editing } });
                const errors = r.data?.setVisitCap?.errors ?? [];
                if (errors.length) {
                  setError(errors[0].message);
                  return;
                }
                setError(null);
                setEditing(null);
                void message.success(t('burden.capSaved'));
                void refetch();
              }}
            >
              {t('burden.capSave')}
            </Button>
          </Space>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Card>
  );
}

function period(v: Pick<Visit, 'startsOn' | 'endsOn'>, t: BurdenT): string {
  return v.startsOn === v.endsOn ? String(v.startsOn) : t('burden.period', { start: String(v.startsOn), end: String(v.endsOn) });
}

function VisitTags({ v, t }: { v: Visit; t: BurdenT }) {
  return (
    <Space size={4} wrap>
      <Tag color={v.countsTowardCap ? 'blue' : 'orange'}>{v.sourceLabel}</Tag>
      {v.merged && <Tag color="green">{t('burden.merged')}</Tag>}
    </Space>
  );
}

function visitColumns(t: BurdenT, p: Punct) {
  return [
    { title: t('burden.col.org'), dataIndex: 'organisationName', key: 'org' },
    { title: t('burden.col.source'), key: 'source', render: (_: unknown, v: Visit) => <VisitTags v={v} t={t} /> },
    { title: t('burden.col.period'), key: 'period', render: (_: unknown, v: Visit) => period(v, t) },
    { title: t('burden.col.items'), dataIndex: 'items', key: 'items', render: (items: string[]) => items.join(p.sep) || '—' },
    { title: t('burden.col.departments'), dataIndex: 'departments', key: 'deps', render: (d: string[]) => d.join(p.sep) },
    {
      title: t('burden.col.reference'),
      dataIndex: 'references',
      key: 'refs',
      render: (refs: string[]) => <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12 }}>{refs.join(' ')}</Typography.Text>,
    },
  ];
}

function VisitCard({ v, t }: { v: Visit; t: BurdenT }) {
  const p = usePunct();
  return (
    <Card size="small" style={{ width: '100%' }} data-testid="burden-visit-card">
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Typography.Text strong>{v.organisationName}</Typography.Text>
          <VisitTags v={v} t={t} />
        </Space>
        <Typography.Text type="secondary">{period(v, t)}</Typography.Text>
        <Typography.Text>
          {t('burden.col.items')}{p.colon}{v.items.join(p.sep) || '—'}
        </Typography.Text>
        <Typography.Text>
          {t('burden.col.departments')}{p.colon}{v.departments.join(p.sep)}
        </Typography.Text>
      </Space>
    </Card>
  );
}

function Visits({ visits, t, phone }: { visits: Visit[]; t: BurdenT; phone: boolean }) {
  const p = usePunct();
  if (phone) {
    return (
      <List
        dataSource={visits}
        locale={{ emptyText: t('burden.empty') }}
        renderItem={(v) => (
          <List.Item key={v.visitKey} style={{ padding: '6px 0' }}>
            <VisitCard v={v} t={t} />
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<Visit>
      data-testid="burden-visits"
      rowKey="visitKey"
      size="middle"
      pagination={false}
      dataSource={visits}
      locale={{ emptyText: t('burden.empty') }}
      columns={visitColumns(t, p)}
    />
  );
}

function EntityBurden({ t, orgCode, code, phone }: { t: BurdenT; orgCode: string; code: string; phone: boolean }) {
  const { data, loading, error } = useQuery(EntityBurdenQuery, {
    variables: { code, year: YEAR },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  if (error) return <Alert type="error" showIcon title={t('burden.notFound')} description={error.message} style={{ marginTop: 16 }} />;
  const b = data?.entityBurden;
  if (loading || !b) return null;
  const percent = Math.min(100, Math.round((b.randomVisits / Math.max(b.visitCap, 1)) * 100));
  return (
    <div style={{ marginTop: 16 }} data-testid="burden-result">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {b.name || b.code} <Typography.Text type="secondary" style={{ fontSize: 14, fontFamily: 'monospace' }}>{b.code}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 8 }}>{t('burden.year', { year: b.year })}</Typography.Text>
      </Typography.Title>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('burden.random')} value={b.randomVisits} suffix={`/ ${b.visitCap}`} />
          <Progress percent={percent} showInfo={false} status={b.remaining === 0 ? 'exception' : 'normal'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('burden.remaining')} value={b.remaining} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('burden.targeted')} value={b.targetedVisits} />
        </Col>
      </Row>
      <Typography.Title level={5}>{t('burden.visits')}</Typography.Title>
      <Visits visits={b.visits} t={t} phone={phone} />
    </div>
  );
}

function Proposals({
  t,
  orgCode,
  canAccept,
  phone,
  onOpen,
}: {
  t: BurdenT;
  orgCode: string;
  canAccept: boolean;
  phone: boolean;
  onOpen: (code: string) => void;
}) {
  // Not `p`: each proposal is `p` below.
  const punct = usePunct();
  const { message } = App.useApp();
  const { data, refetch } = useQuery(VisitMergeProposalsQuery, {
    variables: { year: YEAR },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const [accept, { loading }] = useMutation(AcceptVisitMergeMutation, {
    context: orgScope(orgCode),
    refetchQueries: ['EntitiesNearCap', 'EntityBurden'],
  });
  const [error, setError] = useState<string | null>(null);
  const proposals = data?.visitMergeProposals ?? [];
  return (
    <Card title={t('burden.proposals')} style={{ marginBottom: 16 }} data-testid="burden-proposals">
      <Typography.Paragraph type="secondary">{t('burden.proposalsExplain')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <List
        dataSource={proposals}
        locale={{ emptyText: t('burden.proposalsEmpty') }}
        renderItem={(p) => (
          <List.Item key={p.visits.map((v) => v.visitKey).join('+')} data-testid="burden-proposal">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Button type="link" style={{ padding: 0, fontFamily: 'monospace' }} onClick={() => onOpen(p.entityCode)}>
                  {p.entityCode}
                </Button>
                <Typography.Text type="secondary">{t('burden.commonPeriod', { start: String(p.startsOn), end: String(p.endsOn) })}</Typography.Text>
              </Space>
              {phone ? (
                p.visits.map((v) => <VisitCard key={v.visitKey} v={v} t={t} />)
              ) : (
                <Table<Visit> rowKey="visitKey" size="small" pagination={false} dataSource={p.visits} columns={visitColumns(t, punct)} />
              )}
              {canAccept && (
                <Button
                  type="primary"
                  loading={loading}
                  data-testid="burden-accept"
                  onClick={async () => {
                    const r = await accept({
                      variables: { entityCode: p.entityCode, year: p.year, visitKeys: p.visits.map((v) => v.visitKey) },
                    });
                    const errors = r.data?.acceptVisitMerge?.errors ?? [];
                    if (errors.length) {
                      setError(errors[0].message);
                      return;
                    }
                    setError(null);
                    void message.success(t('burden.accepted'));
                    void refetch();
                  }}
                >
                  {t('burden.accept')}
                </Button>
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

function NearCap({ t, orgCode, onOpen, phone }: { t: BurdenT; orgCode: string; onOpen: (code: string) => void; phone: boolean }) {
  const { data } = useQuery(EntitiesNearCapQuery, {
    variables: { year: YEAR },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const rows = data?.entitiesNearCap ?? [];
  type Row = (typeof rows)[number];
  const count = (r: Row) => `${r.randomVisits} / ${r.visitCap}`;
  return (
    <Card title={t('burden.near')} data-testid="burden-near">
      {phone ? (
        <List
          dataSource={rows}
          locale={{ emptyText: t('burden.nearEmpty') }}
          renderItem={(r) => (
            <List.Item key={r.code} onClick={() => onOpen(r.code)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta title={r.name || r.code} description={<span style={{ fontFamily: 'monospace' }}>{r.code}</span>} />
              <Tag color={r.randomVisits >= r.visitCap ? 'red' : 'blue'}>{count(r)}</Tag>
            </List.Item>
          )}
        />
      ) : (
        <Table<Row>
          rowKey="code"
          size="middle"
          pagination={false}
          dataSource={rows}
          locale={{ emptyText: t('burden.nearEmpty') }}
          columns={[
            { title: t('burden.col.code'), dataIndex: 'code', render: (c: string) => <span style={{ fontFamily: 'monospace' }}>{c}</span> },
            { title: t('burden.col.name'), dataIndex: 'name' },
            {
              title: t('burden.col.count'),
              key: 'count',
              render: (_: unknown, r: Row) => <Tag color={r.randomVisits >= r.visitCap ? 'red' : 'blue'}>{count(r)}</Tag>,
            },
            { title: t('burden.targeted'), dataIndex: 'targetedVisits' },
            {
              title: '',
              key: 'open',
              render: (_: unknown, r: Row) => (
                <Button size="small" onClick={() => onOpen(r.code)}>
                  {t('burden.open')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
