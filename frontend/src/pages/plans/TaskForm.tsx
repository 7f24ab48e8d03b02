import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { orgScope } from '../../apollo';
import { usePunct } from '../../i18n';
import type { CreditClass, Department, PlanTaskFieldsFragment, PlanTaskInput, TargetKind } from '../../gql/graphql';
import { CreatePlanTaskMutation, PlanItemOptionsQuery, UpdatePlanTaskMutation } from '../../graphql/plans';
import {
  bpToPctNumber,
  CATEGORY_SUGGESTIONS,
  CREDIT_CLASSES,
  DEPARTMENTS,
  deptKey,
  ENTITY_TYPE_SUGGESTIONS,
  NATURE_SUGGESTIONS,
  pctToBp,
} from './format';
import { usePlansT } from './i18n';

export interface TaskFormValues {
  title: string;
  section?: string;
  departments: Department[];
  itemCodes: string[];
  /** Whom the task inspects: market entities (市场主体, the default) or construction projects (工程项目). */
  targetKind: TargetKind;
  scopeKind: 'UNDIRECTED' | 'DIRECTED';
  entityTypes?: string[];
  natures?: string[];
  regions?: string[];
  creditClasses?: CreditClass[];
  samplingMode: 'RATIO' | 'COUNT';
  ratioPct?: number | null;
  creditRatioPct?: Partial<Record<CreditClass, number | null>>;
  targetCount?: number | null;
  rounds: { window?: [Dayjs, Dayjs] | null }[];
  officersPerTeam: number;
  targetsPerTeam: number;
  categories?: string[];
  expertsPerTeam: number;
  notes?: string;
}

interface ServerError {
  field: string | null;
  message: string;
}

/**
 * Where a server error belongs in the form: the GraphQL input path (`rounds.1.endsOn`,
 * `itemCodes.0`, `ratioBp`) → the key of the form item that shows it; null → the form's alert.
 */
export function errorSlot(field: string | null): string | null {
  if (!field) return null;
  const parts = field.split('.');
  const head = parts[0];
  switch (head) {
    case 'rounds':
      return parts.length > 1 ? `rounds.${parts[1]}` : 'rounds';
    case 'itemCodes':
      return 'itemCodes';
    case 'ratioBp':
      return 'ratioPct';
    case 'creditRatios':
      return 'creditRatios';
    case 'title':
    case 'section':
    case 'departments':
    case 'targetKind':
    case 'scopeKind':
    case 'entityTypes':
    case 'natures':
    case 'regions':
    case 'creditClasses':
    case 'samplingMode':
    case 'targetCount':
    case 'officersPerTeam':
    case 'targetsPerTeam':
    case 'categories':
    case 'expertsPerTeam':
    case 'notes':
      return head;
    default:
      return null;
  }
}

export function groupErrors(errors: readonly ServerError[]): { byField: Record<string, string[]>; general: string[] } {
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  for (const e of errors) {
    const slot = errorSlot(e.field);
    if (slot) (byField[slot] ??= []).push(e.message);
    else general.push(e.message);
  }
  return { byField, general };
}

export function defaultTaskValues(year: number): TaskFormValues {
  return {
    title: '',
    section: '',
    departments: ['HOUSING'],
    itemCodes: [],
    targetKind: 'ENTITY',
    scopeKind: 'UNDIRECTED',
    samplingMode: 'RATIO',
    ratioPct: 3,
    creditRatioPct: {},
    targetCount: null,
    rounds: [{ window: [dayjs(`${year}-04-01`), dayjs(`${year}-09-30`)] }],
    officersPerTeam: 2,
    targetsPerTeam: 5,
    categories: [],
    expertsPerTeam: 0,
    notes: '',
  };
}

export function taskToValues(task: PlanTaskFieldsFragment): TaskFormValues {
  const creditRatioPct: Partial<Record<CreditClass, number | null>> = {};
  for (const r of task.creditRatios) creditRatioPct[r.creditClass] = bpToPctNumber(r.ratioBp);
  return {
    title: task.title,
    section: task.section,
    departments: [...task.departments],
    itemCodes: task.items.map((i) => i.code),
    targetKind: task.targetKind,
    scopeKind: task.scopeKind,
    entityTypes: [...task.entityTypes],
    natures: [...task.natures],
    regions: [...task.regions],
    creditClasses: [...task.creditClasses],
    samplingMode: task.samplingMode,
    ratioPct: bpToPctNumber(task.ratioBp),
    creditRatioPct,
    targetCount: task.targetCount,
    rounds: task.rounds.map((r) => ({ window: [dayjs(String(r.startsOn)), dayjs(String(r.endsOn))] })),
    officersPerTeam: task.officersPerTeam,
    targetsPerTeam: task.targetsPerTeam,
    categories: [...task.categories],
    expertsPerTeam: task.expertsPerTeam,
    notes: task.notes,
  };
}

/** The form's values → the mutation's `PlanTaskInput` (percentages → basis points, dates → ISO). */
export function valuesToInput(v: TaskFormValues): PlanTaskInput {
  const directed = v.scopeKind === 'DIRECTED';
  const ratio = v.samplingMode === 'RATIO';
  const creditRatios = ratio
    ? CREDIT_CLASSES.flatMap((c) => {
        const bp = pctToBp(v.creditRatioPct?.[c] ?? null);
        return bp == null ? [] : [{ creditClass: c, ratioBp: bp }];
      })
    : [];
  return {
    title: (v.title ?? '').trim(),
    section: (v.section ?? '').trim(),
    departments: v.departments ?? [],
    itemCodes: v.itemCodes ?? [],
    targetKind: v.targetKind ?? 'ENTITY',
    scopeKind: v.scopeKind,
    entityTypes: directed ? (v.entityTypes ?? []) : [],
    natures: directed ? (v.natures ?? []) : [],
    regions: directed ? (v.regions ?? []) : [],
    creditClasses: directed ? (v.creditClasses ?? []) : [],
    samplingMode: v.samplingMode,
    ratioBp: ratio ? pctToBp(v.ratioPct ?? null) : null,
    creditRatios,
    targetCount: ratio ? null : (v.targetCount ?? null),
    rounds: (v.rounds ?? []).map((r) => ({
      startsOn: r.window?.[0]?.format('YYYY-MM-DD') ?? '',
      endsOn: r.window?.[1]?.format('YYYY-MM-DD') ?? '',
    })),
    officersPerTeam: v.officersPerTeam,
    targetsPerTeam: v.targetsPerTeam,
    categories: v.categories ?? [],
    expertsPerTeam: v.expertsPerTeam ?? 0,
    notes: v.notes ?? '',
  };
}

export interface TaskFormProps {
  orgCode: string;
  planId: string;
  year: number;
  /** The task to edit; omit to add one. */
  task?: PlanTaskFieldsFragment | null;
  /** Starting values for a new task (defaults: one round from April to September). */
  initialValues?: TaskFormValues;
  open: boolean;
  onClose: () => void;
  onSaved: (task: PlanTaskFieldsFragment) => void;
}

/** Add or edit a plan task; the server's per-field errors are shown on their fields. */
export function TaskForm({ orgCode, planId, year, task, initialValues, open, onClose, onSaved }: TaskFormProps) {
  const { t } = usePlansT();
  const p = usePunct();
  const [form] = Form.useForm<TaskFormValues>();
  const [errors, setErrors] = useState<{ byField: Record<string, string[]>; general: string[] }>({
    byField: {},
    general: [],
  });
  const targetKind = Form.useWatch('targetKind', form);
  const scopeKind = Form.useWatch('scopeKind', form);
  const samplingMode = Form.useWatch('samplingMode', form);
  const items = useQuery(PlanItemOptionsQuery, { context: orgScope(orgCode), fetchPolicy: 'network-only', skip: !open });
  const [createTask, creating] = useMutation(CreatePlanTaskMutation, { context: orgScope(orgCode) });
  const [updateTask, updating] = useMutation(UpdatePlanTaskMutation, { context: orgScope(orgCode) });

  const itemNodes = useMemo(
    () => (items.data?.inspectionItems?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])),
    [items.data],
  );
  const itemOptions = useMemo(() => {
    const known = new Set(itemNodes.map((n) => n.code));
    const pinned = (task?.items ?? []).filter((i) => !known.has(i.code));
    return [
      ...itemNodes.map((n) => ({ value: n.code, label: `${n.code} ${n.name}${n.needsExpert ? p.paren(t('plans.needsExpert')) : ''}` })),
      ...pinned.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` })),
    ];
  }, [itemNodes, task, t, p]);
  const categoryOptions = useMemo(() => {
    const all = new Set([...CATEGORY_SUGGESTIONS, ...itemNodes.map((n) => n.enforcementCategory).filter(Boolean)]);
    return [...all].map((c) => ({ value: c, label: c }));
  }, [itemNodes]);

  const initial = useMemo(
    () => (task ? taskToValues(task) : (initialValues ?? defaultTaskValues(year))),
    [task, initialValues, year],
  );

  const serverHelp = (slot: string) => {
    const messages = errors.byField[slot];
    return messages?.length
      ? { validateStatus: 'error' as const, help: <span data-testid={`task-error-${slot}`}>{messages.join(p.semi)}</span> }
      : {};
  };

  const clearSlots = (changed: Partial<TaskFormValues>) => {
    const keys = Object.keys(changed);
    if (!keys.length) return;
    setErrors((prev) => {
      const byField = { ...prev.byField };
      let touched = false;
      for (const key of keys) {
        for (const slot of Object.keys(byField)) {
          const base =
            key === 'ratioPct' ? 'ratioPct' : key === 'creditRatioPct' ? 'creditRatios' : key === 'rounds' ? 'rounds' : key;
          if (slot === base || slot.startsWith(`${base}.`)) {
            delete byField[slot];
            touched = true;
          }
        }
      }
      return touched ? { ...prev, byField } : prev;
    });
  };

  const submit = async (values: TaskFormValues) => {
    const input = valuesToInput(values);
    try {
      let result: { task: PlanTaskFieldsFragment | null; errors: ServerError[] } | null;
      if (task) {
        const { data } = await updateTask({ variables: { id: task.id, input } });
        result = data?.updatePlanTask ? { task: data.updatePlanTask.task, errors: data.updatePlanTask.errors } : null;
      } else {
        const { data } = await createTask({ variables: { planId, input } });
        result = data?.createPlanTask ? { task: data.createPlanTask.task, errors: data.createPlanTask.errors } : null;
      }
      if (!result) {
        setErrors({ byField: {}, general: [t('plans.task.formErrors')] });
        return;
      }
      if (result.errors.length || !result.task) {
        setErrors(groupErrors(result.errors));
        return;
      }
      setErrors({ byField: {}, general: [] });
      onSaved(result.task);
    } catch (e) {
      setErrors({ byField: {}, general: [(e as Error).message] });
    }
  };

  const hasFieldErrors = Object.keys(errors.byField).length > 0;
  const pctInput = (testId: string) => (
    <InputNumber min={0} max={100} step={0.1} precision={2} suffix="%" style={{ width: '100%' }} data-testid={testId} />
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size="large"
      destroyOnHidden
      title={task ? t('plans.task.editTitle') : t('plans.task.new')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('plans.task.cancel')}</Button>
          <Button
            type="primary"
            loading={creating.loading || updating.loading}
            onClick={() => form.submit()}
            data-testid="task-save"
          >
            {t('plans.task.save')}
          </Button>
        </Space>
      }
    >
      <Form<TaskFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        onValuesChange={(changed) => clearSlots(changed)}
        data-testid="task-form"
        scrollToFirstError
      >
        {errors.general.length || hasFieldErrors ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={errors.general.length ? errors.general.join(p.semi) : t('plans.task.formErrors')}
            data-testid="task-form-alert"
          />
        ) : null}
        <Row gutter={16}>
          <Col span={16}>
            <Form.Item
              name="title"
              label={t('plans.tf.title')}
              rules={[{ required: true, whitespace: true, message: t('plans.tf.titleRequired') }]}
              {...serverHelp('title')}
            >
              <Input maxLength={200} data-testid="task-title" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="section" label={t('plans.tf.section')} {...serverHelp('section')}>
              <Input maxLength={100} data-testid="task-section" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="departments" label={t('plans.tf.departments')} {...serverHelp('departments')}>
          <Select mode="multiple" options={DEPARTMENTS.map((d) => ({ value: d, label: t(deptKey(d)) }))} />
        </Form.Item>
        <Form.Item
          name="itemCodes"
          label={t('plans.tf.items')}
          extra={t('plans.tf.itemsHelp')}
          rules={[{ required: true, type: 'array', min: 1, message: t('plans.tf.itemsRequired') }]}
          {...serverHelp('itemCodes')}
        >
          <Select
            mode="multiple"
            loading={items.loading}
            options={itemOptions}
            optionFilterProp="label"
            data-testid="task-items"
          />
        </Form.Item>

        <Form.Item
          name="targetKind"
          label={t('plans.tf.targetKind')}
          extra={
            targetKind === 'PROJECT' ? <span data-testid="task-target-kind-hint">{t('plans.tf.targetKind.projectHint')}</span> : null
          }
          {...serverHelp('targetKind')}
        >
          <Radio.Group data-testid="task-target-kind">
            <Radio value="ENTITY">{t('plans.tf.targetKind.ENTITY')}</Radio>
            <Radio value="PROJECT">{t('plans.tf.targetKind.PROJECT')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="scopeKind" label={t('plans.tf.scope')} {...serverHelp('scopeKind')}>
          <Radio.Group data-testid="task-scope">
            <Radio value="UNDIRECTED">
              {t(targetKind === 'PROJECT' ? 'plans.tf.scope.UNDIRECTED.PROJECT' : 'plans.tf.scope.UNDIRECTED')}
            </Radio>
            <Radio value="DIRECTED">{t('plans.tf.scope.DIRECTED')}</Radio>
          </Radio.Group>
        </Form.Item>
        {scopeKind === 'DIRECTED' ? (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="entityTypes" label={t('plans.tf.entityTypes')} {...serverHelp('entityTypes')}>
                <Select
                  mode="tags"
                  placeholder={t('plans.tf.tagsPlaceholder')}
                  options={ENTITY_TYPE_SUGGESTIONS.map((v) => ({ value: v, label: v }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="natures" label={t('plans.tf.natures')} {...serverHelp('natures')}>
                <Select
                  mode="tags"
                  placeholder={t('plans.tf.tagsPlaceholder')}
                  options={NATURE_SUGGESTIONS.map((v) => ({ value: v, label: v }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="regions" label={t('plans.tf.regions')} {...serverHelp('regions')}>
                <Select mode="tags" placeholder={t('plans.tf.tagsPlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="creditClasses" label={t('plans.tf.creditClasses')} {...serverHelp('creditClasses')}>
                <Select mode="multiple" options={CREDIT_CLASSES.map((c) => ({ value: c, label: c }))} />
              </Form.Item>
            </Col>
          </Row>
        ) : null}

        <Form.Item name="samplingMode" label={t('plans.tf.sampling')} {...serverHelp('samplingMode')}>
          <Radio.Group data-testid="task-sampling">
            <Radio value="RATIO">{t('plans.tf.sampling.RATIO')}</Radio>
            <Radio value="COUNT">{t('plans.tf.sampling.COUNT')}</Radio>
          </Radio.Group>
        </Form.Item>
        {samplingMode === 'COUNT' ? (
          <Form.Item
            name="targetCount"
            label={t('plans.tf.targetCount')}
            rules={[{ required: true, message: t('plans.tf.targetCountRequired') }]}
            {...serverHelp('targetCount')}
          >
            <InputNumber min={1} precision={0} style={{ width: 200 }} data-testid="task-target-count" />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="ratioPct"
              label={t('plans.tf.ratio')}
              rules={[{ required: true, message: t('plans.tf.ratioRequired') }]}
              {...serverHelp('ratioPct')}
            >
              <InputNumber
                min={0}
                max={100}
                step={0.1}
                precision={2}
                suffix="%"
                style={{ width: 200 }}
                data-testid="task-ratio"
              />
            </Form.Item>
            <Form.Item label={t('plans.tf.creditRatios')} extra={t('plans.tf.creditRatiosHelp')} {...serverHelp('creditRatios')}>
              <Row gutter={8}>
                {CREDIT_CLASSES.map((c) => (
                  <Col span={6} key={c}>
                    <Form.Item name={['creditRatioPct', c]} noStyle>
                      {pctInput(`task-credit-${c}`)}
                    </Form.Item>
                    <Typography.Text type="secondary">{c}</Typography.Text>
                  </Col>
                ))}
              </Row>
            </Form.Item>
          </>
        )}

        <Form.Item label={t('plans.tf.rounds')} required {...serverHelp('rounds')}>
          <Form.List name="rounds">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <Form.Item
                    key={field.key}
                    label={t('plans.tf.round', { n: index + 1 })}
                    style={{ marginBottom: 8 }}
                    {...serverHelp(`rounds.${index}`)}
                  >
                    <Space align="baseline">
                      <Form.Item
                        name={[field.name, 'window']}
                        noStyle
                        rules={[{ required: true, message: t('plans.tf.roundRequired') }]}
                      >
                        <DatePicker.RangePicker data-testid={`task-round-${index}`} />
                      </Form.Item>
                      {fields.length > 1 ? (
                        <MinusCircleOutlined aria-label="remove-round" onClick={() => remove(field.name)} />
                      ) : null}
                    </Space>
                  </Form.Item>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ window: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)] })}
                  data-testid="task-round-add"
                >
                  {t('plans.tf.roundAdd')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>

        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="officersPerTeam"
              label={t('plans.tf.officersPerTeam')}
              rules={[{ required: true, type: 'number', min: 2, message: t('plans.tf.officersMin') }]}
              {...serverHelp('officersPerTeam')}
            >
              <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="task-officers" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="targetsPerTeam" label={t('plans.tf.targetsPerTeam')} {...serverHelp('targetsPerTeam')}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="expertsPerTeam" label={t('plans.tf.expertsPerTeam')} {...serverHelp('expertsPerTeam')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="task-experts" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="categories"
          label={t('plans.tf.categories')}
          extra={t('plans.tf.categoriesHelp')}
          {...serverHelp('categories')}
        >
          <Select mode="tags" options={categoryOptions} placeholder={t('plans.tf.tagsPlaceholder')} />
        </Form.Item>
        <Form.Item name="notes" label={t('plans.tf.notes')} {...serverHelp('notes')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
