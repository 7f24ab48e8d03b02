import { LockOutlined, ReloadOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Flex, Form, Input, Layout, Space, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { landingPath, type Me } from '../access';
import { PublicHeader } from '../components/PublicHeader';
import type { LoginStep } from '../gql/graphql';
import { ContinueLoginMutation, NewLoginCaptchaMutation } from '../graphql/account';
import { LoginMutation, MeQuery } from '../graphql/operations';
import { useI18n, usePunct } from '../i18n';
import { useAccountT } from './account/i18n';
import { EnrolmentCode, NewPasswordFields, RecoveryCodes } from './account/parts';

type SecondFactorSetup = { secret: string; qrCode: string; uri: string };

interface LoginValues {
  username: string;
  password: string;
  captchaAnswer?: string;
}

interface StepValues {
  code?: string;
  newPassword?: string;
}

interface Payload {
  me?: Me | null;
  nextStep?: LoginStep | null;
  passwordChangeReason?: string | null;
  secondFactorSetup?: Pick<SecondFactorSetup, 'secret' | 'uri' | 'qrCode'> | null;
  recoveryCodes?: readonly string[] | null;
  errors: readonly { field?: string | null; code: string; message: string }[];
}

const CAPTCHA_CODES = new Set(['captcha_required', 'captcha_invalid']);

/**
 * /login — username and password (and a captcha after repeated failures), then the steps the
 * server asks for: the second factor, a forced password change, enrolling an authenticator.
 * Errors from the server are shown as sent (they never tell whether an account exists).
 */
export function LoginPage() {
  const { t } = useI18n();
  const p = usePunct();
  const { t: ta } = useAccountT();
  const client = useApolloClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [errors, setErrors] = useState<string[]>([]);
  const [login, { loading }] = useMutation(LoginMutation);
  const [continueLogin, continueState] = useMutation(ContinueLoginMutation);
  const [newCaptcha] = useMutation(NewLoginCaptchaMutation);
  const { data: meData } = useQuery(MeQuery);
  const [form] = Form.useForm<LoginValues>();
  const [stepForm] = Form.useForm<StepValues>();
  const [signedIn, setSignedIn] = useState(false);
  const [captcha, setCaptcha] = useState<{ key: string; imageUrl: string } | null>(null);
  const [step, setStep] = useState<Payload | null>(null);
  const [codes, setCodes] = useState<{ codes: readonly string[]; me: Me } | null>(null);
  const busy = loading || continueState.loading;

  async function refreshCaptcha() {
    const { data } = await newCaptcha();
    const fresh = data?.newLoginCaptcha?.captcha;
    if (fresh) setCaptcha(fresh);
    form.setFieldValue('captchaAnswer', '');
  }

  async function finish(me: Me) {
    setSignedIn(true);
    // A new session: forget whatever the previous visitor saw, keep the signed-in user.
    await client.clearStore();
    client.writeQuery({ query: MeQuery, data: { __typename: 'Query', me } });
    navigate(landingPath(me, next), { replace: true });
  }

  async function handle(payload: Payload | null | undefined, fromStep: boolean) {
    if (!payload) {
      setErrors([t('login.failed')]);
      return;
    }
    if (payload.errors.length > 0) {
      setErrors(payload.errors.map((e) => e.message));
      if (!fromStep) {
        form.setFieldValue('password', '');
        if (payload.errors.some((e) => CAPTCHA_CODES.has(e.code))) await refreshCaptcha();
        else if (captcha) await refreshCaptcha();
      } else if (payload.errors.some((e) => e.code === 'login_expired' || e.code === 'too_many_tries')) {
        setStep(null);
      }
      return;
    }
    setErrors([]);
    stepForm.resetFields();
    if (payload.me) {
      if (payload.recoveryCodes && payload.recoveryCodes.length > 0) {
        setStep(null);
        setCodes({ codes: payload.recoveryCodes, me: payload.me });
        return;
      }
      await finish(payload.me);
      return;
    }
    // Enrolling is the last step: recovery codes come with `me`.
    setStep(payload);
  }

  async function onFinish(values: LoginValues) {
    setErrors([]);
    try {
      const { data } = await login({
        variables: {
          username: values.username.trim(),
          password: values.password,
          ...(captcha ? { captchaKey: captcha.key, captchaAnswer: values.captchaAnswer ?? '' } : {}),
        },
      });
      await handle(data?.login as Payload | undefined, false);
    } catch (error) {
      setErrors([error instanceof Error ? error.message : String(error)]);
    }
  }

  async function onStep(values: StepValues) {
    try {
      const { data } = await continueLogin({
        variables: { code: values.code?.trim() ?? null, newPassword: values.newPassword ?? null },
      });
      await handle(data?.continueLogin as Payload | undefined, true);
    } catch (error) {
      setErrors([error instanceof Error ? error.message : String(error)]);
    }
  }

  const alreadySignedIn = meData?.me;
  if (alreadySignedIn && !signedIn && !busy && !codes) {
    return <Navigate to={landingPath(alreadySignedIn, next)} replace />;
  }

  const errorBox =
    errors.length > 0 ? (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="login-error"
        style={{ marginBottom: 16 }}
        title={errors.length === 1 ? errors[0] : errors.join(p.semi)}
      />
    ) : null;

  let body;
  if (codes) {
    body = (
      <>
        <RecoveryCodes codes={codes.codes} />
        <Button type="primary" block style={{ marginTop: 16 }} onClick={() => void finish(codes.me)} data-testid="recovery-done">
          {ta('acct.recovery.done')}
        </Button>
      </>
    );
  } else if (step?.nextStep) {
    const kind = step.nextStep;
    const title =
      kind === 'CHANGE_PASSWORD'
        ? ta('acct.step.password.title')
        : kind === 'ENROL_SECOND_FACTOR'
          ? ta('acct.step.enrol.title')
          : ta('acct.step.verify.title');
    body = (
      <>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="login-step-title">
          {title}
        </Typography.Title>
        {errorBox}
        <Form<StepValues> form={stepForm} layout="vertical" onFinish={onStep} requiredMark={false} disabled={busy}>
          {kind === 'CHANGE_PASSWORD' ? (
            <>
              <Typography.Paragraph>
                {step.passwordChangeReason === 'expired' ? ta('acct.step.password.expired') : ta('acct.step.password.initial')}
              </Typography.Paragraph>
              <NewPasswordFields />
            </>
          ) : (
            <>
              <Typography.Paragraph>
                {kind === 'ENROL_SECOND_FACTOR' ? ta('acct.step.enrol.desc') : ta('acct.step.verify.desc')}
              </Typography.Paragraph>
              {kind === 'ENROL_SECOND_FACTOR' && step.secondFactorSetup ? <EnrolmentCode setup={step.secondFactorSetup} /> : null}
              <Form.Item
                label={ta('acct.step.code')}
                name="code"
                rules={[{ required: true, whitespace: true, message: ta('acct.step.code.required') }]}
              >
                <Input prefix={<SafetyOutlined />} autoComplete="one-time-code" inputMode="text" autoFocus data-testid="otp-code" />
              </Form.Item>
            </>
          )}
          <Button type="primary" htmlType="submit" block loading={continueState.loading} data-testid="login-step-submit">
            {ta('acct.continue')}
          </Button>
          <Button
            type="link"
            block
            onClick={() => {
              setStep(null);
              setCodes(null);
              setErrors([]);
            }}
          >
            {ta('acct.restart')}
          </Button>
        </Form>
      </>
    );
  } else {
    body = (
      <>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          {t('app.subtitle')}
        </Typography.Paragraph>
        {params.get('reason') === 'idle' && errors.length === 0 ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('idle.signedOut')} data-testid="idle-signed-out" />
        ) : null}
        {errorBox}
        <Form<LoginValues> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy}>
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.required.username') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.required.password') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {captcha ? (
            <Form.Item
              label={ta('acct.captcha')}
              extra={ta('acct.captcha.hint')}
              required
              data-testid="login-captcha"
            >
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item name="captchaAnswer" noStyle rules={[{ required: true, message: ta('acct.captcha.required') }]}>
                  <Input autoComplete="off" maxLength={10} aria-label={ta('acct.captcha')} />
                </Form.Item>
                <img src={captcha.imageUrl} alt={ta('acct.captcha')} height={32} style={{ border: '1px solid #d9d9d9' }} />
                <Button icon={<ReloadOutlined />} onClick={() => void refreshCaptcha()} aria-label={ta('acct.captcha.refresh')} />
              </Space.Compact>
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={loading}>
            {t('login.submit')}
          </Button>
        </Form>
      </>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader showLogin={false} />
      <Layout.Content>
        <Flex justify="center" style={{ padding: '64px 16px' }}>
          <Card style={{ width: 400, maxWidth: '100%' }} data-testid="login-card">
            {body}
          </Card>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
