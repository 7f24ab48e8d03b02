import { useQuery } from '@apollo/client/react';
import { MenuOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Grid, Layout, Menu, Result, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { findAccess, orgPath, parseOrgPath, rememberOrg, usePermissions } from '../access';
import { IdleWarning } from '../components/IdleWarning';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { OrgSwitcher, switchOrgTarget } from '../components/OrgSwitcher';
import { UserMenu } from '../components/UserMenu';
import { MeQuery } from '../graphql/operations';
import { useI18n } from '../i18n';
import { OrgContext, useOrg } from '../orgContext';
import { SECTION_ICONS, SECTION_PERMISSION, SECTIONS, sectionTitleKey } from '../sections';
import { OrgUnavailable } from './OrgUnavailable';
import { NotificationBell } from './oversight/NotificationBell';
import { PageSpin } from './PageSpin';

/** /o/:code/* — checks the user may open the organisation, then shows the workspace layout. */
export function OrgWorkspace() {
  const { code = '' } = useParams();
  const location = useLocation();
  const { t } = useI18n();
  const { data, loading, error } = useQuery(MeQuery);
  const me = data?.me ?? null;
  const access = findAccess(me, code);

  useEffect(() => {
    if (access) rememberOrg(code);
  }, [access, code]);

  if (loading && !data) return <PageSpin />;
  if (error && !data) {
    return <Result status="error" title={t('common.error')} subTitle={error.message} />;
  }
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!access) return <OrgUnavailable code={code} me={me} />;

  return (
    <OrgContext.Provider value={{ me, access, code }}>
      <WorkspaceLayout />
    </OrgContext.Provider>
  );
}

function WorkspaceLayout() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Phones (below antd's `md`, 768 px): the menu is a drawer, not a rail beside the page.
  // (Unknown breakpoints, as without media queries, count as a desktop.)
  const screens = Grid.useBreakpoint();
  const phone = screens.xs === true || (screens.sm === true && screens.md === false);
  const { me, access, code } = useOrg();
  const { can } = usePermissions();
  const rest = parseOrgPath(location.pathname)?.rest ?? '';
  const section = rest.split('/')[0] || 'home';
  const menuItems = [
    { key: 'home', icon: SECTION_ICONS.home, label: t('nav.home') },
    ...SECTIONS.filter((key) => {
      const needed = SECTION_PERMISSION[key];
      return !needed || can(needed);
    }).map((key) => ({ key, icon: SECTION_ICONS[key], label: t(sectionTitleKey(key)) })),
  ];

  useEffect(() => {
    document.title = `${access.organisation.name} · ${t('app.title')}`;
  }, [access.organisation.name, t]);

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[section]}
      items={menuItems}
      onClick={({ key }) => {
        setDrawerOpen(false);
        navigate(orgPath(code, key === 'home' ? '' : key));
      }}
    />
  );
  const switcher = (
    <OrgSwitcher
      accesses={me.organisations}
      value={code}
      onChange={(next) => {
        setDrawerOpen(false);
        navigate(switchOrgTarget(location, next));
      }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }} className={phone ? 'suiji-phone' : undefined}>
      {phone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={t('app.name')}
          className="suiji-nav-drawer"
          data-testid="nav-drawer"
        >
          <div className="suiji-drawer-org">{switcher}</div>
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          width={200}
          data-testid="side-nav"
        >
          <div className="suiji-sider-logo">{collapsed ? t('app.shortName') : t('app.name')}</div>
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="suiji-header" data-testid="app-header">
          {phone ? (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('nav.open')}
              onClick={() => setDrawerOpen(true)}
              data-testid="nav-toggle"
            />
          ) : null}
          <Typography.Text className="suiji-brand suiji-header-title" title={t('app.title')}>
            {phone ? t('app.name') : t('app.title')}
          </Typography.Text>
          <div className="suiji-header-tools">
            {phone ? null : switcher}
            <NotificationBell code={code} readOnly={access.readOnly} />
            <LanguageSwitch />
            <UserMenu me={me} />
          </div>
          <IdleWarning seconds={me.sessionIdleSeconds} />
        </Layout.Header>
        <Layout.Content className="suiji-content">
          {access.readOnly && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('org.readOnlyBanner')}
              description={t('org.readOnlyBannerDesc')}
              data-testid="read-only-banner"
            />
          )}
          <div className="suiji-page">
            {/* Remount the page per organisation so org-scoped queries never show another org's data. */}
            <Outlet key={code} />
          </div>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
