import { useMutation, useQuery } from '@apollo/client/react';
import { UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { ROLE_ORDER, usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import type { MemberFieldsFragment as MemberRow } from '../../gql/graphql';
import { MembersQuery, UnlockAccountMutation } from '../../graphql/account';
import { useI18n, usePunct } from '../../i18n';
import { useOrg } from '../../orgContext';

/**
 * /o/:code/members — 人员管理: the organisation's people, their roles, and whether repeated
 * wrong passwords have locked their sign-in (a captcha is then asked). An administrator clears
 * the failures with 「解除锁定」 (server: accounts.services.unlock_account, audited).
 */
export function MembersPage() {
  const { t } = useI18n();
  const p = usePunct();
  const { message } = App.useApp();
  const { code } = useOrg();
  const { can } = usePermissions();
  const manage = can('MANAGE_MEMBERS');
  const { data, loading, error, refetch } = useQuery(MembersQuery, {
    context: orgScope(code),
    fetchPolicy: 'network-only',
    skip: !manage,
  });
  const [unlock, { loading: unlocking }] = useMutation(UnlockAccountMutation, { context: orgScope(code) });

  const doUnlock = async (member: MemberRow) => {
    const name = member.displayName || member.username;
    try {
      const result = await unlock({ variables: { username: member.username } });
      const errors = result.data?.unlockAccount?.errors ?? [];
      if (errors.length) void message.error(errors.map((e) => e.message).join(p.semi));
      else {
        void message.success(t('members.unlocked.done', { name }));
        // Members have no global id for the cache to update: read the list again.
        void refetch();
      }
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  if (!manage)
    return (
      <div data-testid="members-page">
        <Typography.Title level={3}>{t('nav.members')}</Typography.Title>
        <Alert type="warning" showIcon title={t('members.denied')} data-testid="members-denied" />
      </div>
    );

  const rows = [...(data?.members ?? [])];
  return (
    <div data-testid="members-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('nav.members')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('members.explain')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={t('members.loadFailed')} description={error.message} />}
      <ResponsiveTable<MemberRow>
        data-testid="members-table"
        rowKey="username"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        onRow={(m) => ({ 'data-testid': `member-${m.username}` }) as React.HTMLAttributes<HTMLElement>}
        cardTitle={(m) => (
          <span data-testid={`member-${m.username}`}>
            {m.displayName} <Typography.Text type="secondary">{m.username}</Typography.Text>
          </span>
        )}
        cardHidden={['username', 'displayName']}
        columns={[
          { title: t('members.username'), dataIndex: 'username' },
          { title: t('members.name'), dataIndex: 'displayName' },
          {
            title: t('members.roles'),
            key: 'roles',
            render: (_: unknown, m) => (
              <Space size={[4, 4]} wrap>
                {[...m.roles]
                  .sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b))
                  .map((r) => (
                    <Tag key={r}>{t(`role.${r}`)}</Tag>
                  ))}
              </Space>
            ),
          },
          {
            title: t('members.active'),
            dataIndex: 'isActive',
            render: (active: boolean) =>
              active ? <Tag color="success">{t('members.enabled')}</Tag> : <Tag>{t('members.disabled')}</Tag>,
          },
          {
            title: t('members.failures'),
            dataIndex: 'failedSignIns',
            align: 'right',
            render: (n: number | null) => <span data-testid="member-failures">{t('members.failuresN', { count: n ?? 0 })}</span>,
          },
          {
            title: t('members.lock'),
            dataIndex: 'signInRestricted',
            render: (locked: boolean | null) =>
              locked ? (
                <Tooltip title={t('members.lockedHint')}>
                  <Tag color="error" data-testid="member-locked">
                    {t('members.locked')}
                  </Tag>
                </Tooltip>
              ) : (
                <Tag color="success" data-testid="member-not-locked">
                  {t('members.unlocked')}
                </Tag>
              ),
          },
          {
            title: t('members.actions'),
            key: 'actions',
            render: (_: unknown, m) =>
              (m.failedSignIns ?? 0) > 0 ? (
                <Popconfirm
                  title={t('members.unlockConfirm', { name: m.displayName || m.username })}
                  okText={t('members.unlock')}
                  onConfirm={() => doUnlock(m)}
                >
                  <Button size="small" icon={<UnlockOutlined />} loading={unlocking} data-testid="member-unlock">
                    {t('members.unlock')}
                  </Button>
                </Popconfirm>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </div>
  );
}
