import { Select, Space, Tag, Typography } from 'antd';
import type { OrganisationAccess } from '../access';
import { orgPath, parseOrgPath, ROLE_ORDER } from '../access';
import { useI18n } from '../i18n';

export interface OrgSwitcherProps {
  accesses: readonly OrganisationAccess[];
  value: string | undefined;
  onChange: (code: string) => void;
}

/** Query parameters that say which tab or year is open (not which record or filter). */
const KEPT_PARAMS = ['tab', 'year'] as const;

/**
 * Where switching to `toCode` leads: the same section and tab (`?tab=`, `?year=`) in the other
 * organisation. A record's own page (e.g. draws/<id>) and record filters belong to the first
 * organisation, so they are left behind: the section's list opens instead.
 */
export function switchOrgTarget(location: { pathname: string; search: string }, toCode: string): string {
  const rest = parseOrgPath(location.pathname)?.rest ?? '';
  const section = rest.split('/')[0] ?? '';
  const kept = new URLSearchParams();
  const from = new URLSearchParams(location.search);
  for (const name of KEPT_PARAMS) {
    const value = from.get(name);
    if (value) kept.set(name, value);
  }
  const query = kept.toString();
  return orgPath(toCode, section) + (query ? `?${query}` : '');
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
      className="suiji-org-switcher"
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
