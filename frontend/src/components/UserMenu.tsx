import { IdcardOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { App, Button, Dropdown } from 'antd';
import { useNavigate } from 'react-router';
import type { Me } from '../access';
import { LogoutMutation } from '../graphql/operations';
import { useI18n, usePunct } from '../i18n';

/** Header user menu: who is signed in, and sign out. */
export function UserMenu({ me }: { me: Me }) {
  const { t } = useI18n();
  const p = usePunct();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [logout, { loading }] = useMutation(LogoutMutation);

  async function onLogout() {
    try {
      const { data } = await logout();
      const errors = data?.logout?.errors ?? [];
      if (errors.length > 0) {
        message.error(errors.map((e) => e.message).join(p.semi));
        return;
      }
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
      return;
    }
    // A full page load, not an in-app navigation: nothing the previous user saw stays in
    // memory, and no page still mounted (the workspace sends a signed-out visitor to
    // `/login?next=…`) can race the sign-out to another address.
    window.location.replace('/login');
  }

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'who', label: `${me.displayName || me.username}${p.paren(me.username)}`, disabled: true },
          { type: 'divider' },
          { key: 'account', icon: <IdcardOutlined />, label: t('user.account') },
          { key: 'password', icon: <KeyOutlined />, label: t('user.password') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), disabled: loading },
        ],
        onClick: ({ key }) => {
          if (key === 'logout') void onLogout();
          else if (key === 'account') navigate('/account');
          else if (key === 'password') navigate('/account/password');
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />} data-testid="user-menu" aria-label={t('user.menu')}>
        {me.displayName || me.username}
      </Button>
    </Dropdown>
  );
}
