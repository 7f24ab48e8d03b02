import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Descriptions, Input, Result, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import {
  RectificationOrderQuery,
  RespondRectificationOrderMutation,
  ReviewRectificationOrderMutation,
} from '../../graphql/oversight';
import { useOrg } from '../../orgContext';
import { PageSpin } from '../PageSpin';
import { fmtDate, fmtDateTime, ORDER_STATUS_COLOR } from './format';

/** /o/:code/oversight/orders/:orderId — one order, its history; the county answers, the prefecture reviews. */
export function OrderPage() {
  const { code } = useOrg();
  const { can } = usePermissions();
  const { message } = App.useApp();
  const { orderId = '' } = useParams();
  const id = Number.parseInt(orderId, 10);
  const { data, loading, error, refetch } = useQuery(RectificationOrderQuery, {
    variables: { id },
    context: orgScope(code),
    skip: !Number.isFinite(id) || id <= 0,
  });
  const [respond, { loading: responding }] = useMutation(RespondRectificationOrderMutation, { context: orgScope(code) });
  const [review, { loading: reviewing }] = useMutation(ReviewRectificationOrderMutation, { context: orgScope(code) });
  const [response, setResponse] = useState('');
  const [evidence, setEvidence] = useState('');
  const [comment, setComment] = useState('');
  const [formError, setFormError] = useState('');
  const order = data?.rectificationOrder;

  if (loading && !data) return <PageSpin />;
  if (error) return <Alert type="error" showIcon title={error.message} />;
  if (!order) return <Result status="404" title="未找到该整改通知" extra={<Link to={`/o/${code}/oversight/orders`}>返回</Link>} />;

  const canAnswer = can('ANSWER_RECTIFICATION') && order.countyCode === code && ['issued', 'returned'].includes(order.status);
  const canReview = can('ISSUE_RECTIFICATION') && order.issuerCode === code && order.status === 'responded';

  const sendResponse = async () => {
    const result = await respond({
      variables: {
        orderId: order.id,
        response,
        evidence: evidence.split('\n').map((s) => s.trim()).filter(Boolean),
      },
    });
    const errs = result.data?.respondRectificationOrder?.errors ?? [];
    if (errs.length) {
      setFormError(errs.map((e) => e.message).join('；'));
      return;
    }
    setFormError('');
    message.success('已反馈整改情况');
    void refetch();
  };
  const decide = async (accept: boolean) => {
    const result = await review({ variables: { orderId: order.id, accept, comment } });
    const errs = result.data?.reviewRectificationOrder?.errors ?? [];
    if (errs.length) {
      setFormError(errs.map((e) => e.message).join('；'));
      return;
    }
    setFormError('');
    message.success(accept ? '已验收通过' : '已退回重新整改');
    void refetch();
  };

  return (
    <div data-testid="order-page">
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to={`/o/${code}/oversight/orders`}>← 全部整改通知</Link>
      </Space>
      <Typography.Title level={4}>
        督促整改通知 {order.reference}{' '}
        <Tag color={ORDER_STATUS_COLOR[order.status]} data-testid="order-status">
          {order.statusLabel}
        </Tag>
        {order.overdue && <Tag color="red">已逾期</Tag>}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="签发机关">{order.issuerName}</Descriptions.Item>
        <Descriptions.Item label="整改单位">{order.countyName}</Descriptions.Item>
        <Descriptions.Item label="年度">{order.year}</Descriptions.Item>
        <Descriptions.Item label="整改期限">
          {order.deadlineDays}个工作日（{order.dueOn ? `${fmtDate(order.dueOn)}前` : '节假日安排未录入，截止日期待定'}）
        </Descriptions.Item>
        <Descriptions.Item label="存在的问题" span={2}>
          {order.problem}
        </Descriptions.Item>
        <Descriptions.Item label="依据" span={2}>
          {order.legalBasis}
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title="办理经过" style={{ marginBottom: 16 }}>
        <Timeline
          items={order.events.map((e) => ({
            color: e.kind === 'accepted' ? 'green' : e.kind === 'returned' || e.kind === 'escalated' ? 'red' : 'blue',
            children: (
              <div>
                <strong>{e.kindLabel}</strong> · {fmtDateTime(e.at)} · {e.organisationCode} {e.actor}
                {e.text && <div style={{ whiteSpace: 'pre-wrap' }}>{e.text}</div>}
                {e.evidence.length > 0 && <div>佐证材料：{e.evidence.join('；')}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      {canAnswer && (
        <Card size="small" title="反馈整改情况" data-testid="order-respond">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={3} placeholder="整改措施和结果" value={response} onChange={(e) => setResponse(e.target.value)} data-testid="respond-text" />
            <Input.TextArea rows={2} placeholder="佐证材料（每行一项：文件名、文号或链接）" value={evidence} onChange={(e) => setEvidence(e.target.value)} data-testid="respond-evidence" />
            <Button type="primary" loading={responding} onClick={() => void sendResponse()} data-testid="respond-submit">
              提交反馈
            </Button>
          </Space>
        </Card>
      )}
      {canReview && (
        <Card size="small" title="审核整改反馈" data-testid="order-review">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={2} placeholder="意见（退回时必填）" value={comment} onChange={(e) => setComment(e.target.value)} />
            <Space>
              <Button type="primary" loading={reviewing} onClick={() => void decide(true)} data-testid="review-accept">
                验收通过
              </Button>
              <Button danger loading={reviewing} onClick={() => void decide(false)} data-testid="review-return">
                退回重新整改
              </Button>
            </Space>
          </Space>
        </Card>
      )}
    </div>
  );
}
