import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Flex, Form, Input, Layout, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { landingPath } from '../access';
import { PublicHeader } from '../components/PublicHeader';
import { LoginMutation, MeQuery } from '../graphql/operations';
import { useI18n } from '../i18n';

interface LoginValues {
  username: string;
  password: string;
}

/** /login — username and password; errors from the server are shown above the form as sent. */
export function LoginPage() {
  const { t } = useI18n();
  const client = useApolloClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [errors, setErrors] = useState<string[]>([]);
  const [login, { loading }] = useMutation(LoginMutation);
  const { data: meData } = useQuery(MeQuery);
  const [form] = Form.useForm<LoginValues>();
  const [signedIn, setSignedIn] = useState(false);

  async function onFinish(values: LoginValues) {
    setErrors([]);
    try {
      const { data } = await login({ variables: { username: values.username.trim(), password: values.password } });
      const payload = data?.login;
      const me = payload?.me ?? null;
      if (!payload || payload.errors.length > 0 || !me) {
        const messages = payload?.errors.map((e) => e.message).filter(Boolean) ?? [];
        setErrors(messages.length > 0 ? messages : [t('login.failed')]);
        form.setFieldValue('password', '');
        return;
      }
      setSignedIn(true);
      // A new session: forget whatever the previous visitor saw, keep the signed-in user.
      await client.clearStore();
      client.writeQuery({ query: MeQuery, data: { __typename: 'Query', me } });
      navigate(landingPath(me, next), { replace: true });
    } catch (error) {
      setErrors([error instanceof Error ? error.message : String(error)]);
    }
  }

  const alreadySignedIn = meData?.me;
  if (alreadySignedIn && !signedIn && !loading) {
    return <Navigate to={landingPath(alreadySignedIn, next)} replace />;
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader showLogin={false} />
      <Layout.Content>
        <Flex justify="center" style={{ padding: '64px 16px' }}>
          <Card style={{ width: 380, maxWidth: '100%' }} data-testid="login-card">
            <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
              {t('login.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
              {t('app.subtitle')}
            </Typography.Paragraph>
            {errors.length > 0 && (
              <Alert
                type="error"
                showIcon
                role="alert"
                data-testid="login-error"
                style={{ marginBottom: 16 }}
                title={errors.length === 1 ? errors[0] : errors.join('；')}
              />
            )}
            <Form<LoginValues> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={loading}>
              <Form.Item
                label={t('login.username')}
                name="username"
                rules={[{ required: true, whitespace: true, message: t('login.required.username') }]}
              >
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
              </Form.Item>
              <Form.Item
                label={t('login.password')}
                name="password"
                rules={[{ required: true, message: t('login.required.password') }]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={loading}>
                {t('login.submit')}
              </Button>
            </Form>
          </Card>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
