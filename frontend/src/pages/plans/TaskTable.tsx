import { useMutation } from '@apollo/client/react';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { usePunct, type Punct } from '../../i18n';
import type { PlanTaskFieldsFragment } from '../../gql/graphql';
import { DeletePlanTaskMutation } from '../../graphql/plans';
import { bpToPct, deptKey, fmtDate } from './format';
import { usePlansT, type PlansT } from './i18n';
import { SimulationPanel } from './SimulationPanel';

function scopeText(task: PlanTaskFieldsFragment, t: PlansT, p: Punct): string {
  if (task.scopeKind === 'UNDIRECTED')
    return t(task.targetKind === 'PROJECT' ? 'plans.tf.scope.UNDIRECTED.PROJECT' : 'plans.tf.scope.UNDIRECTED');
  const parts = [
    ...task.entityTypes,
    ...task.natures,
    ...task.regions,
    ...(task.creditClasses.length ? [`${t('plans.tf.creditClasses')} ${task.creditClasses.join('/')}`] : []),
  ];
  return `${t('plans.tf.scope.DIRECTED')}${p.colon}${parts.join(p.sep)}`;
}

export function samplingText(task: PlanTaskFieldsFragment, t: PlansT, p: Punct): string {
  if (task.samplingMode === 'COUNT') return t('plans.sampling.count', { count: task.targetCount ?? 0 });
  const base = t('plans.sampling.ratio', { pct: bpToPct(task.ratioBp) });
  if (!task.creditRatios.length) return base;
  return `${base}${p.paren(task.creditRatios.map((r) => `${r.creditClass} ${bpToPct(r.ratioBp)}`).join(p.comma))}`;
}

export interface TaskTableProps {
  orgCode: string;
  tasks: readonly PlanTaskFieldsFragment[];
  editable: boolean;
  onEdit: (task: PlanTaskFieldsFragment) => void;
  onChanged: () => void;
}

/** The plan's tasks; each row expands to its details and the pre-draw simulation. */
export function TaskTable({ orgCode, tasks, editable, onEdit, onChanged }: TaskTableProps) {
  const { t } = usePlansT();
  const p = usePunct();
  const { message } = App.useApp();
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  const [deleteTask] = useMutation(DeletePlanTaskMutation, { context: orgScope(orgCode) });

  const remove = async (task: PlanTaskFieldsFragment) => {
    try {
      const { data } = await deleteTask({ variables: { id: task.id } });
      const errs = data?.deletePlanTask?.errors ?? [];
      if (errs.length) {
        void message.error(errs.map((e) => e.message).join(p.semi));
        return;
      }
      void message.success(t('plans.task.deleted'));
      onChanged();
    } catch (e) {
      void message.error((e as Error).message);
    }
  };

  return (
    <Table<PlanTaskFieldsFragment>
      rowKey="id"
      size="small"
      dataSource={[...tasks]}
      pagination={false}
      // As wide as the card on a desktop; on a phone it scrolls inside the card.
      scroll={{ x: 960 }}
      data-testid="plan-tasks"
      locale={{ emptyText: t('plans.tasks.empty') }}
      expandable={{
        // Details and the pre-draw simulation are shown from the start (a row may be folded).
        expandedRowKeys: tasks.filter((task) => !folded.has(task.id)).map((task) => task.id),
        onExpand: (open, task) =>
          setFolded((prev) => {
            const next = new Set(prev);
            if (open) next.delete(task.id);
            else next.add(task.id);
            return next;
          }),
        expandedRowRender: (task) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <div>
              {task.items.map((i) => (
                <div key={i.code}>
                  <Typography.Text strong>
                    {i.code} {i.name}
                  </Typography.Text>{' '}
                  <Tag>{t('plans.itemVersion', { version: i.version })}</Tag>
                  {i.needsExpert ? <Tag color="purple">{t('plans.needsExpert')}</Tag> : null}
                  <Typography.Text type="secondary">{i.legalBasis}</Typography.Text>
                </div>
              ))}
            </div>
            <Typography.Text type="secondary">
              {task.departments.map((d) => t(deptKey(d))).join(p.sep)}
              {task.section ? ` · ${task.section}` : ''}
              {task.categories.length ? ` · ${t('plans.tf.categories')}${p.colon}${task.categories.join(p.sep)}` : ''}
              {task.notes ? ` · ${task.notes}` : ''}
            </Typography.Text>
            {task.rounds.length ? <SimulationPanel orgCode={orgCode} task={task} /> : null}
          </Space>
        ),
      }}
      columns={[
        { title: t('plans.col.title'), dataIndex: 'title', render: (title: string) => <span data-testid="task-row-title">{title}</span> },
        {
          title: t('plans.col.items'),
          key: 'items',
          render: (_, task) => task.items.map((i) => i.name).join(p.sep),
        },
        {
          title: t('plans.col.targetKind'),
          key: 'targetKind',
          render: (_, task) => (
            <Tag color={task.targetKind === 'PROJECT' ? 'geekblue' : 'green'} data-testid="task-row-target-kind">
              {t(`plans.tf.targetKind.${task.targetKind}`)}
            </Tag>
          ),
        },
        { title: t('plans.col.scope'), key: 'scope', render: (_, task) => scopeText(task, t, p) },
        { title: t('plans.col.sampling'), key: 'sampling', render: (_, task) => samplingText(task, t, p) },
        {
          title: t('plans.col.rounds'),
          key: 'rounds',
          render: (_, task) =>
            task.rounds.map((r) => (
              <div key={r.number}>
                {t('plans.tf.round', { n: r.number })} {fmtDate(String(r.startsOn))} ~ {fmtDate(String(r.endsOn))}
              </div>
            )),
        },
        {
          title: t('plans.col.team'),
          key: 'team',
          render: (_, task) =>
            t('plans.team', { officers: task.officersPerTeam, targets: task.targetsPerTeam }) +
            (task.expertsPerTeam ? t('plans.teamExperts', { experts: task.expertsPerTeam }) : ''),
        },
        ...(editable
          ? [
              {
                title: t('plans.task.actions'),
                key: 'actions',
                width: 140,
                render: (_: unknown, task: PlanTaskFieldsFragment) => (
                  <Space>
                    <Button size="small" type="link" onClick={() => onEdit(task)} data-testid={`task-edit-${task.position}`}>
                      {t('plans.task.edit')}
                    </Button>
                    <Popconfirm
                      title={t('plans.task.deleteConfirm', { title: task.title })}
                      onConfirm={() => remove(task)}
                    >
                      <Button size="small" type="link" danger data-testid={`task-delete-${task.position}`}>
                        {t('plans.task.delete')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
