import { Layout } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { landingPath, type Me } from '../../access';
import { IdleWarning } from '../../components/IdleWarning';
import { PublicHeader } from '../../components/PublicHeader';
import { useAccountT } from './i18n';

/** The frame of the account pages (outside any organisation): header, a way back, the idle warning. */
export function AccountLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useAccountT();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content className="suiji-content">
        <div className="suiji-page" style={{ maxWidth: 880, margin: '0 auto' }}>
          <Link to={landingPath(me)} data-testid="account-back">
            ← {t('acct.back')}
          </Link>
          {children}
        </div>
      </Layout.Content>
      <IdleWarning seconds={me.sessionIdleSeconds} />
    </Layout>
  );
}
