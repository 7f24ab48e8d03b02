import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import { usePunct, type Punct } from '../../i18n';
import { useNoticeTexts } from '../../notices';
import type { Department, JointMode, JointTaskFieldsFragment, JointVisitsQuery as JointVisitsData } from '../../gql/graphql';
import {
  CreateJointPlanMutation,
  CreateJointTaskMutation,
  JointItemOptionsQuery,
  JointPlansQuery,
  JointSimulationQuery,
  JointVisitsQuery,
  ReceiveJointInspectionsMutation,
} from '../../graphql/joint';
import { CreateAnnualPlanMutation } from '../../graphql/plans';
import { useOrg } from '../../orgContext';
import { useJointT, type JointT } from './i18n';

const DEPARTMENTS: readonly Department[] = ['HOUSING', 'MARKET_SUPERVISION', 'FIRE', 'NATURAL_RESOURCES', 'EMERGENCY_MANAGEMENT'];
type Visit = JointVisitsData['jointVisits'][number];

/**
 * /o/:code/joint — 联合抽查. The prefecture: its joint plans (part of its annual plan) and their
 * tasks, the simulation per county and department, and the visits its joint draws made (the
 * draw itself runs in the draw wizard like any other). A county: the joint visits of its
 * entities, read-only; under 市抽县查 it receives them as inspections to carry out.
 */
export function JointPage() {
  const { t } = useJointT();
  const { access } = useOrg();
  const prefecture = access.organisation.kind === 'PREFECTURE';
  return (
    <div data-testid="joint-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('joint.title')}
      </Typography.Title>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('joint.explain')} />
      {prefecture ? (
        <Tabs
          items={[
            { key: 'plans', label: t('joint.tab.plans'), children: <JointPlansPanel /> },
            { key: 'visits', label: t('joint.tab.visits'), children: <JointVisitsPanel /> },
          ]}
        />
      ) : (
        <JointVisitsPanel />
      )}
    </div>
  );
}

/** 芒市住房和城乡建设局 → 芒市: the county, not its bureau. */
export function shortName(name: string): string {
  return name.replace(/住房和城乡建设局$/, '') || name;
}

function deptLabels(t: JointT, p: Punct, depts: readonly (Department | null | undefined)[]): string {
  return depts.flatMap((d) => (d ? [t(`joint.dept.${d}`)] : [])).join(p.sep);
}

function JointPlansPanel() {
  const { t } = useJointT();
  const p = usePunct();
  const { message } = App.useApp();
  const { code } = useOrg();
  const { can } = usePermissions();
  const canEdit = can('MANAGE_PLANS');
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [newJoint, setNewJoint] = useState(false);
  const [taskFor, setTaskFor] = useState<string | null>(null);
  const [simulating, setSimulating] = useState<JointTaskFieldsFragment | null>(null);
  const { data, loading, error, refetch } = useQuery(JointPlansQuery, {
    variables: { year },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  const [createPlan, creatingPlan] = useMutation(CreateAnnualPlanMutation, { context: orgScope(code) });
  const plan = data?.annualPlan;
  const counties = data?.currentOrganisation?.children ?? [];
  const countyName = useMemo(() => new Map(counties.map((c) => [c.code, shortName(c.name)])), [counties]);

  return (
    <div data-testid="joint-plans">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('joint.year')}</Typography.Text>
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} data-testid="joint-year" />
        {plan && canEdit && (
          <Button type="primary" onClick={() => setNewJoint(true)} data-testid="joint-new-plan">
            {t('joint.newJointPlan')}
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={t('joint.failed')} description={error.message} />}
      {!loading && !plan && (
        <Alert
          type="warning"
          showIcon
          title={t('joint.noPlan', { year })}
          action={
            canEdit && (
              <Button
                loading={creatingPlan.loading}
                data-testid="joint-create-annual-plan"
                onClick={async () => {
                  const res = await createPlan({ variables: { year } });
                  const errs = res.data?.createAnnualPlan?.errors ?? [];
                  if (errs.length) void message.error(errs.map((e) => e.message).join(p.semi));
                  void refetch();
                }}
              >
                {t('joint.createPlan', { year })}
              </Button>
            )
          }
        />
      )}
      {plan && (
        <Typography.Paragraph type="secondary" data-testid="joint-plan-status">
          {t('joint.planStatus', { status: t(`joint.status.${plan.status}`) })}
          <Link to={`/o/${code}/plans`} style={{ marginLeft: 8 }}>
            →
          </Link>
        </Typography.Paragraph>
      )}
      {plan && plan.jointPlans.length === 0 && <Empty description={t('joint.noJointPlans')} />}
      {plan?.jointPlans.map((jp) => (
        <Card
          key={jp.id}
          title={jp.title}
          style={{ marginBottom: 16 }}
          data-testid="joint-plan-card"
          extra={
            canEdit && (
              <Button onClick={() => setTaskFor(jp.id)} data-testid="joint-new-task">
                {t('joint.newTask')}
              </Button>
            )
          }
        >
          <TaskList
            tasks={jp.tasks}
            countyName={countyName}
            onSimulate={setSimulating}
            drawsHref={`/o/${code}/draws`}
          />
        </Card>
      ))}
      {newJoint && plan && (
        <JointPlanModal
          planId={plan.id}
          onClose={() => setNewJoint(false)}
          onSaved={() => {
            setNewJoint(false);
            void message.success(t('joint.form.saved'));
            void refetch();
          }}
        />
      )}
      {taskFor && plan && (
        <JointTaskModal
          planId={plan.id}
          year={plan.year}
          jointPlanId={taskFor}
          counties={counties}
          onClose={() => setTaskFor(null)}
          onSaved={() => {
            setTaskFor(null);
            void message.success(t('joint.form.saved'));
            void refetch();
          }}
        />
      )}
      {simulating && <SimulationModal task={simulating} onClose={() => setSimulating(null)} />}
    </div>
  );
}

function TaskList({
  tasks,
  countyName,
  onSimulate,
  drawsHref,
}: {
  tasks: JointTaskFieldsFragment[];
  countyName: Map<string, string>;
  onSimulate: (task: JointTaskFieldsFragment) => void;
  drawsHref: string;
}) {
  const { t } = useJointT();
  const p = usePunct();
  const screens = Grid.useBreakpoint();
  const counties = (task: JointTaskFieldsFragment) =>
    task.counties.length ? task.counties.map((c) => countyName.get(c) ?? c).join(p.sep) : t('joint.allCounties');
  const actions = (task: JointTaskFieldsFragment) => (
    <Space>
      <Button size="small" onClick={() => onSimulate(task)} data-testid="joint-simulate">
        {t('joint.simulate')}
      </Button>
      <Link to={drawsHref}>{t('joint.toDraw')}</Link>
    </Space>
  );
  if (tasks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('joint.noTasks')} />;
  if (!screens.md) {
    return (
      <List
        dataSource={tasks}
        renderItem={(task) => (
          <List.Item data-testid="joint-task-row">
            <Descriptions size="small" column={1} title={task.title} extra={actions(task)}>
              <Descriptions.Item label={t('joint.col.lead')}>{deptLabels(t, p, [task.leadDepartment])}</Descriptions.Item>
              <Descriptions.Item label={t('joint.col.partners')}>{deptLabels(t, p, task.partnerDepartments)}</Descriptions.Item>
              <Descriptions.Item label={t('joint.col.counties')}>{counties(task)}</Descriptions.Item>
              <Descriptions.Item label={t('joint.col.mode')}>{task.jointMode && t(`joint.mode.${task.jointMode}`)}</Descriptions.Item>
            </Descriptions>
          </List.Item>
        )}
      />
    );
  }
  return (
    <Table<JointTaskFieldsFragment>
      rowKey="id"
      size="middle"
      pagination={false}
      dataSource={tasks}
      onRow={() => ({ 'data-testid': 'joint-task-row' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('joint.col.task'), dataIndex: 'title', width: 180 },
        { title: t('joint.col.lead'), width: 110, render: (_, r) => deptLabels(t, p, [r.leadDepartment]) },
        { title: t('joint.col.partners'), render: (_, r) => deptLabels(t, p, r.partnerDepartments) },
        { title: t('joint.col.items'), render: (_, r) => r.items.map((i) => <Tag key={i.code}>{i.name}</Tag>) },
        { title: t('joint.col.counties'), width: 150, render: (_, r) => counties(r) },
        { title: t('joint.col.mode'), render: (_, r) => r.jointMode && <Tag color="blue">{t(`joint.mode.${r.jointMode}`)}</Tag> },
        { title: t('joint.col.ratio'), width: 80, render: (_, r) => `${(r.ratioBp ?? 0) / 100}%` },
        {
          title: t('joint.col.rounds'),
          // One round per line, each on one line (a date never breaks at its hyphens).
          render: (_, r) =>
            r.rounds.map((x) => (
              <div key={`${String(x.startsOn)}-${String(x.endsOn)}`} style={{ whiteSpace: 'nowrap' }}>
                {`${String(x.startsOn)} – ${String(x.endsOn)}`}
              </div>
            )),
        },
        { title: '', width: 140, render: (_, r) => actions(r) },
      ]}
    />
  );
}

function applyErrors(
  setFields: (fields: { name: string; errors: string[] }[]) => void,
  errors: readonly { field?: string | null; message: string }[], known: string[]): string[] {
  const general: string[] = [];
  const byField: Record<string, string[]> = {};
  for (const e of errors) {
    const head = (e.field ?? '').split('.')[0];
    if (known.includes(head)) (byField[head] ??= []).push(e.message);
    else general.push(e.message);
  }
  setFields(Object.entries(byField).map(([name, errs]) => ({ name, errors: errs })));
  return general;
}

function JointPlanModal({ planId, onClose, onSaved }: { planId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useJointT();
  const p = usePunct();
  const { code } = useOrg();
  const [form] = Form.useForm<{ title: string; notes?: string }>();
  const [general, setGeneral] = useState<string[]>([]);
  const [save, { loading }] = useMutation(CreateJointPlanMutation, { context: orgScope(code) });
  return (
    <Modal
      open
      title={t('joint.newJointPlan')}
      okText={t('joint.form.save')}
      cancelText={t('joint.form.cancel')}
      confirmLoading={loading}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'joint-plan-save' } as Record<string, string>}
    >
      {general.length > 0 && <Alert type="error" showIcon title={general.join(p.semi)} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const res = await save({ variables: { planId, title: v.title, notes: v.notes ?? '' } });
          const errs = res.data?.createJointPlan?.errors ?? [];
          if (errs.length) setGeneral(applyErrors((f) => form.setFields(f as never), errs, ['title', 'notes']));
          else onSaved();
        }}
      >
        <Form.Item name="title" label={t('joint.form.planTitle')} rules={[{ required: true, message: t('joint.form.required') }]}>
          <Input data-testid="joint-plan-title" />
        </Form.Item>
        <Form.Item name="notes" label={t('joint.form.notes')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface TaskValues {
  title: string;
  leadDepartment: Department;
  departments: Department[];
  itemCodes: string[];
  counties?: string[];
  jointMode: JointMode;
  ratio: number;
  window: [Dayjs, Dayjs];
  officersPerTeam: number;
  targetsPerTeam: number;
}

/** A window inside the plan year: the rest of this year, or April to September of another. */
function defaultWindow(year: number): [Dayjs, Dayjs] {
  const today = dayjs();
  const end = dayjs(`${year}-12-31`);
  if (today.year() === year) return [today.add(1, 'day').isAfter(end) ? today : today.add(1, 'day'), end];
  return [dayjs(`${year}-04-01`), dayjs(`${year}-09-30`)];
}

function JointTaskModal({
  planId,
  year,
  jointPlanId,
  counties,
  onClose,
  onSaved,
}: {
  planId: string;
  year: number;
  jointPlanId: string;
  counties: readonly { code: string; name: string }[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useJointT();
  const p = usePunct();
  const { code } = useOrg();
  const [form] = Form.useForm<TaskValues>();
  const [general, setGeneral] = useState<string[]>([]);
  const items = useQuery(JointItemOptionsQuery, { context: orgScope(code) });
  const [save, { loading }] = useMutation(CreateJointTaskMutation, { context: orgScope(code) });
  const options = (items.data?.inspectionItems?.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.code, label: `${e.node.code} ${e.node.name}${p.paren(t(`joint.dept.${e.node.department}`))}` }] : [],
  );
  const known = ['title', 'leadDepartment', 'departments', 'itemCodes', 'counties', 'jointMode', 'ratioBp', 'rounds', 'officersPerTeam', 'targetsPerTeam'];
  return (
    <Modal
      open
      width={720}
      title={t('joint.newTask')}
      okText={t('joint.form.save')}
      cancelText={t('joint.form.cancel')}
      confirmLoading={loading}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'joint-task-save' } as Record<string, string>}
    >
      {general.length > 0 && (
        <Alert type="error" showIcon title={t('joint.form.errors')} description={general.join(p.semi)} style={{ marginBottom: 12 }} data-testid="joint-task-errors" />
      )}
      <Form<TaskValues>
        form={form}
        layout="vertical"
        initialValues={{
          leadDepartment: 'HOUSING',
          jointMode: 'PREFECTURE',
          ratio: 1,
          officersPerTeam: 3,
          targetsPerTeam: 5,
          window: defaultWindow(year),
        }}
        onFinish={async (v) => {
          const res = await save({
            variables: {
              planId,
              input: {
                title: v.title,
                jointPlanId,
                leadDepartment: v.leadDepartment,
                departments: v.departments,
                itemCodes: v.itemCodes,
                counties: v.counties ?? [],
                jointMode: v.jointMode,
                scopeKind: 'UNDIRECTED',
                samplingMode: 'RATIO',
                ratioBp: Math.round(v.ratio * 100),
                rounds: [{ startsOn: v.window[0].format('YYYY-MM-DD'), endsOn: v.window[1].format('YYYY-MM-DD') }],
                officersPerTeam: v.officersPerTeam,
                targetsPerTeam: v.targetsPerTeam,
              },
            },
          });
          const errs = res.data?.createPlanTask?.errors ?? [];
          if (errs.length) {
            const rest = applyErrors(
              (f) => form.setFields(f as never),
              errs.map((e) => ({ ...e, field: e.field === 'ratioBp' ? 'ratio' : e.field?.startsWith('rounds') ? 'window' : e.field })),
              [...known, 'ratio', 'window'],
            );
            setGeneral(rest.length ? rest : errs.map((e) => e.message));
          } else onSaved();
        }}
      >
        <Form.Item name="title" label={t('joint.form.title')} rules={[{ required: true, message: t('joint.form.required') }]}>
          <Input data-testid="joint-task-title" />
        </Form.Item>
        <Space wrap style={{ width: '100%' }} size="large">
          <Form.Item name="leadDepartment" label={t('joint.form.lead')} rules={[{ required: true }]}>
            <Select style={{ minWidth: 180 }} options={DEPARTMENTS.map((d) => ({ value: d, label: t(`joint.dept.${d}`) }))} data-testid="joint-task-lead" />
          </Form.Item>
          <Form.Item name="jointMode" label={t('joint.form.mode')}>
            <Radio.Group
              options={(['PREFECTURE', 'COUNTY_INSPECTS'] as const).map((m) => ({ value: m, label: t(`joint.mode.${m}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="departments" label={t('joint.form.partners')} rules={[{ required: true, message: t('joint.form.required') }]}>
          <Select mode="multiple" options={DEPARTMENTS.map((d) => ({ value: d, label: t(`joint.dept.${d}`) }))} data-testid="joint-task-partners" />
        </Form.Item>
        <Form.Item name="itemCodes" label={t('joint.form.items')} rules={[{ required: true, message: t('joint.form.required') }]}>
          <Select mode="multiple" options={options} loading={items.loading} optionFilterProp="label" data-testid="joint-task-items" />
        </Form.Item>
        <Form.Item name="counties" label={t('joint.form.counties')} extra={t('joint.form.countiesHelp')}>
          <Select mode="multiple" options={counties.map((c) => ({ value: c.code, label: shortName(c.name) }))} data-testid="joint-task-counties" />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="ratio" label={t('joint.form.ratio')} rules={[{ required: true }]}>
            <InputNumber min={0.01} max={100} step={0.1} data-testid="joint-task-ratio" />
          </Form.Item>
          <Form.Item name="officersPerTeam" label={t('joint.form.officers')}>
            <InputNumber min={2} max={20} />
          </Form.Item>
          <Form.Item name="targetsPerTeam" label={t('joint.form.targets')}>
            <InputNumber min={1} max={100} />
          </Form.Item>
        </Space>
        <Form.Item name="window" label={t('joint.form.window')} rules={[{ required: true, message: t('joint.form.required') }]}>
          <DatePicker.RangePicker data-testid="joint-task-window" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SimulationModal({ task, onClose }: { task: JointTaskFieldsFragment; onClose: () => void }) {
  const { t } = useJointT();
  const { code } = useOrg();
  const { data, loading, error } = useQuery(JointSimulationQuery, {
    variables: { taskId: task.id, round: 1 },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  const sim = data?.planSimulation;
  const warnings = useNoticeTexts(sim?.notices, sim?.warnings ?? []);
  return (
    <Modal open width={760} footer={null} onCancel={onClose} title={t('joint.sim.title', { task: task.title })}>
      {error && <Alert type="error" showIcon title={error.message} />}
      {sim && (
        <div data-testid="joint-simulation">
          <Typography.Paragraph strong>{t('joint.sim.summary', { pool: sim.pool, targets: sim.targets, teams: sim.teams })}</Typography.Paragraph>
          {warnings.map((w) => (
            <Alert key={w} type="warning" showIcon title={w} style={{ marginBottom: 8 }} />
          ))}
          <Typography.Title level={5}>{t('joint.sim.departments')}</Typography.Title>
          <Table
            rowKey="department"
            size="small"
            pagination={false}
            loading={loading}
            dataSource={sim.departments}
            columns={[
              { title: t('joint.sim.department'), dataIndex: 'label' },
              { title: t('joint.sim.eligible'), dataIndex: 'eligible' },
              { title: t('joint.sim.needed'), dataIndex: 'needed' },
            ]}
          />
          <Typography.Title level={5}>{t('joint.sim.counties')}</Typography.Title>
          <Table
            rowKey={(r) => `${r.code}|${r.region}|${r.entityType}|${r.creditClass}`}
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={sim.counties}
            columns={[
              { title: t('joint.sim.county'), render: (_, r) => shortName(r.name) },
              { title: t('joint.sim.stratum'), render: (_, r) => [r.region, r.entityType, r.creditClass].map((x) => x || t('joint.sim.unset')).join(' / ') },
              { title: t('joint.sim.pool'), dataIndex: 'pool' },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}

function statusColor(status: string): string {
  return status === 'published' ? 'green' : status === 'voided' ? 'default' : 'blue';
}

function JointVisitsPanel() {
  const { t } = useJointT();
  const p = usePunct();
  const { message } = App.useApp();
  const { code, access } = useOrg();
  const { can } = usePermissions();
  const screens = Grid.useBreakpoint();
  const county = access.organisation.kind !== 'PREFECTURE';
  const { data, loading, error, refetch } = useQuery(JointVisitsQuery, { context: orgScope(code), fetchPolicy: 'network-only' });
  const [receive, receiving] = useMutation(ReceiveJointInspectionsMutation, { context: orgScope(code) });
  const visits = data?.jointVisits ?? [];
  const pending = visits.some((v) => v.mode === 'county_inspects' && v.status === 'published' && !v.received);
  const team = (v: Visit) => v.team.map((m) => `${m.name}${p.paren(m.departmentLabel)}`).join(p.sep);
  const items = (v: Visit) =>
    v.items.map((i) => (
      <Tag key={i.code} style={{ whiteSpace: 'normal' }}>
        {`${i.name}·${i.departmentLabel}`}
      </Tag>
    ));
  const status = (v: Visit) => (
    <Space size={4} wrap>
      <Tag color={statusColor(v.status)}>{t(`joint.visits.status.${v.status as 'drawn' | 'published' | 'voided'}`)}</Tag>
      {v.received && <Tag color="purple">{t('joint.visits.receivedTag')}</Tag>}
    </Space>
  );
  return (
    <div data-testid="joint-visits">
      {county && <Typography.Paragraph type="secondary">{t('joint.visits.countyExplain')}</Typography.Paragraph>}
      {county && pending && can('MANAGE_INSPECTIONS') && (
        <Button
          type="primary"
          style={{ marginBottom: 12 }}
          loading={receiving.loading}
          data-testid="joint-receive"
          onClick={async () => {
            const res = await receive();
            const out = res.data?.receiveJointInspections;
            if (out?.errors.length) void message.error(out.errors.map((e) => e.message).join(p.semi));
            else void message.success(t('joint.visits.received', { count: out?.opened ?? 0 }));
            void refetch();
          }}
        >
          {t('joint.visits.receive')}
        </Button>
      )}
      {error && <Alert type="error" showIcon title={t('joint.failed')} description={error.message} />}
      {!screens.md ? (
        <List
          loading={loading}
          dataSource={visits}
          locale={{ emptyText: t('joint.visits.empty') }}
          renderItem={(v) => (
            <Card size="small" style={{ marginBottom: 12 }} data-testid="joint-visit" title={v.name || v.entityCode} extra={status(v)}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('joint.visits.entity')}>
                  <Typography.Text style={{ fontFamily: 'monospace' }}>{v.entityCode}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('joint.visits.when')}>{`${String(v.startsOn)} – ${String(v.endsOn)}`}</Descriptions.Item>
                <Descriptions.Item label={t('joint.visits.task')}>{v.task}</Descriptions.Item>
                <Descriptions.Item label={t('joint.visits.mode')}>{v.modeLabel}</Descriptions.Item>
              </Descriptions>
              <Typography.Text type="secondary">{t('joint.visits.items')}</Typography.Text>
              <div style={{ margin: '4px 0 8px', display: 'flex', flexWrap: 'wrap', rowGap: 4 }}>{items(v)}</div>
              <Typography.Text type="secondary">{t('joint.visits.team')}</Typography.Text>
              <Typography.Paragraph style={{ margin: '4px 0 0', wordBreak: 'break-all' }}>{team(v)}</Typography.Paragraph>
            </Card>
          )}
        />
      ) : (
        <Table<Visit>
          rowKey={(v) => `${v.drawReference}|${v.entityCode}`}
          size="middle"
          loading={loading}
          dataSource={visits}
          locale={{ emptyText: t('joint.visits.empty') }}
          onRow={() => ({ 'data-testid': 'joint-visit' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('joint.visits.entity'),
              width: 240,
              render: (_, v) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text>{v.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
                    {v.entityCode}
                  </Typography.Text>
                </Space>
              ),
            },
            ...(county ? [] : [{ title: t('joint.visits.county'), render: (_: unknown, v: Visit) => shortName(v.countyName) }]),
            { title: t('joint.visits.when'), width: 200, render: (_, v) => `${String(v.startsOn)} – ${String(v.endsOn)}` },
            { title: t('joint.visits.task'), render: (_, v) => `${v.task}${p.paren(v.modeLabel)}` },
            { title: t('joint.visits.items'), render: (_, v) => items(v) },
            { title: t('joint.visits.team'), render: (_, v) => team(v) },
            { title: t('joint.visits.status'), width: 150, render: (_, v) => status(v) },
          ]}
        />
      )}
    </div>
  );
}
