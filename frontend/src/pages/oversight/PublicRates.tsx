import { useQuery } from '@apollo/client/react';
import { Card, Select, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { PublicOversightRatesQuery } from '../../graphql/oversight';
import { pct } from './format';

/** 公开抽查工作情况 (D30): the same figures as the prefecture's dashboard, without personal data. */
export function PublicRates({ code }: { code: string }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const { data } = useQuery(PublicOversightRatesQuery, { variables: { organisationCode: code, year }, fetchPolicy: 'cache-and-network' });
  const r = data?.publicOversightRates;
  return (
    <Card
      size="small"
      title="抽查工作情况"
      style={{ marginBottom: 16 }}
      data-testid="public-rates"
      extra={
        <Select
          size="small"
          value={year}
          onChange={setYear}
          options={[thisYear - 2, thisYear - 1, thisYear].map((y) => ({ value: y, label: `${y}年度` }))}
        />
      }
    >
      {r && (
        <Space wrap size={32}>
          <Statistic title="年度计划" value={r.planPublished ? `已公开（第${r.planVersion}版）` : '未公开'} />
          <Statistic title="已完成检查" value={r.inspectionsDone} suffix="项" />
          <div data-testid="public-published">
            <Statistic title="已公示结果" value={r.resultsPublished} suffix="项" />
          </div>
          <div data-testid="public-on-time-rate">
            <Statistic title="按时公示率" value={pct(r.onTimeRate)} />
          </div>
          <div data-testid="public-late">
            <Statistic title="逾期公示" value={r.late} suffix="项" />
          </div>
        </Space>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        按时公示：检查结果审核通过后20个工作日内公示；逾期含已过截止日期仍未公示的结果。
      </Typography.Paragraph>
    </Card>
  );
}
