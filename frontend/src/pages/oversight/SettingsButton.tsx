import { useMutation } from '@apollo/client/react';
import { App, Button, Form, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { UpdateOversightSettingMutation } from '../../graphql/oversight';
import { useOrg } from '../../orgContext';
import { useOversightT } from './i18n';

/** 指标设置: the prefecture's joint-inspection target and after how many working days a card turns red. */
export function SettingsButton({ joint, redAfter, onSaved }: { joint: number; redAfter: number; onSaved: () => void }) {
  const { code } = useOrg();
  const { t } = useOversightT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ joint: number; redAfter: number }>();
  const [save, { loading }] = useMutation(UpdateOversightSettingMutation, { context: orgScope(code) });
  const submit = async () => {
    const v = form.getFieldsValue();
    const result = await save({ variables: { jointTargetPercent: v.joint ?? -1, redAfterWorkingDays: v.redAfter ?? 0 } });
    const errs = result.data?.updateOversightSetting?.errors ?? [];
    if (errs.length) {
      message.error(errs.map((e) => e.message).join(t('ov.sep')));
      return;
    }
    message.success(t('ov.settings.saved'));
    setOpen(false);
    onSaved();
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('ov.settings')}</Button>
      <Modal open={open} title={t('ov.settings')} okText={t('ov.settings.save')} cancelText={t('ov.cancel')} onOk={() => void submit()} confirmLoading={loading} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ joint, redAfter }}>
          <Form.Item name="joint" label={t('ov.settings.joint')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
          <Form.Item name="redAfter" label={t('ov.settings.redAfter')}>
            <InputNumber min={1} max={60} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
