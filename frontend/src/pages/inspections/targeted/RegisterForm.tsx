import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { orgScope } from '../../../apollo';
import type {
  RegisterTargetedInspectionMutationVariables,
  TargetKind,
  TargetedInspectionFieldsFragment,
  TargetedReason,
} from '../../../gql/graphql';
import { RegisterTargetedInspectionMutation, TargetedItemOptionsQuery } from '../../../graphql/targeted';
import { usePunct } from '../../../i18n';
import { REASONS } from './format';
import { useTargetedT } from './i18n';

export interface RegisterValues {
  targetKind: TargetKind;
  uscc?: string;
  projectCode?: string;
  reason?: TargetedReason;
  startedOn?: Dayjs | null;
  itemCodes?: string[];
  description?: string;
}

interface ServerError {
  field: string | null;
  message: string;
}

export interface GroupedErrors {
  byField: Record<string, string[]>;
  general: string[];
}

const NO_ERRORS: GroupedErrors = { byField: {}, general: [] };

/**
 * Where a server error belongs in the form: the mutation's argument (`uscc`, `projectCode`,
 * `reason`, `startedOn`, `itemCodes.N`, `description`) → the form item showing it; null → the alert.
 */
export function errorSlot(field: string | null): string | null {
  if (!field) return null;
  const head = field.split('.')[0];
  switch (head) {
    case 'uscc':
    case 'projectCode':
    case 'reason':
    case 'startedOn':
    case 'itemCodes':
    case 'description':
      return head;
    default:
      return null;
  }
}

/** Groups the errors by form item; those naming no item shown in the form go to `general`. */
export function groupErrors(errors: readonly ServerError[], shown: readonly string[]): GroupedErrors {
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  for (const e of errors) {
    const slot = errorSlot(e.field);
    if (slot && shown.includes(slot)) (byField[slot] ??= []).push(e.message);
    else general.push(e.message);
  }
  return { byField, general };
}

/** The form's values → the mutation's arguments: exactly one of `uscc` / `projectCode`. */
export function valuesToVariables(v: RegisterValues): RegisterTargetedInspectionMutationVariables {
  const target =
    v.targetKind === 'PROJECT' ? { projectCode: (v.projectCode ?? '').trim() } : { uscc: (v.uscc ?? '').trim().toUpperCase() };
  return {
    ...target,
    reason: v.reason as TargetedReason,
    startedOn: v.startedOn?.format('YYYY-MM-DD') ?? '',
    itemCodes: v.itemCodes ?? [],
    description: (v.description ?? '').trim(),
  };
}

export function defaultRegisterValues(): RegisterValues {
  return { targetKind: 'ENTITY', startedOn: dayjs(), itemCodes: [], description: '' };
}

export interface RegisterFormProps {
  orgCode: string;
  open: boolean;
  onClose: () => void;
  onSaved: (inspection: TargetedInspectionFieldsFragment) => void;
  initialValues?: RegisterValues;
}

/** “登记定向检查”: a market entity or a construction project; the server's errors on their fields. */
export function RegisterForm({ orgCode, open, onClose, onSaved, initialValues }: RegisterFormProps) {
  const { t } = useTargetedT();
  const p = usePunct();
  const [form] = Form.useForm<RegisterValues>();
  const [errors, setErrors] = useState<GroupedErrors>(NO_ERRORS);
  const targetKind = Form.useWatch('targetKind', form) ?? initialValues?.targetKind ?? 'ENTITY';
  const items = useQuery(TargetedItemOptionsQuery, { context: orgScope(orgCode), fetchPolicy: 'network-only', skip: !open });
  const [register, { loading }] = useMutation(RegisterTargetedInspectionMutation, { context: orgScope(orgCode) });
  const initial = useMemo(() => initialValues ?? defaultRegisterValues(), [initialValues]);

  const itemOptions = useMemo(
    () =>
      (items.data?.inspectionItems?.edges ?? []).flatMap((e) =>
        e?.node ? [{ value: e.node.code, label: `${e.node.code} ${e.node.name}` }] : [],
      ),
    [items.data],
  );

  const codeSlot = targetKind === 'PROJECT' ? 'projectCode' : 'uscc';
  const shownSlots = [codeSlot, 'reason', 'startedOn', 'itemCodes', 'description'];

  const serverHelp = (slot: string) => {
    const messages = errors.byField[slot];
    return messages?.length
      ? { validateStatus: 'error' as const, help: <span data-testid={`targeted-error-${slot}`}>{messages.join(p.semi)}</span> }
      : {};
  };

  const clearSlots = (changed: Partial<RegisterValues>) => {
    const keys = Object.keys(changed);
    setErrors((prev) => {
      // Switching the target kind moves the code field: its errors no longer apply.
      const gone = keys.includes('targetKind') ? [...keys, 'uscc', 'projectCode'] : keys;
      if (!gone.some((k) => k in prev.byField)) return prev;
      const byField = { ...prev.byField };
      for (const k of gone) delete byField[k];
      return { ...prev, byField };
    });
  };

  const submit = async (values: RegisterValues) => {
    try {
      const { data } = await register({ variables: valuesToVariables(values) });
      const payload = data?.registerTargetedInspection;
      if (!payload) {
        setErrors({ byField: {}, general: [t('targeted.failed')] });
        return;
      }
      if (payload.errors.length || !payload.targetedInspection) {
        const grouped = groupErrors(payload.errors, shownSlots);
        setErrors(grouped.general.length || Object.keys(grouped.byField).length ? grouped : { byField: {}, general: [t('targeted.failed')] });
        return;
      }
      setErrors(NO_ERRORS);
      onSaved(payload.targetedInspection);
    } catch (e) {
      setErrors({ byField: {}, general: [(e as Error).message] });
    }
  };

  const hasFieldErrors = Object.keys(errors.byField).length > 0;

  return (
    <Modal
      open={open}
      title={t('targeted.form.title')}
      onCancel={onClose}
      okText={t('targeted.form.save')}
      cancelText={t('targeted.form.cancel')}
      confirmLoading={loading}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'targeted-save' }}
      destroyOnHidden
      width={640}
    >
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed) => clearSlots(changed)}
        data-testid="targeted-form"
      >
        {errors.general.length || hasFieldErrors ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={errors.general.length ? errors.general.join(p.semi) : t('targeted.form.errors')}
            data-testid="targeted-form-alert"
          />
        ) : null}
        <Form.Item name="targetKind" label={t('targeted.form.kind')}>
          <Radio.Group data-testid="targeted-kind">
            <Radio value="ENTITY">{t('targeted.kind.ENTITY')}</Radio>
            <Radio value="PROJECT">{t('targeted.kind.PROJECT')}</Radio>
          </Radio.Group>
        </Form.Item>
        {targetKind === 'PROJECT' ? (
          <Form.Item
            key="projectCode"
            name="projectCode"
            label={t('targeted.form.projectCode')}
            extra={t('targeted.form.codeHelp')}
            rules={[{ required: true, whitespace: true, message: t('targeted.form.projectCodeRequired') }]}
            {...serverHelp('projectCode')}
          >
            <Input maxLength={50} placeholder={t('targeted.form.projectCodePlaceholder')} data-testid="targeted-project-code" />
          </Form.Item>
        ) : (
          <Form.Item
            key="uscc"
            name="uscc"
            label={t('targeted.form.uscc')}
            extra={t('targeted.form.codeHelp')}
            rules={[{ required: true, whitespace: true, message: t('targeted.form.usccRequired') }]}
            {...serverHelp('uscc')}
          >
            <Input maxLength={18} placeholder={t('targeted.form.usccPlaceholder')} data-testid="targeted-uscc" />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('targeted.form.reason')}
          rules={[{ required: true, message: t('targeted.form.reasonRequired') }]}
          {...serverHelp('reason')}
        >
          <Select<TargetedReason>
            data-testid="targeted-reason"
            options={REASONS.map((r) => ({ value: r, label: t(`targeted.reason.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="startedOn"
          label={t('targeted.form.startedOn')}
          rules={[{ required: true, message: t('targeted.form.startedOnRequired') }]}
          {...serverHelp('startedOn')}
        >
          <DatePicker data-testid="targeted-started-on" />
        </Form.Item>
        <Form.Item name="itemCodes" label={t('targeted.form.items')} extra={t('targeted.form.itemsHelp')} {...serverHelp('itemCodes')}>
          <Select
            mode="multiple"
            allowClear
            loading={items.loading}
            options={itemOptions}
            optionFilterProp="label"
            placeholder={t('targeted.form.itemsPlaceholder')}
            data-testid="targeted-items"
          />
        </Form.Item>
        <Form.Item name="description" label={t('targeted.form.description')} {...serverHelp('description')}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="targeted-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
