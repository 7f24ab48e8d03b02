import { useQuery } from '@apollo/client/react';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Layout, Result, Space, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PublicHeader } from '../../components/PublicHeader';
import { PublicDrawQuery } from '../../graphql/draws';
import { usePunct } from '../../i18n';
import { VerifyInBrowser } from '../../verifier/VerifyInBrowser';
import { PageSpin } from '../PageSpin';
import { WitnessTable } from './DrawWizard';
import type { PublicDrawQuery as PublicDrawResult } from '../../gql/graphql';
import { Chance, Digest, DrawStatusTag, fmtDateTime, publicDrawVariables } from './format';
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
        <Space wrap>
          <Button type="primary" icon={<DownloadOutlined />} href={recordUrl} download={file} data-testid="draw-download">
            {t('draws.public.download')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

type PublicDraw = NonNullable<PublicDrawResult['publicDraw']>;

/** What was public from the commit on: the commit record to keep, and the command that checks
 * the final record against it (docs/draw-record.md §12.6, §13). */
function CommitBox({ t, draw }: { t: DrawsT; draw: PublicDraw }) {
  if (!draw.commitUrl) return null;
  const commitFile = `${draw.reference}.commit.json`;
  return (
    <Card size="small" title={t('draws.public.commitTitle')} data-testid="public-draw-commit">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('draws.public.commitIntro')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code copyable>{`verify-draw --commit ${commitFile} ${draw.reference}.json`}</Typography.Text>
      </Typography.Paragraph>
      <Button icon={<DownloadOutlined />} href={draw.commitUrl} download={commitFile} data-testid="draw-commit-download">
        {t('draws.public.commitDownload')}
      </Button>
    </Card>
  );
}

function StrataTable({ t, draw }: { t: DrawsT; draw: PublicDraw }) {
  if (!draw.strata.length) return null;
  return (
    <Card size="small" title={t('draws.public.strata')}>
      <ResponsiveTable
        data-testid="public-draw-strata"
        size="small"
        rowKey={(s) => `${s.region}|${s.entityType}|${s.creditClass}`}
        dataSource={draw.strata}
        pagination={draw.strata.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('draws.preview.region'), dataIndex: 'region' },
          { title: t('draws.preview.entityType'), dataIndex: 'entityType' },
          { title: t('draws.preview.creditClass'), dataIndex: 'creditClass' },
          { title: t('draws.preview.available'), dataIndex: 'available', align: 'right' },
          { title: t('draws.preview.ratio'), key: 'ratio', align: 'right', render: (_: unknown, s) => <Chance value={s.ratio} /> },
          {
            title: t('draws.preview.probability'),
            key: 'probability',
            align: 'right',
            render: (_: unknown, s) => <Chance value={s.probability} testId="public-stratum-probability" />,
          },
        ]}
      />
    </Card>
  );
}

function InspectorChances({ t, draw }: { t: DrawsT; draw: PublicDraw }) {
  if (!draw.inspectorChances.length) return null;
  return (
    <Card size="small" title={t('draws.public.inspectors')} extra={<Typography.Text type="secondary">{t('draws.public.inspectorsHint')}</Typography.Text>}>
      <ResponsiveTable
        data-testid="public-draw-inspectors"
        size="small"
        rowKey={(r) => `${r.role}|${r.code}`}
        dataSource={draw.inspectorChances}
        pagination={draw.inspectorChances.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        columns={[
          { title: t('draws.public.col.code'), dataIndex: 'code' },
          { title: t('draws.public.col.role'), dataIndex: 'role', render: (r: string) => t(r === 'expert' ? 'draws.public.role.expert' : 'draws.public.role.officer') },
          { title: t('draws.public.col.department'), dataIndex: 'department' },
          { title: t('draws.preview.probability'), key: 'p', align: 'right', render: (_: unknown, r) => <Chance value={r.probability} /> },
        ]}
      />
    </Card>
  );
}

function bp(n: number | null | undefined): string {
  return n == null ? '—' : `${n / 100} %`;
}

/** /public/:code/draws/:id (its reference, or its public ID) — a draw from its commit on (commitment, digests, parameters, strata
 * with each entity's chance), and once published its result and record; no login. */
export function PublicDrawPage() {
  const { t } = useDrawsT();
  const p = usePunct();
  const { code = '', id = '' } = useParams();
  const [page, setPage] = useState(1);
  const { data, previousData, loading, error } = useQuery(PublicDrawQuery, {
    variables: { ...publicDrawVariables(code, id), offset: (page - 1) * TARGET_PAGE_SIZE, limit: TARGET_PAGE_SIZE },
    fetchPolicy: 'network-only',
  });
  const draw = (data ?? previousData)?.publicDraw;
  const back = <Link to={`/public/${encodeURIComponent(code)}`}>{t('draws.public.back')}</Link>;
  // A committed draw is public before the reveal; its result once published (or voided).
  const revealed = Boolean(draw?.seed || draw?.recordUrl);

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
            title={`${t('draws.void.banner')}${p.colon}${draw.voidReason ?? ''}`}
            description={`${t('draws.public.voidedAt')}${p.colon}${fmtDateTime(draw.voidedAt)}`}
          />
        )}
        <CommitBox t={t} draw={draw} />
        {revealed ? (
          <>
            <VerifyBox t={t} recordUrl={draw.recordUrl} reference={draw.reference} />
            <VerifyInBrowser recordUrl={draw.recordUrl} reference={draw.reference} />
          </>
        ) : (
          <Alert type="info" showIcon title={t('draws.public.notRevealed')} data-testid="public-draw-not-revealed" />
        )}
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} title={t('draws.public.params')}>
          <Descriptions.Item label={t('draws.public.org')}>
            {draw.organisationName}{p.paren(draw.organisationCode)}
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.col.task')}>{draw.taskTitle}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.year')}>{draw.planYear}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.round')}>{t('draws.col.roundN', { n: draw.roundNumber })}</Descriptions.Item>
          <Descriptions.Item label={t('draws.col.window')}>
            {draw.windowStart} ~ {draw.windowEnd}
          </Descriptions.Item>
          <Descriptions.Item label={t('draws.commit.poolSize')}>{draw.poolSize ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('draws.commit.excludedCount')}>{draw.excludedCount ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('draws.public.samplingMode')}>
            {t(draw.parametersSummary.samplingMode === 'count' ? 'draws.public.mode.count' : 'draws.public.mode.ratio')}
            {draw.parametersSummary.samplingMode === 'count'
              ? `${p.colon}${draw.parametersSummary.targetCount}`
              : `${p.colon}${bp(draw.parametersSummary.ratioBp)}`}
          </Descriptions.Item>
          {draw.parametersSummary.creditRatios.length > 0 && (
            <Descriptions.Item label={t('draws.public.creditRatios')}>
              {draw.parametersSummary.creditRatios.map((c) => `${c.creditClass} ${bp(c.ratioBp)}`).join(p.comma)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('draws.public.minPerStratum')}>{draw.parametersSummary.minPerStratum}</Descriptions.Item>
          {draw.parametersSummary.capBp != null && (
            <Descriptions.Item label={t('draws.public.cap')}>{bp(draw.parametersSummary.capBp)}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('draws.public.format')}>{draw.recordFormat}</Descriptions.Item>
          {revealed && <Descriptions.Item label={t('draws.col.targets')}>{draw.targetCount}</Descriptions.Item>}
          {revealed && <Descriptions.Item label={t('draws.col.teams')}>{draw.teamCount}</Descriptions.Item>}
          {revealed && <Descriptions.Item label={t('draws.recusals')}>{draw.recusalCount}</Descriptions.Item>}
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
        <StrataTable t={t} draw={draw} />
        <Card size="small" title={t('draws.public.witnesses')}>
          <WitnessTable t={t} witnesses={draw.witnesses} />
        </Card>
        {revealed && (
          <DrawResult
            t={t}
            targets={{ t, items: draw.targets.items, total: draw.targets.totalCount, page, loading, onPage: setPage }}
            teams={draw.teams}
            recusals={draw.recusals}
          />
        )}
        <InspectorChances t={t} draw={draw} />
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
