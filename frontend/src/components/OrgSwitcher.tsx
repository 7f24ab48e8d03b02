import { Select, Space, Tag, Typography } from 'antd';
import type { OrganisationAccess } from '../access';
import { ROLE_ORDER } from '../access';
import { useI18n } from '../i18n';

export interface OrgSwitcherProps {
  accesses: readonly OrganisationAccess[];
  value: string | undefined;
  onChange: (code: string) => void;
}

function sortedRoles(access: OrganisationAccess) {
  return [...access.roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
}

/** Header select listing the organisations the user may open, with their roles there. */
export function OrgSwitcher({ accesses, value, onChange }: OrgSwitcherProps) {
  const { t } = useI18n();
  const byCode = new Map(accesses.map((access) => [access.organisation.code, access]));

  const options = accesses.map((access) => {
    const { code, name } = access.organisation;
    return {
      value: code,
      title: `${name} ${code}`,
      label: (
        <Space size={4} wrap data-testid={`org-option-${code}`}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary">{code}</Typography.Text>
          {sortedRoles(access).map((role) => (
            <Tag key={role} color="blue" variant="outlined">
              {t(`role.${role}`)}
            </Tag>
          ))}
          {access.readOnly && (
            <Tag color="orange" data-testid="read-only-tag">
              {t('org.readOnly')}
            </Tag>
          )}
        </Space>
      ),
    };
  });

  return (
    <Select
      data-testid="org-switcher"
      aria-label={t('org.switcher')}
      title={t('org.switcher')}
      value={value}
      options={options}
      onChange={onChange}
      style={{ minWidth: 200 }}
      popupMatchSelectWidth={false}
      labelRender={({ value: code }) => {
        const access = byCode.get(String(code));
        if (!access) return String(code ?? '');
        return (
          <Space size={4}>
            <span>{access.organisation.name}</span>
            <Typography.Text type="secondary">{access.organisation.code}</Typography.Text>
            {access.readOnly && <Tag color="orange">{t('org.readOnly')}</Tag>}
          </Space>
        );
      }}
    />
  );
}
