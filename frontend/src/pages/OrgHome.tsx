import { useQuery } from '@apollo/client/react';
import { Alert, Descriptions, Space, Tag, Typography } from 'antd';
import { ROLE_ORDER } from '../access';
import { orgScope } from '../apollo';
import { CurrentOrganisationQuery } from '../graphql/operations';
import { useI18n, usePunct } from '../i18n';
import { useOrg } from '../orgContext';
import { Workbench } from './Workbench';

/** /o/:code/ — the organisation at a glance and the user's workbench (工作台). */
export function OrgHome() {
  const { t } = useI18n();
  const p = usePunct();
  const { access, code } = useOrg();
  // Goes to /o/<code>/graphql/: proves the organisation endpoint answers for this user.
  const { data, error } = useQuery(CurrentOrganisationQuery, {
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  const org = data?.currentOrganisation ?? null;
  const roles = [...access.roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
  const parent = org?.parent ?? access.organisation.parent;

  return (
    <div data-testid="org-home">
      <Typography.Title level={3} data-testid="org-title">
        {access.organisation.name}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      <Workbench />
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('org.code')}>{access.organisation.code}</Descriptions.Item>
        <Descriptions.Item label={t('org.kind')}>{t(`kind.${access.organisation.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('org.parent')}>{parent ? `${parent.name}${p.paren(parent.code)}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('org.roles')}>
          <Space size={4} wrap>
            {roles.map((role) => (
              // A role's name wraps inside its tag on a phone rather than run out of the cell.
              <Tag key={role} color="blue" style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
                {t(`role.${role}`)}
              </Tag>
            ))}
            {access.readOnly && <Tag color="orange">{t('org.readOnly')}</Tag>}
          </Space>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
