import ReactECharts from 'echarts-for-react';
import { usePhone } from '../../components/ResponsiveTable';
import type { OversightRowFieldsFragment } from '../../gql/graphql';

/** 芒市住房和城乡建设局 → 芒市: the bureau's kind is the same on every bar. */
function shortName(label: string): string {
  return label.replace(/住房和城乡建设局$/, '') || label;
}

/** Results published on time vs late (bars), completion and joint share against the target (lines), per organisation (echarts). */
export function OversightChart({ rows, jointTarget }: { rows: OversightRowFieldsFragment[]; jointTarget: number }) {
  const phone = usePhone();
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
      { type: 'value', name: '项', minInterval: 1 },
      { type: 'value', name: '%', max: 100, min: 0 },
    ],
    series: [
      { name: '按时公示', type: 'bar', stack: 'pub', data: rows.map((r) => r.onTime), itemStyle: { color: '#52c41a' } },
      { name: '逾期公示', type: 'bar', stack: 'pub', data: rows.map((r) => r.late), itemStyle: { color: '#ff4d4f' } },
      { name: '检查完成率', type: 'line', yAxisIndex: 1, data: rows.map((r) => r.completion), itemStyle: { color: '#1677ff' } },
      {
        name: '联合检查占比',
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => r.jointShare),
        itemStyle: { color: '#722ed1' },
        markLine: { symbol: 'none', data: [{ yAxis: jointTarget, name: '目标' }], label: { formatter: `目标 ${jointTarget}%` } },
      },
    ],
  };
  return <ReactECharts option={option} style={{ height: 320, width: '100%' }} notMerge />;
}
