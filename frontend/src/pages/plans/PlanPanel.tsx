import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { usePunct } from '../../i18n';
import { usePermissions } from '../../access';
import type { PlanTaskFieldsFragment } from '../../gql/graphql';
import { CreateAnnualPlanMutation, PlanOfYearQuery, PlanStatusesQuery } from '../../graphql/plans';
import { PageSpin } from '../PageSpin';
import { DeadlineBadges } from './DeadlineBadges';
import { actionKey, fmtDate, fmtDateTime, STATUS_COLORS, statusKey } from './format';
import { usePlansT } from './i18n';
import { TaskForm } from './TaskForm';
import { TaskTable } from './TaskTable';
import { WorkflowActions } from './WorkflowActions';

export interface PlanPanelProps {
  orgCode: string;
  year: number;
  isPrefecture: boolean;
}

/** One organisation's plan of a year: status, deadlines, workflow, tasks, history, versions. */
export function PlanPanel({ orgCode, year, isPrefecture }: PlanPanelProps) {
  const { t } = usePlansT();
  const p = usePunct();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(PlanOfYearQuery, {
    variables: { year },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const statuses = useQuery(PlanStatusesQuery, {
    variables: { year },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const [creating, setCreating] = useState(false);
  const [createErrors, setCreateErrors] = useState<{ title?: string; general?: string }>({});
  const [createForm] = Form.useForm<{ title?: string }>();
  const [createPlan, createState] = useMutation(CreateAnnualPlanMutation, { context: orgScope(orgCode) });
  const [editing, setEditing] = useState<{ task: PlanTaskFieldsFragment | null } | null>(null);

  const { can } = usePermissions();
  const canDraft = can('MANAGE_PLANS');
  const readOnly = !canDraft && !can('APPROVE_PLANS');
  const plan = data?.annualPlan ?? null;
  const row = statuses.data?.planStatuses.find((r) => r.organisationCode === orgCode);
  const editable = plan
    ? (plan.status === 'DRAFT' && canDraft) || (plan.status === 'ADJUSTED' && can('APPROVE_PLANS'))
    : false;

  const reload = () => {
    void refetch();
    void statuses.refetch();
  };

  const submitCreate = async (values: { title?: string }) => {
    try {
      const { data: res } = await createPlan({ variables: { year, title: values.title?.trim() || null } });
      const errs = res?.createAnnualPlan?.errors ?? [];
      if (errs.length || !res?.createAnnualPlan?.plan) {
        const next: typeof createErrors = {};
        for (const e of errs) {
          if (e.field === 'title') next.title = e.message;
          else next.general = [next.general, e.message].filter(Boolean).join(p.semi);
        }
        setCreateErrors(next);
        return;
      }
      setCreating(false);
      void message.success(t('plans.created'));
      reload();
    } catch (e) {
      setCreateErrors({ general: (e as Error).message });
    }
  };

  if (loading && !data) return <PageSpin />;
  if (error) return <Alert type="error" showIcon title={t('plans.loadFailed')} description={error.message} />;

  const createModal = (
    <Modal
      open={creating}
      title={t('plans.create.title', { year })}
      onOk={() => createForm.submit()}
      onCancel={() => setCreating(false)}
      confirmLoading={createState.loading}
      okButtonProps={{ 'data-testid': 'plan-create-confirm' } as Record<string, string>}
      destroyOnHidden
      forceRender
    >
      {createErrors.general ? <Alert type="error" showIcon title={createErrors.general} style={{ marginBottom: 12 }} /> : null}
      <Form form={createForm} layout="vertical" onFinish={submitCreate}>
        <Form.Item
          name="title"
          label={t('plans.create.titleLabel')}
          {...(createErrors.title ? { validateStatus: 'error' as const, help: createErrors.title } : {})}
        >
          <Input maxLength={200} placeholder={t('plans.create.titlePlaceholder', { year })} data-testid="plan-create-title" />
        </Form.Item>
      </Form>
    </Modal>
  );

  if (!plan) {
    return (
      <Card data-testid="plan-none">
        <Empty description={t('plans.none', { year })}>
          {canDraft ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setCreateErrors({});
                setCreating(true);
              }}
              data-testid="plan-create"
            >
              {t('plans.create')}
            </Button>
          ) : null}
        </Empty>
        <div style={{ textAlign: 'center' }}>
          <DeadlineBadges
            info={
              // No plan yet: the server's row (status MISSING) says whether it is overdue; the
              // draft deadline is 31 December of the year before.
              row ?? { status: 'MISSING', draftDue: `${year - 1}-12-31` }
            }
          />
        </div>
        {createModal}
      </Card>
    );
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="plan-panel">
      <Card
        title={
          <Space wrap>
            <span data-testid="plan-title">{plan.title}</span>
            <Tag color={STATUS_COLORS[plan.status]} data-testid="plan-status">
              {t(statusKey(plan.status))}
            </Tag>
          </Space>
        }
        extra={<WorkflowActions orgCode={orgCode} plan={plan} isPrefecture={isPrefecture} onDone={reload} />}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('plans.f.version')}>
            <span data-testid="plan-version">
              {plan.version ? `v${plan.version}` : t('plans.f.versionNone')}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.f.deadlines')}>
            <DeadlineBadges
              info={{
                status: plan.status,
                draftDue: plan.draftDue,
                adjustmentDue: plan.adjustmentDue,
                adjustmentDueUnknown: plan.adjustmentDueUnknown,
                overdue: row?.overdue,
                overdueReason: row?.overdueReason,
              }}
            />
          </Descriptions.Item>
          <Descriptions.Item label={t('plans.f.updatedAt')}>{fmtDateTime(plan.updatedAt)}</Descriptions.Item>
          {plan.reportedTo ? (
            <Descriptions.Item label={t('plans.f.reportedTo')}>
              {plan.reportedTo}{p.paren(fmtDate(String(plan.reportedOn ?? '')))}
            </Descriptions.Item>
          ) : null}
          {plan.publishedAt ? (
            <Descriptions.Item label={t('plans.f.publishedAt')}>{fmtDateTime(plan.publishedAt)}</Descriptions.Item>
          ) : null}
          {plan.status === 'ADJUSTED' && plan.adjustmentReason ? (
            <Descriptions.Item label={t('plans.f.adjustmentReason')}>{plan.adjustmentReason}</Descriptions.Item>
          ) : null}
        </Descriptions>
        {readOnly ? <Typography.Text type="secondary">{t('plans.readOnlyHint')}</Typography.Text> : null}
      </Card>

      <Card
        title={t('plans.tasks')}
        extra={
          editable ? (
            <Button icon={<PlusOutlined />} type="primary" onClick={() => setEditing({ task: null })} data-testid="task-add">
              {t('plans.task.add')}
            </Button>
          ) : null
        }
      >
        <TaskTable
          orgCode={orgCode}
          tasks={plan.tasks}
          editable={editable}
          onEdit={(task) => setEditing({ task })}
          onChanged={reload}
        />
      </Card>

      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('plans.history')} size="small">
            {plan.transitions.length ? (
              <Timeline
                data-testid="plan-history"
                items={plan.transitions.map((tr) => ({
                  color: tr.action === 'RETURN' ? 'red' : tr.action === 'PUBLISH' ? 'green' : 'blue',
                  content: (
                    <div>
                      <Typography.Text strong>
                        {t(actionKey(tr.action))}{p.colon}{t(statusKey(tr.fromStatus))} → {t(statusKey(tr.toStatus))}
                      </Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {t('plans.history.by', { actor: tr.actorName || '—', at: fmtDateTime(tr.at) })}
                        </Typography.Text>
                      </div>
                      {tr.recipient ? (
                        <div>{t('plans.history.recipient', { recipient: tr.recipient, date: fmtDate(String(tr.onDate ?? '')) })}</div>
                      ) : null}
                      {tr.comment ? <div>“{tr.comment}”</div> : null}
                    </div>
                  ),
                }))}
              />
            ) : (
              <Typography.Text type="secondary">{t('plans.history.empty')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('plans.publications')} size="small">
            <List
              size="small"
              dataSource={[...plan.publications].sort((a, b) => b.version - a.version)}
              locale={{ emptyText: t('plans.f.versionNone') }}
              renderItem={(p) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <span>{t('plans.publications.item', { version: p.version, at: fmtDateTime(p.publishedAt) })}</span>
                    {p.note ? <Typography.Text type="secondary">{p.note}</Typography.Text> : null}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>

      {editing ? (
        <TaskForm
          orgCode={orgCode}
          planId={plan.id}
          year={plan.year}
          task={editing.task}
          open
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void message.success(t('plans.task.saved'));
            reload();
          }}
        />
      ) : null}
    </Space>
  );
}
