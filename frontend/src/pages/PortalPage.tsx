import { useQuery } from '@apollo/client/react';
import { Alert, Card, Col, Empty, Layout, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { PublicHeader } from '../components/PublicHeader';
import type { PublicOrganisationsQuery as PublicOrganisationsResult } from '../gql/graphql';
import { PublicOrganisationsQuery } from '../graphql/operations';
import { useI18n, usePunct } from '../i18n';

type PublicOrg = PublicOrganisationsResult['publicOrganisations'][number];

/** Prefectures first, each followed by its counties; codes order the rest. */
function portalOrder(orgs: readonly PublicOrg[]): PublicOrg[] {
  const byParent = new Map<string | null, PublicOrg[]>();
  for (const org of orgs) {
    const key = org.parent?.code ?? null;
    byParent.set(key, [...(byParent.get(key) ?? []), org]);
  }
  const known = new Set(orgs.map((org) => org.code));
  const out: PublicOrg[] = [];
  const visit = (org: PublicOrg) => {
    out.push(org);
    for (const child of [...(byParent.get(org.code) ?? [])].sort((a, b) => a.code.localeCompare(b.code))) visit(child);
  };
  const roots = orgs.filter((org) => !org.parent || !known.has(org.parent.code));
  for (const root of [...roots].sort((a, b) => a.code.localeCompare(b.code))) visit(root);
  return out;
}

/** / — the public portal: what the platform is, and each organisation's public information. */
export function PortalPage() {
  const { t } = useI18n();
  const p = usePunct();
  const { data, loading, error } = useQuery(PublicOrganisationsQuery);
  const orgs = portalOrder(data?.publicOrganisations ?? []);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <PublicHeader />
      <Layout.Content className="suiji-content">
        <div className="suiji-page" style={{ marginBottom: 24 }}>
          <Typography.Title level={2} style={{ marginTop: 0 }}>
            {t('portal.welcome')}
          </Typography.Title>
          <Typography.Paragraph>{t('portal.intro')}</Typography.Paragraph>
        </div>
        <section className="suiji-page" data-testid="public-info">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('portal.public')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('portal.publicDesc')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error.message} />}
          {!error && !loading && orgs.length === 0 && <Empty description={t('portal.empty')} />}
          <Row gutter={[16, 16]}>
            {orgs.map((org) => (
              <Col key={org.code} xs={24} sm={12} lg={8}>
                <Card
                  size="small"
                  title={org.name}
                  extra={<Tag>{t(`kind.${org.kind}`)}</Tag>}
                  data-testid={`public-org-${org.code}`}
                >
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {t('org.code')}{p.colon}{org.code}
                  </Typography.Paragraph>
                  <Link to={`/public/${encodeURIComponent(org.code)}`}>{t('portal.view')}</Link>
                </Card>
              </Col>
            ))}
          </Row>
        </section>
      </Layout.Content>
    </Layout>
  );
}
