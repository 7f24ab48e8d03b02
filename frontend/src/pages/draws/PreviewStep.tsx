import { useQuery } from '@apollo/client/react';
import { Alert, Card, Col, Row, Select, Space, Statistic, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import type { ExclusionReason } from '../../gql/graphql';
import { DrawPreviewQuery } from '../../graphql/draws';
import { usePunct } from '../../i18n';
import { useNoticeTexts } from '../../notices';
import { Chance, quotaRange } from './format';
import type { DrawsT } from './i18n';

const EXCLUDED_PAGE = 20;
const REASONS: ExclusionReason[] = ['INACTIVE', 'NOT_BUILDING', 'TARGETED', 'INSPECTED', 'VISIT_CAP'];
const REASON_COLORS: Record<ExclusionReason, string> = {
  INACTIVE: 'default',
  NOT_BUILDING: 'gold',
  TARGETED: 'magenta',
  INSPECTED: 'blue',
  VISIT_CAP: 'orange',
};

/** Step 1 (预览): pool counts per stratum and every excluded entity with its reason (paged). */
export function PreviewStep({ t, orgCode, drawId, frozen }: { t: DrawsT; orgCode: string; drawId: string; frozen: boolean }) {
  const p = usePunct();
  const [page, setPage] = useState(1);
  const [reason, setReason] = useState<ExclusionReason | undefined>();
  const { data, previousData, loading, error } = useQuery(DrawPreviewQuery, {
    variables: { id: drawId, offset: (page - 1) * EXCLUDED_PAGE, limit: EXCLUDED_PAGE, reason: reason ?? null },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const preview = (data ?? previousData)?.draw?.preview;
  const warnings = useNoticeTexts(preview?.notices, preview?.warnings ?? []);
  if (error && !preview) return <Alert type="error" showIcon title={t('draws.loadFailed')} description={error.message} />;
  const excludedTotal = preview?.excludedByReason.reduce((n, r) => n + r.count, 0) ?? 0;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="draw-preview">
      <Alert type={frozen ? 'success' : 'info'} showIcon title={frozen ? t('draws.preview.frozen') : t('draws.preview.live')} />
      {warnings.map((w) => (
        <Alert key={w} type="warning" showIcon title={w} />
      ))}
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={t('draws.preview.pool')} value={preview?.poolSize ?? '—'} loading={loading && !preview} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('draws.preview.targets')}
            value={preview ? quotaRange(preview.targetsMin, preview.targets) : '—'}
            loading={loading && !preview}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('draws.preview.teams')} value={preview?.teams ?? '—'} loading={loading && !preview} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('draws.preview.excluded')} value={preview ? excludedTotal : '—'} loading={loading && !preview} />
        </Col>
      </Row>
      <Card size="small" title={t('draws.preview.strata')}>
        <Table
          data-testid="draw-strata"
          size="small"
          loading={loading && !preview}
          rowKey={(s) => `${s.region}|${s.entityType}|${s.creditClass}`}
          dataSource={preview?.strata ?? []}
          pagination={(preview?.strata.length ?? 0) > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          columns={[
            { title: t('draws.preview.region'), dataIndex: 'region' },
            { title: t('draws.preview.entityType'), dataIndex: 'entityType' },
            { title: t('draws.preview.creditClass'), dataIndex: 'creditClass' },
            { title: t('draws.preview.available'), dataIndex: 'available', align: 'right' },
            {
              title: t('draws.preview.ratio'),
              key: 'ratio',
              align: 'right',
              render: (_: unknown, s) => <Chance value={s.ratio} />,
            },
            {
              title: <Tooltip title={t('draws.preview.probabilityHint')}>{t('draws.preview.probability')}</Tooltip>,
              key: 'probability',
              align: 'right',
              render: (_: unknown, s) => <Chance value={s.probability} testId="stratum-probability" />,
            },
            {
              title: <Tooltip title={t('draws.preview.quotaHint')}>{t('draws.preview.quota')}</Tooltip>,
              key: 'quota',
              align: 'right',
              render: (_: unknown, s) => quotaRange(s.quotaMin, s.quota),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('draws.preview.excludedList')}
        extra={
          <Select<ExclusionReason | undefined>
            allowClear
            size="small"
            style={{ width: 260 }}
            placeholder={t('draws.preview.reasonAll')}
            value={reason}
            onChange={(v) => {
              setReason(v);
              setPage(1);
            }}
            options={REASONS.map((r) => {
              const n = preview?.excludedByReason.find((x) => x.reason === r)?.count ?? 0;
              return { value: r, label: `${t(`draws.reason.${r}`)}${p.paren(n)}` };
            })}
            data-testid="draw-excluded-reason"
          />
        }
      >
        <Table
          data-testid="draw-excluded"
          size="small"
          loading={loading}
          rowKey={(e) => `${e.code}|${e.reason}`}
          dataSource={preview?.excluded.items ?? []}
          locale={{ emptyText: t('draws.preview.noneExcluded') }}
          pagination={{
            current: page,
            pageSize: EXCLUDED_PAGE,
            total: preview?.excluded.totalCount ?? 0,
            showSizeChanger: false,
            onChange: setPage,
          }}
          columns={[
            { title: t('draws.preview.code'), dataIndex: 'code' },
            {
              title: t('draws.preview.reason'),
              dataIndex: 'reason',
              render: (r: ExclusionReason) => <Tag color={REASON_COLORS[r]}>{t(`draws.reason.${r}`)}</Tag>,
            },
            { title: t('draws.preview.region'), dataIndex: 'region' },
            { title: t('draws.preview.entityType'), dataIndex: 'entityType' },
            { title: t('draws.preview.creditClass'), dataIndex: 'creditClass' },
          ]}
        />
      </Card>
    </Space>
  );
}
