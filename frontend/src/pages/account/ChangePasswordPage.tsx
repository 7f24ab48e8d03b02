import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ChangePasswordMutation } from '../../graphql/account';
import { MeQuery } from '../../graphql/operations';
import { PageSpin } from '../PageSpin';
import { AccountLayout } from './AccountLayout';
import { useAccountT } from './i18n';
import { NewPasswordFields } from './parts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** /account/password — 修改密码: the current password, then a new one meeting the policy. */
export function ChangePasswordPage() {
  const { t } = useAccountT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data, loading } = useQuery(MeQuery);
  const [change, state] = useMutation(ChangePasswordMutation);
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<{ current?: string; new?: string; general?: string }>({});

  if (loading && !data) return <PageSpin />;
  const me = data?.me;
  if (!me) return <Navigate to="/login?next=%2Faccount%2Fpassword" replace />;

  async function onFinish(values: Values) {
    setErrors({});
    const { data: res } = await change({ variables: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
    const problems = res?.changePassword?.errors ?? [];
    if (problems.length > 0) {
      setErrors({
        current: problems.find((e) => e.field === 'currentPassword')?.message,
        new: problems.find((e) => e.field === 'newPassword')?.message,
        general: problems.find((e) => !e.field)?.message,
      });
      return;
    }
    message.success(t('acct.password.done'));
    form.resetFields();
    navigate('/account');
  }

  return (
    <AccountLayout me={me}>
      <Card style={{ maxWidth: 480, marginTop: 16 }} data-testid="change-password">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('acct.password.title')}
        </Typography.Title>
        {errors.general ? <Alert type="error" showIcon title={errors.general} style={{ marginBottom: 16 }} /> : null}
        <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={state.loading}>
          <Form.Item
            label={t('acct.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('acct.current.required') }]}
            validateStatus={errors.current ? 'error' : undefined}
            help={errors.current}
          >
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <NewPasswordFields serverError={errors.new} />
          <Button type="primary" htmlType="submit" loading={state.loading} data-testid="change-password-submit">
            {t('acct.password.submit')}
          </Button>
        </Form>
      </Card>
    </AccountLayout>
  );
}
