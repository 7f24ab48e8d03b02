import { useQuery } from '@apollo/client/react';
import { Layout, Result, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { PublicHeader } from '../components/PublicHeader';
import { PublicOrganisationsQuery } from '../graphql/operations';
import { useI18n } from '../i18n';
import { PageSpin } from './PageSpin';
import { PublicDraws } from './draws/PublicDraws';
import { PublicResults } from './inspections/PublicResults';
import { PublicPlans } from './plans/PublicPlans';
import { PublicRates } from './oversight/PublicRates';

/** /public/:code — an organisation's public information (plans, draws, results: to come). */
export function PublicOrgPage() {
  const { t } = useI18n();
  const { code = '' } = useParams();
  const { data, loading } = useQuery(PublicOrganisationsQuery);
  const org = data?.publicOrganisations.find((o) => o.code === code);

  let body;
  if (loading && !data) body = <PageSpin />;
  else if (!org)
    body = (
      <Result
        status="404"
        title={t('org.notFound.title')}
        subTitle={t('org.notFound.desc', { code })}
        extra={<Link to="/">{t('portal.back')}</Link>}
      />
    );
  else
    body = (
      <>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {org.name} · {t('portal.public')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('portal.publicDesc')}</Typography.Paragraph>
        <PublicRates code={org.code} />
        <PublicPlans code={org.code} />
        <PublicDraws code={org.code} />
        <PublicResults code={org.code} />
        <Link to="/">{t('portal.back')}</Link>
      </>
    );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content className="suiji-content">
        <div className="suiji-page">{body}</div>
      </Layout.Content>
    </Layout>
  );
}
