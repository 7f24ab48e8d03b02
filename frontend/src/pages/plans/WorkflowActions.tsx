import { useMutation } from '@apollo/client/react';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { usePunct } from '../../i18n';
import type { AnnualPlanFieldsFragment, PlanAction } from '../../gql/graphql';
import { TransitionPlanMutation } from '../../graphql/plans';
import { ACTION_ORDER, actionKey } from './format';
import { usePlansT } from './i18n';

export interface WorkflowActionsProps {
  orgCode: string;
  plan: Pick<AnnualPlanFieldsFragment, 'id' | 'availableActions'>;
  /** The prefecture reports its own plan to the justice authority: recipient required. */
  isPrefecture: boolean;
  onDone?: (plan: AnnualPlanFieldsFragment) => void;
}

interface ActionValues {
  comment?: string;
  recipient?: string;
  reportedOn?: Dayjs | null;
}

/** One button per action the server says the user may take now, each confirmed in a modal. */
export function WorkflowActions({ orgCode, plan, isPrefecture, onDone }: WorkflowActionsProps) {
  const { t } = usePlansT();
  const p = usePunct();
  const { message } = App.useApp();
  const [action, setAction] = useState<PlanAction | null>(null);
  const [form] = Form.useForm<ActionValues>();
  const [errors, setErrors] = useState<{ comment?: string; recipient?: string; reportedOn?: string; general?: string }>({});
  const [transition, { loading }] = useMutation(TransitionPlanMutation, { context: orgScope(orgCode) });

  const actions = ACTION_ORDER.filter((a) => plan.availableActions.includes(a));
  const commentRequired = action === 'RETURN' || action === 'ADJUST';
  const commentLabel =
    action === 'RETURN'
      ? t('plans.action.commentReturn')
      : action === 'ADJUST'
        ? t('plans.action.commentAdjust')
        : t('plans.action.comment');

  const open = (a: PlanAction) => {
    setErrors({});
    form.resetFields();
    form.setFieldsValue({ comment: '', recipient: '', reportedOn: dayjs() });
    setAction(a);
  };

  const submit = async (values: ActionValues) => {
    if (!action) return;
    try {
      const { data } = await transition({
        variables: {
          planId: plan.id,
          action,
          comment: values.comment?.trim() || null,
          recipient: action === 'REPORT' ? values.recipient?.trim() || null : null,
          reportedOn: action === 'REPORT' && values.reportedOn ? values.reportedOn.format('YYYY-MM-DD') : null,
        },
      });
      const result = data?.transitionPlan;
      const errs = result?.errors ?? [];
      if (errs.length || !result?.plan) {
        const next: typeof errors = {};
        for (const e of errs) {
          if (e.field === 'comment' || e.field === 'recipient' || e.field === 'reportedOn')
            next[e.field] = [next[e.field], e.message].filter(Boolean).join(p.semi);
          else next.general = [next.general, e.message].filter(Boolean).join(p.semi);
        }
        if (!errs.length) next.general = t('plans.loadFailed');
        setErrors(next);
        return;
      }
      const label = t(actionKey(action));
      setAction(null);
      void message.success(t('plans.action.done', { action: label }));
      onDone?.(result.plan);
    } catch (e) {
      setErrors({ general: (e as Error).message });
    }
  };

  const fieldError = (name: 'comment' | 'recipient' | 'reportedOn') =>
    errors[name]
      ? { validateStatus: 'error' as const, help: <span data-testid={`action-error-${name}`}>{errors[name]}</span> }
      : {};

  if (!actions.length) return null;
  return (
    <>
      <Space wrap data-testid="plan-actions">
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'RETURN' ? 'default' : 'primary'}
            danger={a === 'RETURN'}
            onClick={() => open(a)}
            data-testid={`plan-action-${a}`}
          >
            {t(actionKey(a))}
          </Button>
        ))}
      </Space>
      <Modal
        open={action !== null}
        title={action ? t('plans.action.title', { action: t(actionKey(action)) }) : ''}
        okText={t('plans.action.confirm')}
        cancelText={t('plans.action.cancel')}
        confirmLoading={loading}
        onOk={() => form.submit()}
        onCancel={() => setAction(null)}
        okButtonProps={{ 'data-testid': 'plan-action-confirm' } as Record<string, string>}
        destroyOnHidden
        forceRender
      >
        {action === 'ADJUST' ? <Typography.Paragraph type="warning">{t('plans.action.adjustHint')}</Typography.Paragraph> : null}
        {action === 'PUBLISH' ? (
          <Typography.Paragraph type="secondary">{t('plans.action.publishHint')}</Typography.Paragraph>
        ) : null}
        {errors.general ? (
          <Alert type="error" showIcon title={errors.general} style={{ marginBottom: 12 }} data-testid="action-error" />
        ) : null}
        <Form<ActionValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={(changed) =>
            setErrors((prev) => {
              const next = { ...prev };
              for (const key of Object.keys(changed)) delete next[key as keyof typeof next];
              return next;
            })
          }
        >
          {action === 'REPORT' ? (
            <>
              <Form.Item
                name="recipient"
                label={t('plans.action.recipient')}
                rules={isPrefecture ? [{ required: true, whitespace: true, message: t('plans.action.recipientRequired') }] : []}
                {...fieldError('recipient')}
              >
                <Input
                  maxLength={100}
                  placeholder={isPrefecture ? t('plans.action.recipientPrefecture') : t('plans.action.recipientCounty')}
                  data-testid="action-recipient"
                />
              </Form.Item>
              <Form.Item name="reportedOn" label={t('plans.action.reportedOn')} {...fieldError('reportedOn')}>
                <DatePicker data-testid="action-reported-on" />
              </Form.Item>
            </>
          ) : null}
          <Form.Item
            name="comment"
            label={commentLabel}
            rules={
              commentRequired
                ? [
                    {
                      required: true,
                      whitespace: true,
                      message:
                        action === 'RETURN'
                          ? t('plans.action.commentRequiredReturn')
                          : t('plans.action.commentRequiredAdjust'),
                    },
                  ]
                : []
            }
            {...fieldError('comment')}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="action-comment" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
