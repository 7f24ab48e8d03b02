import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Empty, Input, Modal, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import type { InspectionReportsQuery as ReportsResult } from '../../gql/graphql';
import { InspectionReportReviewMutation, InspectionReportsQuery } from '../../graphql/inspections';
import { usePunct } from '../../i18n';
import { useOrg } from '../../orgContext';
import { DocumentJob } from './DocumentJob';
import { fmtDate, fmtDateTime, ReportStatusTag, useCanReview } from './format';
import { useInspT, type InspT } from './i18n';

type Report = NonNullable<NonNullable<NonNullable<ReportsResult['inspectionReports']>['edges'][number]>['node']>;

/**
 * /o/:code/publication — 结果公示: the reviewer's queue (待审核 → 退回 / 已公示) and the
 * reviewed results with their 20-working-day publication clock.
 */
export function PublicationPage() {
  const { t } = useInspT();
  const p = usePunct();
  const { code } = useOrg();
  const { message } = App.useApp();
  const canReview = useCanReview();
  const [tab, setTab] = useState<'queue' | 'done'>('queue');
  const [returning, setReturning] = useState<Report | null>(null);
  const [reason, setReason] = useState('');
  const { data, loading, error, refetch } = useQuery(InspectionReportsQuery, {
    variables: { status: tab === 'queue' ? 'PENDING' : null, first: 100 },
    context: orgScope(code),
    fetchPolicy: 'cache-and-network',
  });
  const [review, { loading: reviewing }] = useMutation(InspectionReportReviewMutation, { context: orgScope(code) });
  const rows = (data?.inspectionReports?.edges ?? [])
    .flatMap((e) => (e?.node ? [e.node] : []))
    .filter((r) => tab === 'queue' || r.status !== 'PENDING');

  const decide = async (report: Report, decision: 'APPROVE' | 'RETURN', comment?: string) => {
    try {
      const result = await review({ variables: { id: report.id, decision, comment } });
      const errs = result.data?.inspectionReportReview?.errors ?? [];
      if (errs.length) {
        message.error(errs[0].message);
        return false;
      }
      message.success(decision === 'APPROVE' ? t('pub.approved') : t('pub.returnedDone'));
      void refetch();
      return true;
    } catch (e) {
      message.error(`${t('common.failed')}${p.colon}${(e as Error).message}`);
      return false;
    }
  };

  return (
    <div data-testid="publication-page" className="suiji-inspections">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('pub.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('pub.explain')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12, maxWidth: 520 }} data-testid="results-export">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('doc.exportExplain')}
        </Typography.Paragraph>
        <DocumentJob code={code} kind="EXPORT" />
      </Card>
      <Segmented
        value={tab}
        onChange={(v) => setTab(v as 'queue' | 'done')}
        options={[
          { value: 'queue', label: t('pub.queue') },
          { value: 'done', label: t('pub.done') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="publication-tabs"
      />
      {!canReview && <Alert type="info" showIcon title={t('pub.noPermission')} style={{ marginBottom: 12 }} />}
      {error && <Alert type="error" showIcon title={t('insp.loadFailed')} description={error.message} />}
      {loading && !data ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty description={t('pub.empty')} />
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {rows.map((r) => (
            <Card
              key={r.id}
              data-testid="report-card"
              title={<span style={{ whiteSpace: 'normal' }}>{r.inspection.targetName}</span>}
              extra={<ReportStatusTag status={r.status} t={t} />}
            >
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text type="secondary">
                  {r.inspection.targetCode} · {r.inspection.taskTitle}
                </Typography.Text>
                <Typography.Text>
                  {fmtDate(r.inspectedOn as string)} · {r.resultLabels.map((l) => <Tag key={l}>{l}</Tag>)}
                </Typography.Text>
                <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 4 }}>
                  {r.situation}
                </Typography.Paragraph>
                {r.submittedBy && (
                  <Typography.Text type="secondary">
                    {r.submittedBy} · {fmtDateTime(r.submittedAt as string)}
                  </Typography.Text>
                )}
                {r.publication && <Clock p={r.publication} t={t} />}
                {(r.status === 'APPROVED' || r.status === 'PUBLISHED') && (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <DocumentJob code={code} kind="NOTICE" inspectionId={r.inspection.id} />
                    <DocumentJob code={code} kind="RECORD" inspectionId={r.inspection.id} />
                  </Space>
                )}
                {r.status === 'PENDING' && canReview && (
                  <Space style={{ width: '100%' }} direction="vertical">
                    <Button type="primary" size="large" block loading={reviewing} onClick={() => void decide(r, 'APPROVE')} data-testid="report-approve">
                      {t('pub.approve')}
                    </Button>
                    <Button size="large" block onClick={() => setReturning(r)} data-testid="report-return">
                      {t('pub.return')}
                    </Button>
                  </Space>
                )}
              </Space>
            </Card>
          ))}
        </Space>
      )}
      <Modal
        open={returning !== null}
        title={t('pub.return')}
        onCancel={() => setReturning(null)}
        onOk={async () => {
          if (returning && (await decide(returning, 'RETURN', reason))) {
            setReturning(null);
            setReason('');
          }
        }}
        okText={t('pub.return')}
        cancelText={t('common.cancel')}
      >
        <Input.TextArea placeholder={t('pub.returnReason')} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="return-reason" />
      </Modal>
    </div>
  );
}

function Clock({ p, t }: { p: NonNullable<Report['publication']>; t: InspT }) {
  if (p.dueUnknown)
    return (
      <Tag color="warning" data-testid="publication-clock">
        {t('pub.dueUnknown', { year: p.unknownYear ?? '' })}
      </Tag>
    );
  return (
    <Space wrap data-testid="publication-clock">
      <Tag>{t('pub.due', { date: fmtDate(p.dueOn as string) })}</Tag>
      {p.publishedAt ? (
        <Tag color={p.late ? 'error' : 'success'}>
          {p.late ? t('pub.late') : t('pub.publishedAt', { at: fmtDateTime(p.publishedAt as string) })}
        </Tag>
      ) : p.overdue ? (
        <Tag color="error">{t('pub.overdue')}</Tag>
      ) : (
        <Tag color="processing">{t('pub.remaining', { n: p.remainingWorkingDays ?? 0 })}</Tag>
      )}
    </Space>
  );
}
