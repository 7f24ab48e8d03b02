import { Alert, Flex, Form, Image, Input, List, Typography } from 'antd';
import { useAccountT } from './i18n';

type SecondFactorSetup = { secret: string; qrCode: string; uri?: string };

/** New password twice, with the policy stated (GB/T 22239-2019 8.1.4.1). */
export function NewPasswordFields({ serverError }: { serverError?: string }) {
  const { t } = useAccountT();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('acct.policy')}</Typography.Paragraph>
      <Form.Item
        label={t('acct.new')}
        name="newPassword"
        rules={[{ required: true, message: t('acct.new.required') }]}
        validateStatus={serverError ? 'error' : undefined}
        help={serverError}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        label={t('acct.new.confirm')}
        name="confirmPassword"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('acct.new.required') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('acct.new.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
    </>
  );
}

/** The QR code and the secret of a new authenticator. */
export function EnrolmentCode({ setup }: { setup: Pick<SecondFactorSetup, 'secret' | 'qrCode'> }) {
  const { t } = useAccountT();
  return (
    <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
      <Image src={setup.qrCode} alt="QR" width={200} height={200} preview={false} data-testid="otp-qr" />
      <Typography.Text type="secondary">{t('acct.secret')}</Typography.Text>
      <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="otp-secret">
        {setup.secret}
      </Typography.Text>
    </Flex>
  );
}

/** One-time display of new recovery codes. */
export function RecoveryCodes({ codes }: { codes: readonly string[] }) {
  const { t } = useAccountT();
  return (
    <>
      <Alert type="warning" showIcon title={t('acct.recovery.title')} description={t('acct.recovery.desc')} style={{ marginBottom: 12 }} />
      <List
        size="small"
        bordered
        grid={{ gutter: 8, xs: 2, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }}
        dataSource={[...codes]}
        data-testid="recovery-codes"
        renderItem={(code) => (
          <List.Item style={{ marginBottom: 4 }}>
            <Typography.Text code>{code}</Typography.Text>
          </List.Item>
        )}
      />
    </>
  );
}
