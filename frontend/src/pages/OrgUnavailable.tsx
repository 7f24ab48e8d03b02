import { useQuery } from '@apollo/client/react';
import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { landingPath, type Me } from '../access';
import { PublicOrganisationsQuery } from '../graphql/operations';
import { useI18n } from '../i18n';
import { PageSpin } from './PageSpin';

/** /o/<code>/ for an organisation that does not exist (404) or where the user has no role (403). */
export function OrgUnavailable({ code, me }: { code: string; me: Me }) {
  const { t } = useI18n();
  const { data, loading } = useQuery(PublicOrganisationsQuery);
  if (loading && !data) return <PageSpin />;
  const exists = data?.publicOrganisations.some((org) => org.code === code) ?? false;
  const back = landingPath(me);
  return (
    <Result
      status={exists ? '403' : '404'}
      title={exists ? t('org.forbidden.title') : t('org.notFound.title')}
      subTitle={exists ? t('org.forbidden.desc', { code }) : t('org.notFound.desc', { code })}
      data-testid="org-unavailable"
      extra={
        <Link to={back}>
          <Button type="primary">{back === '/' ? t('common.home') : t('common.back')}</Button>
        </Link>
      }
    />
  );
}
