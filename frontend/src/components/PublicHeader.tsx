import { useQuery } from '@apollo/client/react';
import { Button, Layout, Typography } from 'antd';
import { Link } from 'react-router';
import { landingPath } from '../access';
import { MeQuery } from '../graphql/operations';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';

/** Header of the public pages: product name, language, and the way in. */
export function PublicHeader({ showLogin = true }: { showLogin?: boolean }) {
  const { t } = useI18n();
  const { data } = useQuery(MeQuery);
  const me = data?.me ?? null;
  return (
    <Layout.Header className="suiji-header" data-testid="app-header">
      <Link to="/" className="suiji-header-title">
        <Typography.Text className="suiji-brand">{t('app.title')}</Typography.Text>
      </Link>
      <div className="suiji-header-tools">
        <LanguageSwitch />
        {showLogin &&
          (me ? (
            <Link to={landingPath(me)}>
              <Button type="primary">{t('user.workspace')}</Button>
            </Link>
          ) : (
            <Link to="/login">
              <Button type="primary">{t('user.login')}</Button>
            </Link>
          ))}
      </div>
    </Layout.Header>
  );
}
