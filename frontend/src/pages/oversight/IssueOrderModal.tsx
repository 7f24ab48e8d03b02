import { useMutation } from '@apollo/client/react';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { orgScope } from '../../apollo';
import type { OversightRowFieldsFragment } from '../../gql/graphql';
import { IssueRectificationOrderMutation } from '../../graphql/oversight';
import { useOrg } from '../../orgContext';

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
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [issue, { loading }] = useMutation(IssueRectificationOrderMutation, { context: orgScope(code) });
  const [formError, setFormError] = useState('');
  const initialProblem = county.late ? `${year}年度有${county.late}项检查结果未在20个工作日内公示。` : '';

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
      setFormError(errs.map((e) => e.message).join('；'));
      return;
    }
    message.success(`已签发整改通知 ${payload?.order?.reference ?? ''}`);
    onClose(true);
    if (payload?.order) navigate(`/o/${code}/oversight/orders/${payload.order.id}`);
  };

  return (
    <Modal
      open
      title={`向${county.organisationName}签发督促整改通知`}
      okText="签发"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={loading}
      onCancel={() => onClose(false)}
      okButtonProps={{ id: 'issue-submit' }}
    >
      <Form form={form} layout="vertical" initialValues={{ problem: initialProblem, legalBasis: '', deadlineDays: 10 }}>
        <Form.Item name="problem" label="存在的问题" required>
          <Input.TextArea rows={3} data-testid="issue-problem" />
        </Form.Item>
        <Form.Item name="legalBasis" label="整改依据（法规条款）" required>
          <Input placeholder="如：《企业信息公示暂行条例》第六条" data-testid="issue-basis" />
        </Form.Item>
        <Form.Item name="deadlineDays" label="整改期限（工作日）" required>
          <InputNumber min={1} max={120} data-testid="issue-days" />
        </Form.Item>
        {formError && <div style={{ color: '#cf1322' }}>{formError}</div>}
      </Form>
    </Modal>
  );
}
