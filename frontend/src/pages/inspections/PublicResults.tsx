import { useQuery } from '@apollo/client/react';
import { Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { PublicResultsQuery } from '../../graphql/inspections';
import { usePunct } from '../../i18n';
import { fmtDate } from './format';
import { useInspT } from './i18n';

/**
 * The portal's published results (一检查一通报), searchable by USCC or the start of the name:
 * "was my company inspected, and what was found?". Anonymous (`/graphql/`).
 */
const PAGE = 20;

export function PublicResults({ code }: { code?: string }) {
  const { t } = useInspT();
  const p = usePunct();
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  // one more than a page: tells whether a next page exists without counting 1,000,000 rows
  const { data, loading } = useQuery(PublicResultsQuery, {
    variables: { query, organisationCode: code ?? null, first: PAGE + 1, offset },
    fetchPolicy: 'cache-and-network',
  });
  const all = data?.publicResults ?? [];
  const rows = all.slice(0, PAGE);
  const hasNext = all.length > PAGE;
  return (
    <Card title={t('pr.title')} style={{ marginBottom: 16 }} data-testid="public-results">
      <Input.Search
        allowClear
        size="large"
        placeholder={t('pr.search')}
        onSearch={(v) => {
          setQuery(v.trim());
          setOffset(0);
        }}
        style={{ marginBottom: 12 }}
        data-testid="public-results-search"
      />
      <List
        loading={loading && !data}
        dataSource={rows}
        locale={{ emptyText: <Empty description={t('pr.empty')} /> }}
        renderItem={(r) => (
          <List.Item data-testid="public-result">
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text strong>{r.entityName}</Typography.Text>
              <Typography.Text type="secondary">{r.uscc}</Typography.Text>
              <Typography.Text>
                {t('pr.result')}{p.colon}
                {r.resultLabels.map((l) => (
                  <Tag key={l} color={l === '未发现问题' ? 'success' : 'warning'}>
                    {l}
                  </Tag>
                ))}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('pr.task')}{p.colon}{r.planTitle} · {r.taskTitle}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('pr.items')}{p.colon}{r.items.map((i) => i.name).join(p.sep)}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('pr.body')}{p.colon}{r.inspectingBody} · {t('pr.date')}{p.colon}{fmtDate(r.inspectedOn as string)}
              </Typography.Text>
              <Typography.Link href={r.pdfUrl} target="_blank" rel="noopener" data-testid="public-result-pdf">
                {t('pr.pdf')}
              </Typography.Link>
            </Space>
          </List.Item>
        )}
      />
      {(offset > 0 || hasNext) && (
        <Space style={{ marginTop: 12 }} data-testid="public-results-pager">
          <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('pr.prev')}
          </Button>
          <Button disabled={!hasNext} onClick={() => setOffset(offset + PAGE)} data-testid="public-results-next">
            {t('pr.next')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
