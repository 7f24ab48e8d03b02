import ReactECharts from 'echarts-for-react';
import { usePhone } from '../../components/ResponsiveTable';
import type { OversightRowFieldsFragment } from '../../gql/graphql';
import { useOversightT } from './i18n';

/** 芒市住房和城乡建设局 → 芒市: the bureau's kind is the same on every bar. */
function shortName(label: string): string {
  return label.replace(/住房和城乡建设局$/, '') || label;
}

/** Results published on time vs late (bars), completion and joint share against the target (lines), per organisation (echarts). */
export function OversightChart({ rows, jointTarget }: { rows: OversightRowFieldsFragment[]; jointTarget: number }) {
  const phone = usePhone();
  const { t } = useOversightT();
  const labels = rows.map((r) => shortName(r.label));
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: phone ? { left: 32, right: 64, top: 64, bottom: 64 } : { left: 48, right: 80, top: 36, bottom: 56 },
    xAxis: {
      type: 'category',
      data: labels,
      axisLabel: { interval: 0, rotate: phone || labels.length > 6 ? 40 : 0, fontSize: phone ? 10 : 12 },
    },
    yAxis: [
      { type: 'value', name: t('ov.chart.items'), minInterval: 1 },
      { type: 'value', name: '%', max: 100, min: 0 },
    ],
    series: [
      { name: t('ov.chart.onTime'), type: 'bar', stack: 'pub', data: rows.map((r) => r.onTime), itemStyle: { color: '#52c41a' } },
      { name: t('ov.chart.late'), type: 'bar', stack: 'pub', data: rows.map((r) => r.late), itemStyle: { color: '#ff4d4f' } },
      { name: t('ov.chart.completion'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.completion), itemStyle: { color: '#1677ff' } },
      {
        name: t('ov.chart.joint'),
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => r.jointShare),
        itemStyle: { color: '#722ed1' },
        markLine: { symbol: 'none', data: [{ yAxis: jointTarget, name: t('ov.chart.target') }], label: { formatter: t('ov.chart.targetN', { target: jointTarget }) } },
      },
    ],
  };
  return <ReactECharts option={option} style={{ height: 320, width: '100%' }} notMerge />;
}
