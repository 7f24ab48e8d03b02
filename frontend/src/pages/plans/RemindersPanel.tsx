import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { MarkPlanReminderReadMutation, PlanRemindersQuery } from '../../graphql/plans';
import { fmtDate, fmtDateTime } from './format';
import { usePlansT, type PlansKey } from './i18n';

const KIND_COLORS: Record<string, string> = {
  PLAN_DUE: 'blue',
  PLAN_OVERDUE: 'red',
  ADJUSTMENT_DUE: 'gold',
  ADJUSTMENT_OVERDUE: 'red',
  ADJUSTMENT_DUE_UNKNOWN: 'orange',
  COUNTY_OVERDUE: 'red',
  PUBLICATION_DUE: 'blue',
  PUBLICATION_OVERDUE: 'red',
  PUBLICATION_DUE_UNKNOWN: 'orange',
  RECHECK_OVERDUE: 'red',
  DECISION_OVERDUE: 'red',
  TRANSFER_OVERDUE: 'red',
};

/** The organisation's deadline reminders (created by the daily scan), newest first. */
export function RemindersPanel({ orgCode, canMark }: { orgCode: string; canMark: boolean }) {
  const { t } = usePlansT();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { data, loading, error, refetch } = useQuery(PlanRemindersQuery, {
    variables: { unreadOnly },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const [markRead] = useMutation(MarkPlanReminderReadMutation, { context: orgScope(orgCode) });

  if (error) return <Alert type="error" showIcon title={t('plans.loadFailed')} description={error.message} />;
  return (
    <div data-testid="plan-reminders">
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={unreadOnly} onChange={setUnreadOnly} size="small" />
        <span>{t('plans.rem.unreadOnly')}</span>
      </Space>
      <List
        loading={loading}
        dataSource={data?.reminders ?? []}
        locale={{ emptyText: t('plans.rem.empty') }}
        renderItem={(r) => (
          <List.Item
            actions={
              r.read
                ? [<Typography.Text key="read" type="secondary">{t('plans.rem.read')}</Typography.Text>]
                : canMark
                  ? [
                      <Button
                        key="mark"
                        size="small"
                        type="link"
                        onClick={async () => {
                          await markRead({ variables: { id: r.id } });
                          void refetch();
                        }}
                      >
                        {t('plans.rem.markRead')}
                      </Button>,
                    ]
                  : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag color={KIND_COLORS[r.kind]}>{t(`plans.rem.kind.${r.kind}` as PlansKey)}</Tag>
                  <Typography.Text strong={!r.read}>{r.message}</Typography.Text>
                </Space>
              }
              description={
                <Space split="·">
                  <span>{r.year}</span>
                  <span>{r.subjectCode}</span>
                  {r.dueOn ? <span>{t('plans.rem.due', { date: fmtDate(String(r.dueOn)) })}</span> : null}
                  <span>{fmtDateTime(r.createdAt)}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </div>
  );
}
