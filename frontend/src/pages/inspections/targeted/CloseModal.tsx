import { useMutation } from '@apollo/client/react';
import { Alert, DatePicker, Form, Modal, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { orgScope } from '../../../apollo';
import type { TargetedInspectionFieldsFragment } from '../../../gql/graphql';
import { CloseTargetedInspectionMutation } from '../../../graphql/targeted';
import { usePunct } from '../../../i18n';
import { useTargetedT } from './i18n';

interface CloseValues {
  closedOn?: Dayjs | null;
}

export interface CloseModalProps {
  orgCode: string;
  inspection: TargetedInspectionFieldsFragment;
  onClose: () => void;
  onDone: (inspection: TargetedInspectionFieldsFragment) => void;
}

/** “结案”: asks for the closing date; the server's `closedOn` error shows on the date. */
export function CloseModal({ orgCode, inspection, onClose, onDone }: CloseModalProps) {
  const { t } = useTargetedT();
  const p = usePunct();
  const [form] = Form.useForm<CloseValues>();
  const [dateError, setDateError] = useState<string[]>([]);
  const [general, setGeneral] = useState<string[]>([]);
  const [close, { loading }] = useMutation(CloseTargetedInspectionMutation, { context: orgScope(orgCode) });
  const startedOn = typeof inspection.startedOn === 'string' ? dayjs(inspection.startedOn) : null;

  const submit = async (values: CloseValues) => {
    setDateError([]);
    setGeneral([]);
    try {
      const { data } = await close({
        variables: { id: inspection.id, closedOn: values.closedOn?.format('YYYY-MM-DD') ?? '' },
      });
      const payload = data?.closeTargetedInspection;
      const errs = payload?.errors ?? [];
      if (errs.length || !payload?.targetedInspection) {
        setDateError(errs.filter((e) => e.field === 'closedOn').map((e) => e.message));
        const rest = errs.filter((e) => e.field !== 'closedOn').map((e) => e.message);
        setGeneral(errs.length ? rest : [t('targeted.failed')]);
        return;
      }
      onDone(payload.targetedInspection);
    } catch (e) {
      setGeneral([(e as Error).message]);
    }
  };

  return (
    <Modal
      open
      title={t('targeted.close.title')}
      onCancel={onClose}
      okText={t('targeted.close.confirm')}
      cancelText={t('targeted.close.cancel')}
      confirmLoading={loading}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'targeted-close-confirm' }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('targeted.close.intro', { name: inspection.name, code: inspection.code })}</Typography.Paragraph>
      {general.length ? (
        <Alert type="error" showIcon title={general.join(p.semi)} style={{ marginBottom: 12 }} data-testid="targeted-close-error" />
      ) : null}
      <Form<CloseValues>
        form={form}
        layout="vertical"
        initialValues={{ closedOn: dayjs() }}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => setDateError([])}
      >
        <Form.Item
          name="closedOn"
          label={t('targeted.close.closedOn')}
          rules={[{ required: true, message: t('targeted.close.closedOnRequired') }]}
          {...(dateError.length
            ? {
                validateStatus: 'error' as const,
                help: <span data-testid="targeted-error-closedOn">{dateError.join(p.semi)}</span>,
              }
            : {})}
        >
          <DatePicker
            data-testid="targeted-closed-on"
            disabledDate={(d) => (startedOn?.isValid() ? d.isBefore(startedOn, 'day') : false)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
