import { useQuery } from '@apollo/client/react';
import { Alert, Descriptions, Segmented, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { usePunct } from '../../i18n';
import { useNoticeTexts } from '../../notices';
import type { PlanTaskFieldsFragment } from '../../gql/graphql';
import { PlanSimulationQuery } from '../../graphql/plans';
import { bpToPct, fmtDate } from './format';
import { usePlansT } from './i18n';
import { Chance, quotaRange } from '../draws/format';

/** Pre-draw simulation of one round of a task: strata, targets, teams, eligible inspectors. */
export function SimulationPanel({ orgCode, task }: { orgCode: string; task: PlanTaskFieldsFragment }) {
  const { t } = usePlansT();
  const p = usePunct();
  const [round, setRound] = useState<number>(task.rounds[0]?.number ?? 1);
  const { data, loading, error } = useQuery(PlanSimulationQuery, {
    variables: { taskId: task.id, round },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
    skip: task.rounds.length === 0,
  });
  const sim = data?.planSimulation ?? null;
  const warnings = useNoticeTexts(sim?.notices, sim?.warnings ?? []);
  const enough = sim ? sim.officersEligible >= sim.officersNeeded && sim.expertsEligible >= sim.expertsNeeded : false;

  return (
    <div data-testid={`simulation-${task.id}`}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text strong>{t('plans.sim.title')}</Typography.Text>
        <Segmented
          value={round}
          onChange={(v) => setRound(Number(v))}
          options={task.rounds.map((r) => ({
            value: r.number,
            label: `${t('plans.tf.round', { n: r.number })}${p.paren(`${fmtDate(String(r.startsOn))} ~ ${fmtDate(String(r.endsOn))}`)}`,
          }))}
        />
      </Space>
      {error ? <Alert type="error" showIcon title={t('plans.sim.failed')} description={error.message} /> : null}
      {loading && !sim ? <Spin /> : null}
      {sim ? (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 3, xl: 5 }}
            bordered
            style={{ marginBottom: 12 }}
            // Figures keep their line ("1848", "25–26", "6 / 13"): the labels wrap instead.
            styles={{ content: { whiteSpace: 'nowrap' } }}
          >
            <Descriptions.Item label={t('plans.sim.pool')}>{sim.pool}</Descriptions.Item>
            <Descriptions.Item label={t('plans.sim.targets')}>
              <span data-testid="sim-targets">{quotaRange(sim.targetsMin, sim.targets)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.sim.teams')}>{sim.teams}</Descriptions.Item>
            <Descriptions.Item label={t('plans.sim.officers')}>
              <Typography.Text type={sim.officersEligible < sim.officersNeeded ? 'danger' : undefined}>
                {sim.officersNeeded} / {sim.officersEligible}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.sim.experts')}>
              <Typography.Text type={sim.expertsEligible < sim.expertsNeeded ? 'danger' : undefined}>
                {sim.expertsNeeded} / {sim.expertsEligible}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {warnings.length ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={
                <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid="sim-warnings">
                  {warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              }
            />
          ) : enough ? (
            <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('plans.sim.ok')} />
          ) : null}
          <Table
            size="small"
            rowKey={(r) => `${r.region}|${r.entityType}|${r.creditClass}`}
            dataSource={sim.strata}
            pagination={sim.strata.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              { title: t('plans.sim.region'), dataIndex: 'region' },
              { title: t('plans.sim.entityType'), dataIndex: 'entityType' },
              { title: t('plans.sim.creditClass'), dataIndex: 'creditClass', width: 90 },
              { title: t('plans.sim.stratumPool'), dataIndex: 'pool', width: 90, align: 'right' },
              {
                title: t('plans.sim.ratio'),
                dataIndex: 'ratioBp',
                width: 90,
                align: 'right',
                render: (bp: number | null) => bpToPct(bp),
              },
              {
                title: t('plans.sim.probability'),
                key: 'probability',
                width: 110,
                align: 'right',
                render: (_: unknown, r) => <Chance value={r.probability} />,
              },
              {
                title: t('plans.sim.stratumTargets'),
                key: 'targets',
                width: 90,
                align: 'right',
                render: (_: unknown, r) => quotaRange(r.targetsMin, r.targets),
              },
            ]}
          />
        </>
      ) : null}
    </div>
  );
}
