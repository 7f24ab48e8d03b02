import { useQuery } from '@apollo/client/react';
import { Alert, Card, Empty, Input, Pagination, Space, Spin, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { orgPath } from '../../access';
import { orgScope } from '../../apollo';
import type { InspectionCardFieldsFragment as InspectionCard } from '../../gql/graphql';
import { InspectionsQuery } from '../../graphql/inspections';
import { usePunct } from '../../i18n';
import { useOrg } from '../../orgContext';
import { useListState } from '../registries/common';
import { fmtDate, InspectionStatusTag } from './format';
import { useInspT, type InspT } from './i18n';

/**
 * /o/:code/inspections — 检查实施: the inspections as cards, phone first (entity, address, items,
 * team, window). Inspectors see the inspections of their own teams; the sections see all.
 */
export function InspectionsPage() {
  const { t } = useInspT();
  const { code } = useOrg();
  const navigate = useNavigate();
  const list = useListState<Record<string, never>>({});
  const { search, first, offset } = list.baseVariables() as { search?: string; first?: number; offset?: number };
  const { data, loading, error } = useQuery(InspectionsQuery, {
    variables: { search, first, offset },
    context: orgScope(code),
    fetchPolicy: 'cache-and-network',
  });
  const rows = (data?.inspections?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const total = data?.inspections?.totalCount ?? 0;

  return (
    <div data-testid="inspections-page" className="suiji-inspections">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('insp.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('insp.explain')} <Link to={orgPath(code, 'referrals')} data-testid="inspections-referrals-link">{t('insp.referralsLink')}</Link>
      </Typography.Paragraph>
      <Input.Search
        allowClear
        size="large"
        placeholder={t('insp.search')}
        onSearch={list.setSearch}
        style={{ marginBottom: 12 }}
        data-testid="inspections-search"
      />
      {error && <Alert type="error" showIcon title={t('insp.loadFailed')} description={error.message} />}
      {loading && !data ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty description={t('insp.empty')} />
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {rows.map((row) => (
            <InspectionCardView
              key={row.id}
              row={row}
              t={t}
              onOpen={() => navigate(orgPath(code, `inspections/${encodeURIComponent(row.id)}`))}
            />
          ))}
        </Space>
      )}
      {total > list.state.pageSize && (
        <Pagination
          style={{ marginTop: 16 }}
          current={list.state.page}
          pageSize={list.state.pageSize}
          total={total}
          onChange={list.setPage}
          simple
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('insp.total', { count: total })}
      </Typography.Paragraph>
    </div>
  );
}

function InspectionCardView({ row, t, onOpen }: { row: InspectionCard; t: InspT; onOpen: () => void }) {
  const p = usePunct();
  return (
    <Card
      hoverable
      onClick={onOpen}
      data-testid="inspection-card"
      title={
        <Space direction="vertical" size={0} style={{ whiteSpace: 'normal', padding: '8px 0' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {row.targetName}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.targetCode}
          </Typography.Text>
          <InspectionStatusTag status={row.status} t={t} />
        </Space>
      }
      styles={{ body: { paddingTop: 12 } }}
    >
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        {row.targetAddress && <Typography.Text>{row.targetAddress}</Typography.Text>}
        <div>
          <Typography.Text type="secondary">{t('insp.items')}{p.colon}</Typography.Text>
          {row.items.map((it) => (
            <Tag key={it.code} style={{ marginBottom: 4 }}>
              {it.name}
            </Tag>
          ))}
        </div>
        <div>
          <Typography.Text type="secondary">
            {t('insp.team')}{p.paren(t('insp.teamN', { n: row.teamNumber }))}{p.colon}
          </Typography.Text>
          {row.members.map((m) => (
            <span key={m.certificateNo} style={{ marginRight: 8 }}>
              {m.name}
              {m.role === 'expert' ? p.paren(t('insp.expert')) : ''}
            </span>
          ))}
        </div>
        <Typography.Text type="secondary">
          {t('insp.window')}{p.colon}{fmtDate(row.windowStart)}{p.to}{fmtDate(row.windowEnd)}
        </Typography.Text>
      </Space>
    </Card>
  );
}
