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
import { useOversightT } from './i18n';

/** /o/:code/oversight/orders/:orderId — one order, its history; the county answers, the prefecture reviews. */
export function OrderPage() {
  const { code } = useOrg();
  const { t } = useOversightT();
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
  if (!order) return <Result status="404" title={t('ov.order.notFound')} extra={<Link to={`/o/${code}/oversight/orders`}>{t('ov.order.back')}</Link>} />;

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
      setFormError(errs.map((e) => e.message).join(t('ov.sep')));
      return;
    }
    setFormError('');
    message.success(t('ov.order.responded'));
    void refetch();
  };
  const decide = async (accept: boolean) => {
    const result = await review({ variables: { orderId: order.id, accept, comment } });
    const errs = result.data?.reviewRectificationOrder?.errors ?? [];
    if (errs.length) {
      setFormError(errs.map((e) => e.message).join(t('ov.sep')));
      return;
    }
    setFormError('');
    message.success(accept ? t('ov.order.accepted') : t('ov.order.returned'));
    void refetch();
  };

  return (
    <div data-testid="order-page">
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to={`/o/${code}/oversight/orders`}>{t('ov.order.all')}</Link>
      </Space>
      <Typography.Title level={4}>
        {t('ov.order.title', { reference: order.reference })}{' '}
        <Tag color={ORDER_STATUS_COLOR[order.status]} data-testid="order-status">
          {order.statusLabel}
        </Tag>
        {order.overdue && <Tag color="red">{t('ov.overdue')}</Tag>}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('ov.order.issuer')}>{order.issuerName}</Descriptions.Item>
        <Descriptions.Item label={t('ov.order.county')}>{order.countyName}</Descriptions.Item>
        <Descriptions.Item label={t('ov.year')}>{order.year}</Descriptions.Item>
        <Descriptions.Item label={t('ov.order.deadline')}>
          {order.dueOn ? t('ov.order.due', { days: order.deadlineDays, due: fmtDate(order.dueOn) }) : t('ov.order.dueUnknown', { days: order.deadlineDays })}
        </Descriptions.Item>
        <Descriptions.Item label={t('ov.order.problem')} span={2}>
          {order.problem}
        </Descriptions.Item>
        <Descriptions.Item label={t('ov.order.basis')} span={2}>
          {order.legalBasis}
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('ov.order.history')} style={{ marginBottom: 16 }}>
        <Timeline
          items={order.events.map((e) => ({
            color: e.kind === 'accepted' ? 'green' : e.kind === 'returned' || e.kind === 'escalated' ? 'red' : 'blue',
            children: (
              <div>
                <strong>{e.kindLabel}</strong> · {fmtDateTime(e.at)} · {e.organisationCode} {e.actor}
                {e.text && <div style={{ whiteSpace: 'pre-wrap' }}>{e.text}</div>}
                {e.evidence.length > 0 && <div>{t('ov.order.evidence', { list: e.evidence.join(t('ov.sep')) })}</div>}
              </div>
            ),
          }))}
        />
      </Card>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      {canAnswer && (
        <Card size="small" title={t('ov.order.respond')} data-testid="order-respond">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={3} placeholder={t('ov.order.responseHint')} value={response} onChange={(e) => setResponse(e.target.value)} data-testid="respond-text" />
            <Input.TextArea rows={2} placeholder={t('ov.order.evidenceHint')} value={evidence} onChange={(e) => setEvidence(e.target.value)} data-testid="respond-evidence" />
            <Button type="primary" loading={responding} onClick={() => void sendResponse()} data-testid="respond-submit">
              {t('ov.order.submit')}
            </Button>
          </Space>
        </Card>
      )}
      {canReview && (
        <Card size="small" title={t('ov.order.review')} data-testid="order-review">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={2} placeholder={t('ov.order.commentHint')} value={comment} onChange={(e) => setComment(e.target.value)} />
            <Space>
              <Button type="primary" loading={reviewing} onClick={() => void decide(true)} data-testid="review-accept">
                {t('ov.order.accept')}
              </Button>
              <Button danger loading={reviewing} onClick={() => void decide(false)} data-testid="review-return">
                {t('ov.order.return')}
              </Button>
            </Space>
          </Space>
        </Card>
      )}
    </div>
  );
}
