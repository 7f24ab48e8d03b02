import { useMutation } from '@apollo/client/react';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { orgScope } from '../../apollo';
import type { OversightRowFieldsFragment } from '../../gql/graphql';
import { IssueRectificationOrderMutation } from '../../graphql/oversight';
import { useOrg } from '../../orgContext';
import { useOversightT } from './i18n';

interface Values {
  problem: string;
  legalBasis: string;
  deadlineDays: number | null;
}

/** 签发督促整改通知: what is wrong, the legal basis, a deadline in working days. */
export function IssueOrderModal({
  county,
  year,
  onClose,
}: {
  county: OversightRowFieldsFragment;
  year: number;
  onClose: (issued: boolean) => void;
}) {
  const { code } = useOrg();
  const { t } = useOversightT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [issue, { loading }] = useMutation(IssueRectificationOrderMutation, { context: orgScope(code) });
  const [formError, setFormError] = useState('');
  const initialProblem = county.late ? t('ov.issue.problemLate', { year, late: county.late }) : '';

  const submit = async () => {
    const v = form.getFieldsValue();
    const result = await issue({
      variables: {
        countyCode: county.organisationCode,
        year,
        problem: v.problem ?? '',
        legalBasis: v.legalBasis ?? '',
        deadlineDays: v.deadlineDays ?? null,
      },
    });
    const payload = result.data?.issueRectificationOrder;
    const errs = payload?.errors ?? [];
    if (errs.length) {
      form.setFields(
        errs
          .filter((e) => ['problem', 'legalBasis', 'deadlineDays'].includes(e.field ?? ''))
          .map((e) => ({ name: e.field as keyof Values, errors: [e.message] })),
      );
      setFormError(errs.map((e) => e.message).join(t('ov.sep')));
      return;
    }
    message.success(t('ov.issue.done', { reference: payload?.order?.reference ?? '' }));
    onClose(true);
    if (payload?.order) navigate(`/o/${code}/oversight/orders/${payload.order.id}`);
  };

  return (
    <Modal
      open
      title={t('ov.issue.title', { county: county.organisationName })}
      okText={t('ov.issue.ok')}
      cancelText={t('ov.cancel')}
      onOk={() => void submit()}
      confirmLoading={loading}
      onCancel={() => onClose(false)}
      okButtonProps={{ id: 'issue-submit' }}
    >
      <Form form={form} layout="vertical" initialValues={{ problem: initialProblem, legalBasis: '', deadlineDays: 10 }}>
        <Form.Item name="problem" label={t('ov.issue.problem')} required>
          <Input.TextArea rows={3} data-testid="issue-problem" />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('ov.issue.basis')} required>
          <Input placeholder={t('ov.issue.basisHint')} data-testid="issue-basis" />
        </Form.Item>
        <Form.Item name="deadlineDays" label={t('ov.issue.days')} required>
          <InputNumber min={1} max={120} data-testid="issue-days" />
        </Form.Item>
        {formError && <div style={{ color: '#cf1322' }}>{formError}</div>}
      </Form>
    </Modal>
  );
}
