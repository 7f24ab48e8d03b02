import { useQuery } from '@apollo/client/react';
import { Alert, Card, Space } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { Link } from 'react-router';
import type { DrawStatus, PublicDrawsQuery as PublicDrawsResult } from '../../gql/graphql';
import { PublicDrawsQuery } from '../../graphql/draws';
import { DrawStatusTag, fmtDateTime, publicDrawPath } from './format';
import { useDrawsT } from './i18n';

type Row = NonNullable<PublicDrawsResult['publicDraws']>[number];

/** On an organisation's public page: its draws from the commit on — committed (commitment
 * published before the reveal), published and voided (no login). */
export function PublicDraws({ code }: { code: string }) {
  const { t } = useDrawsT();
  const { data, loading, error } = useQuery(PublicDrawsQuery, { variables: { organisationCode: code }, fetchPolicy: 'network-only' });
  return (
    <Card title={t('draws.public.title')} style={{ marginBottom: 16 }} data-testid="public-draws">
      {error && <Alert type="error" showIcon title={t('draws.public.loadFailed')} description={error.message} />}
      <ResponsiveTable<Row>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.publicDraws ?? []}
        locale={{ emptyText: t('draws.public.none') }}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
        columns={[
          {
            title: t('draws.col.reference'),
            dataIndex: 'reference',
            render: (ref: string) => (
              <Link to={publicDrawPath(code, ref)} data-testid={`public-draw-${ref}`}>
                {ref}
              </Link>
            ),
          },
          { title: t('draws.col.task'), dataIndex: 'taskTitle' },
          { title: t('draws.col.year'), dataIndex: 'planYear', width: 80 },
          { title: t('draws.col.round'), dataIndex: 'roundNumber', width: 90, render: (n: number) => t('draws.col.roundN', { n }) },
          { title: t('draws.col.status'), dataIndex: 'status', render: (s: DrawStatus, d) => <DrawStatusTag status={s} t={t} testId={`draw-status-${d.reference}`} /> },
          { title: t('draws.col.targets'), key: 'targets', render: (_: unknown, d) => (d.recordUrl ? d.targetCount : '—') },
          { title: t('draws.col.teams'), key: 'teams', render: (_: unknown, d) => (d.recordUrl ? d.teamCount : '—') },
          {
            title: t('draws.commit.committedAt'),
            dataIndex: 'committedAt',
            render: (v: string | null) => fmtDateTime(v),
          },
          {
            title: t('draws.public.publishedAt'),
            key: 'at',
            render: (_: unknown, d) => fmtDateTime(d.voidedAt ?? d.publishedAt),
          },
          {
            title: t('draws.publish.download'),
            key: 'files',
            render: (_: unknown, d) => (
              <Space size="small">
                {d.commitUrl ? (
                  <a href={d.commitUrl} download data-testid={`public-commit-${d.reference}`}>
                    {t('draws.public.commitFile')}
                  </a>
                ) : null}
                {d.recordUrl ? <a href={d.recordUrl} download>JSON</a> : null}
                {!d.commitUrl && !d.recordUrl ? '—' : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
