import { useQuery } from '@apollo/client/react';
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { orgScope } from '../../apollo';
import { UnreadNotificationsQuery } from '../../graphql/oversight';

/** The header bell: the organisation's unread notifications; a click opens the workbench. */
export function NotificationBell({ code, readOnly }: { code: string; readOnly: boolean }) {
  const navigate = useNavigate();
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
        aria-label={n ? `${n}条未读通知` : '通知'}
        title={n ? `${n}条未读通知` : '通知'}
        onClick={() => navigate(`/o/${code}/`)}
        data-testid="notification-bell"
      />
    </Badge>
  );
}
