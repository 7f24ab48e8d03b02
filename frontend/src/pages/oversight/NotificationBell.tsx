import { useQuery } from '@apollo/client/react';
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { orgScope } from '../../apollo';
import { UnreadNotificationsQuery } from '../../graphql/oversight';
import { useOversightT } from './i18n';

/** The header bell: the organisation's unread notifications; a click opens the workbench. */
export function NotificationBell({ code, readOnly }: { code: string; readOnly: boolean }) {
  const navigate = useNavigate();
  const { t } = useOversightT();
  const { data } = useQuery(UnreadNotificationsQuery, {
    context: orgScope(code),
    skip: readOnly,
    pollInterval: 60_000,
    fetchPolicy: 'cache-and-network',
  });
  if (readOnly) return null;
  const n = data?.unreadNotifications ?? 0;
  return (
    <Badge count={n} size="small" overflowCount={99} data-testid="bell-count">
      <Button
        type="text"
        icon={<BellOutlined />}
        aria-label={n ? t('ov.bell.unread', { n }) : t('ov.bell')}
        title={n ? t('ov.bell.unread', { n }) : t('ov.bell')}
        onClick={() => navigate(`/o/${code}/`)}
        data-testid="notification-bell"
      />
    </Badge>
  );
}
