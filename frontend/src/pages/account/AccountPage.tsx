import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { ROLE_ORDER } from '../../access';
import {
  ConfirmSecondFactorEnrolmentMutation,
  MyAccountQuery,
  RegenerateRecoveryCodesMutation,
  StartSecondFactorEnrolmentMutation,
} from '../../graphql/account';
import { useI18n, usePunct } from '../../i18n';
import { PageSpin } from '../PageSpin';
import { AccountLayout } from './AccountLayout';
import { useAccountT } from './i18n';
import { EnrolmentCode, RecoveryCodes } from './parts';

type SecondFactorSetup = { secret: string; qrCode: string; uri?: string };

const fmt = (value: unknown) => (typeof value === 'string' && value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—');

/** /account — 我的账号: profile, roles per organisation, the second factor, recent sign-ins. */
export function AccountPage() {
  const { t } = useAccountT();
  const { t: tApp } = useI18n();
  const p = usePunct();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(MyAccountQuery, { fetchPolicy: 'network-only' });
  const [start, startState] = useMutation(StartSecondFactorEnrolmentMutation);
  const [confirm, confirmState] = useMutation(ConfirmSecondFactorEnrolmentMutation);
  const [regenerate, regenerateState] = useMutation(RegenerateRecoveryCodesMutation);
  const [setup, setSetup] = useState<Pick<SecondFactorSetup, 'secret' | 'qrCode'> | null>(null);
  const [codes, setCodes] = useState<readonly string[] | null>(null);
  const [askCode, setAskCode] = useState(false);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [form] = Form.useForm<{ code: string }>();
  const [regenForm] = Form.useForm<{ code: string }>();

  if (loading && !data) return <PageSpin />;
  if (error && !data) return <Alert type="error" showIcon title={t('acct.loadFailed')} description={error.message} />;
  const me = data?.me;
  if (!me) return <Navigate to="/login?next=%2Faccount" replace />;

  async function onStart() {
    const { data: res } = await start();
    const problems = res?.startSecondFactorEnrolment?.errors ?? [];
    if (problems.length > 0) message.error(problems.map((e) => e.message).join(p.semi));
    else setSetup(res?.startSecondFactorEnrolment?.setup ?? null);
  }

  async function onConfirm(values: { code: string }) {
    setCodeError(undefined);
    const { data: res } = await confirm({ variables: { code: values.code.trim() } });
    const payload = res?.confirmSecondFactorEnrolment;
    if (payload && payload.errors.length > 0) {
      setCodeError(payload.errors.map((e) => e.message).join(p.semi));
      return;
    }
    setSetup(null);
    form.resetFields();
    setCodes(payload?.recoveryCodes ?? []);
    void refetch();
  }

  async function onRegenerate(values: { code: string }) {
    setCodeError(undefined);
    const { data: res } = await regenerate({ variables: { code: values.code.trim() } });
    const payload = res?.regenerateRecoveryCodes;
    if (payload && payload.errors.length > 0) {
      setCodeError(payload.errors.map((e) => e.message).join(p.semi));
      return;
    }
    setAskCode(false);
    regenForm.resetFields();
    setCodes(payload?.recoveryCodes ?? []);
    void refetch();
  }

  const sf = me.secondFactor;
  return (
    <AccountLayout me={me}>
      <Typography.Title level={3} data-testid="account-page">
        {t('acct.title')}
      </Typography.Title>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('acct.profile')} extra={<Link to="/account/password">{tApp('user.password')}</Link>}>
          <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small">
            <Descriptions.Item label={t('acct.username')}>{me.username}</Descriptions.Item>
            <Descriptions.Item label={t('acct.displayName')}>{me.displayName}</Descriptions.Item>
            <Descriptions.Item label={t('acct.passwordChangedAt')}>{fmt(me.passwordChangedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('acct.passwordExpiresAt')}>
              {me.passwordExpiresAt ? fmt(me.passwordExpiresAt) : t('acct.passwordNoExpiry')}
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card title={t('acct.roles')}>
          <ResponsiveTable
            size="small"
            rowKey={(a) => a.organisation.code}
            pagination={false}
            dataSource={me.organisations}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('acct.org'), render: (_, a) => `${a.organisation.name}${p.paren(a.organisation.code)}` },
              {
                title: t('acct.role'),
                render: (_, a) => (
                  <Space wrap size={4}>
                    {[...a.roles]
                      .sort((x, y) => ROLE_ORDER.indexOf(x) - ROLE_ORDER.indexOf(y))
                      .map((role) => (
                        <Tag key={role}>{tApp(`role.${role}`)}</Tag>
                      ))}
                    {a.readOnly ? <Tag color="orange">{t('acct.readOnly')}</Tag> : null}
                  </Space>
                ),
              },
            ]}
          />
        </Card>

        <Card title={t('acct.2fa')} data-testid="account-2fa">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              {sf.enrolled ? <Tag color="green">{t('acct.2fa.enrolled')}</Tag> : <Tag>{t('acct.2fa.notEnrolled')}</Tag>}
              <Typography.Text type="secondary">{sf.required ? t('acct.2fa.required') : t('acct.2fa.optional')}</Typography.Text>
              {sf.enrolled ? <Typography.Text>{t('acct.2fa.codesLeft', { count: sf.recoveryCodesLeft })}</Typography.Text> : null}
            </Space>
            {codes ? <RecoveryCodes codes={codes} /> : null}
            {setup ? (
              <Form form={form} layout="vertical" onFinish={onConfirm} requiredMark={false} style={{ maxWidth: 360 }}>
                <EnrolmentCode setup={setup} />
                <Form.Item
                  label={t('acct.step.code')}
                  name="code"
                  rules={[{ required: true, whitespace: true, message: t('acct.step.code.required') }]}
                  validateStatus={codeError ? 'error' : undefined}
                  help={codeError}
                >
                  <Input autoComplete="one-time-code" inputMode="numeric" data-testid="otp-code" />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={confirmState.loading} data-testid="otp-confirm">
                  {t('acct.2fa.confirm')}
                </Button>
              </Form>
            ) : (
              <Space wrap>
                <Button onClick={() => void onStart()} loading={startState.loading} data-testid="otp-enrol">
                  {sf.enrolled ? t('acct.2fa.reenrol') : t('acct.2fa.enrol')}
                </Button>
                {sf.enrolled ? (
                  <Button onClick={() => setAskCode(true)} data-testid="otp-regenerate">
                    {t('acct.2fa.regenerate')}
                  </Button>
                ) : null}
              </Space>
            )}
          </Space>
        </Card>

        <Card title={t('acct.recent')}>
          <ResponsiveTable
            size="small"
            rowKey={(_, i) => String(i)}
            pagination={false}
            dataSource={me.recentSignIns}
            data-testid="recent-sign-ins"
            columns={[
              { title: t('acct.recent.at'), render: (_, e) => fmt(e.at) },
              {
                title: t('acct.recent.outcome'),
                render: (_, e) => (
                  <Tag color={e.outcome === 'success' ? 'green' : 'red'}>
                    {e.outcome === 'success'
                      ? t('acct.outcome.success')
                      : e.outcome === 'throttled'
                        ? t('acct.outcome.throttled')
                        : t('acct.outcome.failed')}
                  </Tag>
                ),
              },
              { title: t('acct.recent.address'), dataIndex: 'address' },
            ]}
          />
        </Card>
      </Space>
      <Modal
        open={askCode}
        title={t('acct.2fa.regenerate')}
        onCancel={() => setAskCode(false)}
        onOk={() => regenForm.submit()}
        confirmLoading={regenerateState.loading}
      >
        <Typography.Paragraph>{t('acct.2fa.regenerate.desc')}</Typography.Paragraph>
        <Form form={regenForm} onFinish={onRegenerate}>
          <Form.Item
            name="code"
            rules={[{ required: true, whitespace: true, message: t('acct.step.code.required') }]}
            validateStatus={codeError ? 'error' : undefined}
            help={codeError}
          >
            <Input autoComplete="one-time-code" inputMode="numeric" />
          </Form.Item>
        </Form>
      </Modal>
    </AccountLayout>
  );
}
