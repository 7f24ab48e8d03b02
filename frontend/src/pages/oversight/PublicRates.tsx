import { useQuery } from '@apollo/client/react';
import { Card, Select, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { PublicOversightRatesQuery } from '../../graphql/oversight';
import { pct } from './format';
import { useOversightT } from './i18n';

/** 公开抽查工作情况 (D30): the same figures as the prefecture's dashboard, without personal data. */
export function PublicRates({ code }: { code: string }) {
  const { t } = useOversightT();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const { data } = useQuery(PublicOversightRatesQuery, { variables: { organisationCode: code, year }, fetchPolicy: 'cache-and-network' });
  const r = data?.publicOversightRates;
  return (
    <Card
      size="small"
      title={t('ov.public.title')}
      style={{ marginBottom: 16 }}
      data-testid="public-rates"
      extra={
        <Select
          size="small"
          value={year}
          onChange={setYear}
          options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: t('ov.yearN', { year: y }) }))}
        />
      }
    >
      {r && (
        <Space wrap size={32}>
          <Statistic title={t('ov.public.plan')} value={r.planPublished ? t('ov.public.planPublished', { version: r.planVersion ?? '' }) : t('ov.public.planNot')} />
          <Statistic title={t('ov.public.done')} value={r.inspectionsDone} suffix={t('ov.items')} />
          <div data-testid="public-published">
            <Statistic title={t('ov.public.published')} value={r.resultsPublished} suffix={t('ov.items')} />
          </div>
          <div data-testid="public-on-time-rate">
            <Statistic title={t('ov.public.onTimeRate')} value={pct(r.onTimeRate)} />
          </div>
          <div data-testid="public-late">
            <Statistic title={t('ov.public.late')} value={r.late} suffix={t('ov.items')} />
          </div>
        </Space>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('ov.public.explain')}
      </Typography.Paragraph>
    </Card>
  );
}
