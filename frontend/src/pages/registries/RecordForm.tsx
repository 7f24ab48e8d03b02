import { useApolloClient } from '@apollo/client/react';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { orgScope } from '../../apollo';
import {
  CreateInspectionItemMutation,
  CreateInspectorMutation,
  CreateMarketEntityMutation,
  CreateProjectMutation,
  ReviseInspectionItemMutation,
  UpdateInspectorMutation,
  UpdateMarketEntityMutation,
  UpdateProjectMutation,
} from '../../graphql/registries';
import { useI18n, usePunct } from '../../i18n';
import { useOrg } from '../../orgContext';
import { applyServerErrors, enumOptions, type MutationErrorLike, type RegistryKindKey } from './common';
import { FORM_FIELDS, isMasked, type FieldSpec } from './fields';

type FormValue = string | number | boolean | Dayjs | null | undefined;
type FormValues = Record<string, FormValue>;

/** A registry record as the list/detail queries return it (only the fields the form reads). */
export type RecordLike = Record<string, unknown> & { id: string };

function toFormValue(spec: FieldSpec, record: RecordLike): FormValue {
  if (spec.name === 'responsibleEntityUscc') {
    const entity = record.responsibleEntity as { uscc?: string } | null | undefined;
    return entity?.uscc ?? '';
  }
  const value = record[spec.name];
  if (spec.type === 'date') return typeof value === 'string' && value ? dayjs(value) : null;
  if (spec.name === 'categories' && Array.isArray(value)) return value.join('、');
  if (spec.type === 'bool') return !!value;
  if (spec.type === 'number') return typeof value === 'number' ? value : null;
  return (value as string | null | undefined) ?? '';
}

function toInput(spec: FieldSpec, value: FormValue): string | boolean {
  if (spec.type === 'bool') return !!value;
  if (spec.type === 'date') return dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : '';
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

export function initialFormValues(kind: RegistryKindKey, record: RecordLike | null): FormValues {
  const specs = FORM_FIELDS[kind];
  if (!record) {
    const defaults: FormValues = {};
    if (kind === 'items') Object.assign(defaults, { department: 'HOUSING', needsExpert: false });
    if (kind === 'entities') Object.assign(defaults, { creditClass: 'B', status: 'ACTIVE' });
    if (kind === 'projects') defaults.constructionStatus = 'UNDER_CONSTRUCTION';
    if (kind === 'inspectors') Object.assign(defaults, { kind: 'OFFICER', department: 'HOUSING' });
    return defaults;
  }
  return Object.fromEntries(specs.map((spec) => [spec.name, toFormValue(spec, record)]));
}

/**
 * The mutation input: everything filled in when creating; only what changed when editing (so a
 * masked personal value shown in the form is never sent back).
 */
export function buildInput(kind: RegistryKindKey, values: FormValues, initial: FormValues, editing: boolean) {
  const input: Record<string, string | boolean> = {};
  for (const spec of FORM_FIELDS[kind]) {
    if (editing && spec.createOnly) continue;
    const value = toInput(spec, values[spec.name]);
    if (editing) {
      if (value === toInput(spec, initial[spec.name])) continue;
      if (spec.personal && isMasked(value)) continue;
    } else if (value === '') {
      continue;
    }
    input[spec.name] = value;
  }
  return input;
}

interface SaveOutcome {
  id: string | null;
  errors: readonly MutationErrorLike[];
}

export interface RecordFormProps {
  kind: RegistryKindKey;
  /** null: create a new record */
  record: RecordLike | null;
  open: boolean;
  onClose: () => void;
  onSaved: (id: string) => void;
}

/** Create or edit one record; the server's per-field errors are shown on their fields. */
export function RecordForm({ kind, record, open, onClose, onSaved }: RecordFormProps) {
  const { t } = useI18n();
  const p = usePunct();
  const { code } = useOrg();
  const client = useApolloClient();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const editing = record !== null;
  const initial = useMemo(() => initialFormValues(kind, record), [kind, record]);
  const specs = FORM_FIELDS[kind].filter((spec) => !(editing && spec.createOnly && kind !== 'items'));
  const hasMasked = editing && FORM_FIELDS[kind].some((s) => s.personal && isMasked(initial[s.name]));

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initial);
      setGeneral([]);
    }
  }, [open, initial, form]);

  async function save(values: FormValues): Promise<SaveOutcome> {
    const input = buildInput(kind, values, initial, editing);
    const context = orgScope(code);
    if (kind === 'items') {
      if (editing) {
        const { effectiveFrom, ...rest } = input;
        const { data } = await client.mutate({
          mutation: ReviseInspectionItemMutation,
          variables: { id: record.id, input: rest, effectiveFrom: (effectiveFrom as string) || null },
          context,
        });
        const r = data?.reviseInspectionItem;
        return { id: r?.inspectionItem?.id ?? null, errors: r?.errors ?? [] };
      }
      const { data } = await client.mutate({ mutation: CreateInspectionItemMutation, variables: { input }, context });
      const r = data?.createInspectionItem;
      return { id: r?.inspectionItem?.id ?? null, errors: r?.errors ?? [] };
    }
    if (kind === 'entities') {
      const { data } = editing
        ? await client.mutate({ mutation: UpdateMarketEntityMutation, variables: { id: record.id, input }, context })
        : await client.mutate({ mutation: CreateMarketEntityMutation, variables: { input }, context });
      const r = data && ('updateMarketEntity' in data ? data.updateMarketEntity : data.createMarketEntity);
      return { id: r?.marketEntity?.id ?? null, errors: r?.errors ?? [] };
    }
    if (kind === 'projects') {
      const { data } = editing
        ? await client.mutate({ mutation: UpdateProjectMutation, variables: { id: record.id, input }, context })
        : await client.mutate({ mutation: CreateProjectMutation, variables: { input }, context });
      const r = data && ('updateProject' in data ? data.updateProject : data.createProject);
      return { id: r?.project?.id ?? null, errors: r?.errors ?? [] };
    }
    const { data } = editing
      ? await client.mutate({ mutation: UpdateInspectorMutation, variables: { id: record.id, input }, context })
      : await client.mutate({ mutation: CreateInspectorMutation, variables: { input: { ...input, active: true } }, context });
    const r = data && ('updateInspector' in data ? data.updateInspector : data.createInspector);
    return { id: r?.inspector?.id ?? null, errors: r?.errors ?? [] };
  }

  async function submit() {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setGeneral([]);
    try {
      const outcome = await save(values);
      if (outcome.errors.length > 0 || !outcome.id) {
        const names = FORM_FIELDS[kind].map((s) => s.name);
        const rest = applyServerErrors(form, outcome.errors, names);
        setGeneral(rest.length > 0 ? rest : outcome.errors.length > 0 ? [t('reg.formErrors')] : [t('common.error')]);
        return;
      }
      onSaved(outcome.id);
    } catch (error) {
      setGeneral([error instanceof Error ? error.message : String(error)]);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={`${editing ? t('reg.edit') : t('reg.new')} · ${t(`reg.kind.${kind}`)}`}
      okText={t('reg.save')}
      cancelText={t('reg.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={saving}
      width={720}
      destroyOnHidden
      forceRender
    >
      <div data-testid={`record-form-${kind}`}>
        {kind === 'items' && editing ? (
          <Typography.Paragraph type="secondary">{t('reg.revise.note')}</Typography.Paragraph>
        ) : null}
        {hasMasked ? <Typography.Paragraph type="secondary">{t('reg.personal.masked')}</Typography.Paragraph> : null}
        {general.length > 0 ? (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={general.join(p.semi)} data-testid="form-errors" />
        ) : null}
        <Form form={form} layout="horizontal" labelCol={{ span: 7 }} wrapperCol={{ span: 16 }}>
          {specs.map((spec) => {
            const label =
              kind === 'items' && editing && spec.name === 'effectiveFrom' ? t('reg.revise.effectiveFrom') : t(spec.label);
            const disabled = kind === 'items' && editing && spec.name === 'code';
            return (
              <Form.Item
                key={spec.name}
                name={spec.name}
                label={label}
                valuePropName={spec.type === 'bool' ? 'checked' : 'value'}
                rules={spec.required && !disabled ? [{ required: true, message: `${label}*` }] : []}
              >
                {renderInput(spec, t, disabled)}
              </Form.Item>
            );
          })}
        </Form>
      </div>
    </Modal>
  );
}

function renderInput(spec: FieldSpec, t: ReturnType<typeof useI18n>['t'], disabled: boolean) {
  switch (spec.type) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />;
    case 'select':
      return <Select options={enumOptions(t, spec.options!.prefix, spec.options!.values)} allowClear={!spec.required} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} />;
    case 'bool':
      return <Switch />;
    case 'number':
      return <InputNumber min={0} precision={0} style={{ width: '100%' }} />;
    default:
      return <Input disabled={disabled} />;
  }
}
