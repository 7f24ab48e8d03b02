import { useQuery } from '@apollo/client/react';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Layout, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PublicHeader } from '../../components/PublicHeader';
import { PublicDrawQuery } from '../../graphql/draws';
import { VerifyInBrowser } from '../../verifier/VerifyInBrowser';
import { PageSpin } from '../PageSpin';
import { WitnessTable } from './DrawWizard';
import { Digest, DrawStatusTag, fmtDateTime } from './format';
import { useDrawsT, type DrawsT } from './i18n';
import { DrawResult, TARGET_PAGE_SIZE } from './ResultTables';

/** The "如何验证" box: download the record and run the offline verifier. */
export function VerifyBox({ t, recordUrl, reference }: { t: DrawsT; recordUrl: string | null; reference: string }) {
  const file = `${reference}.json`;
  return (
    <Card size="small" title={<><SafetyCertificateOutlined /> {t('draws.public.verifyTitle')}</>} data-testid="draw-verify">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('draws.public.verify1')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code copyable>{`verify-draw ${file}`}</Typography.Text>
        {'  →  '}
        <Typography.Text code>PASS</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: recordUrl ? 8 : 0 }}>
        {t('draws.public.verify2')}
      </Typography.Paragraph>
      {recordUrl && (
        <Button type="primary" icon={<DownloadOutlined />} href={recordUrl} download={file} data-testid="draw-download">
          {t('draws.public.download')}
        </Button>
      )}
    </Card>
  );
}

/** /public/:code/draws/:id — a published (or voided) draw record, readable without login. */
export function PublicDrawPage() {
  const { t } = useDrawsT();
  const { code = '', id = '' } = useParams();
  const [page, setPage] = useState(1);
  const { data, previousData, loading, error } = useQuery(PublicDrawQuery, {
    variables: { id, offset: (page - 1) * TARGET_PAGE_SIZE, limit: TARGET_PAGE_SIZE },
    fetchPolicy: 'network-only',
  });
  const draw = (data ?? previousData)?.publicDraw;
  const back = <Link to={`/public/${encodeURIComponent(code)}`}>{t('draws.public.back')}</Link>;

  let body;
  if (loading && !draw) body = <PageSpin />;
  else if (!draw)
    body = <Result status="404" title={t('draws.public.notFound')} subTitle={error?.message} extra={back} />;
  else
    body = (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="public-draw">
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="public-draw-reference">
            {draw.reference}
          </Typography.Title>
          <DrawStatusTag status={draw.status} t={t} />
          <Typography.Text type="secondary">{draw.organisationName}</Typography.Text>
        </Space>
        {draw.status === 'VOIDED' && (
          <Alert
            type="error"
            showIcon
            data-testid="public-draw-void"
            title={`${t('draws.void.banner')}：${draw.voidReason ?? ''}`}
            description={`${t('draws.public.voidedAt')}：${fmtDateTime(draw.voidedAt)}`}
          />
        )}
        <VerifyBox t={t} recordUrl={draw.recordUrl} reference={draw.reference} />
        <VerifyInBrowser recordUrl={draw.recordUrl} reference={draw.reference} />
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} title={t('draws.public.params')}>
          <Descriptions.Item label={t('draws.public.org')}>
            {draw.organisationName}（{draw.organisationCode}）
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.col.task')}>{draw.taskTitle}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.year')}>{draw.planYear}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.round')}>{t('draws.col.roundN', { n: draw.roundNumber })}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.window')}>
            {draw.windowStart} ~ {draw.windowEnd}
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.commit.poolSize')}>{draw.poolSize ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('draws.commit.excludedCount')}>{draw.excludedCount ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.targets')}>{draw.targetCount}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.teams')}>{draw.teamCount}</Descriptions.Item>
          <Descriptions.Item label={t('draws.recusals')}>{draw.recusalCount}</Descriptions.Item>
          <Descriptions.Item label={t('draws.commit.committedAt')}>{fmtDateTime(draw.committedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('draws.reveal.executedAt')}>{fmtDateTime(draw.executedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('draws.public.publishedAt')}>{fmtDateTime(draw.publishedAt)}</Descriptions.Item>
          {draw.status === 'VOIDED' && (
            <Descriptions.Item label={t('draws.public.voidReason')}>{draw.voidReason ?? '—'}</Descriptions.Item>
          )}
        </Descriptions>
        <Descriptions size="small" bordered column={1} title={t('draws.public.digests')}>
          <Descriptions.Item label={t('draws.commit.poolDigest')}>
            <Digest value={draw.poolDigest} />
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.commit.exclusionsDigest')}>
            <Digest value={draw.exclusionsDigest} />
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.commit.commitment')}>
            <Digest value={draw.commitment} testId="public-draw-commitment" />
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.reveal.secret')}>
            <Digest value={draw.revealedSecret} testId="public-draw-secret" />
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.reveal.seed')}>
            <Digest value={draw.seed} testId="public-draw-seed" />
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.reveal.resultDigest')}>
            <Digest value={draw.resultDigest} />
          </Descriptions.Item>
        </Descriptions>
        <Card size="small" title={t('draws.public.witnesses')}>
          <WitnessTable t={t} witnesses={draw.witnesses} />
        </Card>
        <DrawResult
          t={t}
          targets={{ t, items: draw.targets.items, total: draw.targets.totalCount, page, loading, onPage: setPage }}
          teams={draw.teams}
          recusals={draw.recusals}
        />
        {back}
      </Space>
    );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content className="suiji-content">
        <div className="suiji-page">{body}</div>
      </Layout.Content>
    </Layout>
  );
}
