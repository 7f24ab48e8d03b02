import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import type { PersonalDataField } from '../../gql/graphql';
import { RevealPersonalDataMutation } from '../../graphql/account';
import { usePunct } from '../../i18n';
import { useOrg } from '../../orgContext';
import { useAccountT } from '../account/i18n';

/**
 * A masked ID number or phone with “查看” for those who may see it in clear
 * (REVEAL_PERSONAL_DATA): one value of one record, fetched on the click and recorded by the
 * server in the audit trail. Never kept beyond this component.
 */
export function PersonalValue({ id, field, masked }: { id: string; field: PersonalDataField; masked: string }) {
  const { t } = useAccountT();
  const p = usePunct();
  const { code } = useOrg();
  const { can } = usePermissions();
  const { message } = App.useApp();
  const [clear, setClear] = useState<string | null>(null);
  const [reveal, { loading }] = useMutation(RevealPersonalDataMutation, { context: orgScope(code) });
  if (!masked) return <>—</>;
  if (clear !== null) return <Typography.Text data-testid={`personal-${field}`}>{clear}</Typography.Text>;

  async function onReveal() {
    try {
      const { data } = await reveal({ variables: { id, field } });
      const payload = data?.revealPersonalData;
      if (!payload || payload.errors.length > 0) {
        message.error(payload?.errors.map((e) => e.message).join(p.semi) || t('reveal.failed'));
        return;
      }
      setClear(payload.value ?? '');
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <Space size={4} wrap>
      <Typography.Text data-testid={`personal-${field}`}>{masked}</Typography.Text>
      {can('REVEAL_PERSONAL_DATA') ? (
        <Tooltip title={t('reveal.hint')}>
          <Button size="small" type="link" icon={<EyeOutlined />} loading={loading} onClick={() => void onReveal()} data-testid={`reveal-${field}`}>
            {t('reveal.show')}
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}
