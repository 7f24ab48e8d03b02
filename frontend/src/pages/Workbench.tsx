import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Card, Col, Empty, List, Row, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { orgScope } from '../apollo';
import { MarkNotificationsReadMutation, UnreadNotificationsQuery, WorkbenchQuery } from '../graphql/oversight';
import { useI18n } from '../i18n';
import { useOrg } from '../orgContext';
import { fmtDateTime } from './oversight/format';
import { WORK_ITEMS_EN, workYearsEn } from './oversight/i18n';

/** 工作台: what waits for the signed-in user here (counts and links) and the in-app notifications. */
export function Workbench() {
  const { code } = useOrg();
  const { t, lang } = useI18n();
  const en = lang === 'en-US';
  const { data, loading, error } = useQuery(WorkbenchQuery, { context: orgScope(code), fetchPolicy: 'cache-and-network' });
  const items = data?.workbench.items ?? [];
  const notes = data?.workbench.notifications ?? [];
  const unread = data?.workbench.unreadNotifications ?? 0;
  const waiting = items.filter((i) => i.count > 0);
  const [markRead, marking] = useMutation(MarkNotificationsReadMutation, {
    context: orgScope(code),
    refetchQueries: [WorkbenchQuery, UnreadNotificationsQuery],
    awaitRefetchQueries: true,
  });
  const markError = marking.data?.markNotificationsRead?.errors?.[0]?.message ?? marking.error?.message;
  return (
    <div data-testid="workbench">
      <Typography.Title level={4}>{t('org.home.title')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      {!loading && waiting.length === 0 && <Empty description={t('workbench.empty')} style={{ marginBottom: 16 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 24 }}>
        {items.map((i) => (
          <Col key={i.key} xs={12} sm={8} lg={6} xl={4}>
            {/* The cards of a row share its height, however their names wrap. */}
            <Link to={i.link} data-testid={`work-${i.key}`} style={{ display: 'block', height: '100%' }}>
              <Card size="small" hoverable style={{ height: '100%' }}>
                <Space direction="vertical" size={0}>
                  <Typography.Text type="secondary">{en ? WORK_ITEMS_EN[i.key] ?? i.label : i.label}</Typography.Text>
                  <Typography.Text strong style={{ fontSize: 24, color: i.count ? '#1677ff' : '#bfbfbf' }} data-testid={`work-count-${i.key}`}>
                    {i.count}
                  </Typography.Text>
                  {i.hint && (
                    <Typography.Text type="secondary">{en && i.years.length > 0 ? workYearsEn(i.years) : i.hint}</Typography.Text>
                  )}
                </Space>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
      {notes.length > 0 && (
        <Card
          size="small"
          title={
            <Space>
              {t('workbench.notes')}
              {unread > 0 && <Badge count={unread} data-testid="workbench-unread" />}
            </Space>
          }
          extra={
            unread > 0 && (
              <Button size="small" loading={marking.loading} onClick={() => markRead({ variables: {} })} data-testid="notes-read-all">
                {t('workbench.readAll')}
              </Button>
            )
          }
          style={{ marginBottom: 24 }}
        >
          {markError && <Alert type="error" showIcon title={markError} style={{ marginBottom: 8 }} />}
          <List
            size="small"
            dataSource={notes}
            renderItem={(n) => (
              <List.Item
                data-testid={`note-${n.id}`}
                actions={
                  n.read
                    ? []
                    : [
                        <Button key="read" type="link" size="small" onClick={() => markRead({ variables: { ids: [n.id] } })} data-testid={`note-read-${n.id}`}>
                          {t('workbench.read')}
                        </Button>,
                      ]
                }
              >
                <Space wrap>
                  {!n.read && <Badge status="processing" />}
                  {n.link ? (
                    <Link to={n.link} onClick={() => !n.read && markRead({ variables: { ids: [n.id] } })}>
                      {n.message}
                    </Link>
                  ) : (
                    <Typography.Text strong={!n.read}>{n.message}</Typography.Text>
                  )}
                  <Typography.Text type="secondary">{fmtDateTime(n.createdAt)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}
