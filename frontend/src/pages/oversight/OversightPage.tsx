import { Tabs, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { usePermissions } from '../../access';
import { useI18n } from '../../i18n';
import { useOrg } from '../../orgContext';
import { CardsList } from './CardsList';
import { OrdersList } from './OrdersList';
import { OversightDashboard } from './OversightDashboard';
import { useOversightT } from './i18n';

/** /o/:code/oversight — 上级监督: the dashboard (prefecture), rectification orders and warning cards. */
export function OversightPage() {
  const { access, code } = useOrg();
  const { can } = usePermissions();
  const { t } = useI18n();
  const { t: ot } = useOversightT();
  const location = useLocation();
  const navigate = useNavigate();
  const isPrefecture = access.organisation.kind === 'PREFECTURE' && can('OVERSEE_SUBORDINATES');
  const tab = location.pathname.endsWith('/orders') ? 'orders' : location.pathname.endsWith('/cards') ? 'cards' : isPrefecture ? 'dashboard' : 'orders';
  const items = [
    ...(isPrefecture ? [{ key: 'dashboard', label: ot('ov.tab.dashboard'), children: <OversightDashboard /> }] : []),
    { key: 'orders', label: ot('ov.tab.orders'), children: <OrdersList /> },
    { key: 'cards', label: ot('ov.tab.cards'), children: <CardsList /> },
  ];
  return (
    <div data-testid="oversight-page">
      <Typography.Title level={3}>{t('nav.oversight')}</Typography.Title>
      <Tabs
        activeKey={tab}
        items={items}
        onChange={(key) => navigate(`/o/${code}/oversight${key === 'dashboard' ? '' : `/${key}`}`)}
      />
    </div>
  );
}
