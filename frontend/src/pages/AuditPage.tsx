import { useQuery } from '@apollo/client/react';
import { Alert, Button, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { orgScope } from '../apollo';
import { AuditRecordsQuery } from '../graphql/operations';
import { useI18n } from '../i18n';
import { useOrg } from '../orgContext';
import { objectTypeLabel, operationLabel } from './audit/labels';

const PAGE_SIZE = 50;

/** /o/:code/audit — the organisation's hash-chained audit log, when the user may read it. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const { code } = useOrg();
  // Cursors of the pages visited so far; the last one is the current page's `after`.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const { data, loading, error } = useQuery(AuditRecordsQuery, {
    variables: { first: PAGE_SIZE, after },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });

  const connection = data?.auditRecords ?? null;
  const rows = (connection?.edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : []));

  return (
    <div data-testid="audit-page">
      <Typography.Title level={3}>{t('nav.audit')}</Typography.Title>
      {error ? (
        <Alert type="error" showIcon title={t('audit.denied')} description={error.message} data-testid="audit-error" />
      ) : (
        <>
          <Table
            rowKey="id"
            size="small"
            loading={loading}
            dataSource={rows}
            pagination={false}
            columns={[
              { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
              {
                title: t('audit.at'),
                dataIndex: 'at',
                width: 200,
                render: (at: string) => (dayjs(at).isValid() ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : at),
              },
              { title: t('audit.actor'), dataIndex: 'actor', render: (actor: string | null) => actor || '—' },
              {
                title: t('audit.operation'),
                dataIndex: 'operation',
                render: (op: string) => <span title={op}>{operationLabel(op, lang)}</span>,
              },
              {
                title: t('audit.objectType'),
                dataIndex: 'objectType',
                render: (type: string) => <span title={type}>{objectTypeLabel(type, lang)}</span>,
              },
              { title: t('audit.objectId'), dataIndex: 'objectId' },
            ]}
          />
          <Space style={{ marginTop: 16 }}>
            <Button disabled={cursors.length <= 1 || loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
              ‹
            </Button>
            <Button
              disabled={!connection?.pageInfo.hasNextPage || loading}
              onClick={() => {
                const end = connection?.pageInfo.endCursor;
                if (end) setCursors((c) => [...c, end]);
              }}
            >
              ›
            </Button>
          </Space>
        </>
      )}
    </div>
  );
}
