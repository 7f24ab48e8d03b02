import { useQuery } from '@apollo/client/react';
import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { orgScope } from '../../apollo';
import { RectificationOrdersQuery } from '../../graphql/oversight';
import { useOrg } from '../../orgContext';
import { fmtDate, ORDER_STATUS_COLOR } from './format';
import { useOversightT } from './i18n';

/** Rectification orders: those the prefecture issued, or those the county received (cards, also on phones). */
export function OrdersList() {
  const { code } = useOrg();
  const { t } = useOversightT();
  const { data, loading, error } = useQuery(RectificationOrdersQuery, {
    context: orgScope(code),
    fetchPolicy: 'cache-and-network',
  });
  const orders = data?.rectificationOrders ?? [];
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!loading && orders.length === 0) return <Empty description={t('ov.orders.empty')} />;
  return (
    <List
      loading={loading}
      dataSource={orders}
      grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
      data-testid="orders-list"
      renderItem={(o) => (
        <List.Item>
          <Link to={`/o/${code}/oversight/orders/${o.id}`} data-testid={`order-${o.reference}`}>
            <Card size="small" hoverable title={o.reference} extra={<Tag color={ORDER_STATUS_COLOR[o.status]}>{o.statusLabel}</Tag>}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Typography.Text strong>{o.countyName}</Typography.Text>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                  {o.problem}
                </Typography.Paragraph>
                <Typography.Text type="secondary">
                  {t('ov.orders.deadline', { deadline: o.dueOn ? fmtDate(o.dueOn) : t('ov.orders.days', { n: o.deadlineDays }) })}
                  {o.overdue && <Tag color="red" style={{ marginLeft: 8 }}>{t('ov.overdue')}</Tag>}
                </Typography.Text>
              </Space>
            </Card>
          </Link>
        </List.Item>
      )}
    />
  );
}
