import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Empty, Input, List, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import { RespondWarningCardMutation, WarningCardsQuery } from '../../graphql/oversight';
import { useOrg } from '../../orgContext';
import { CARD_KIND_LABEL, fmtDate, fmtDateTime } from './format';

/** Early warnings: yellow, red after N working days; cleared by the county's response, kept in the history. */
export function CardsList() {
  const { code } = useOrg();
  const { can } = usePermissions();
  const { message } = App.useApp();
  const [history, setHistory] = useState(true);
  const [answering, setAnswering] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [err, setErr] = useState('');
  const { data, loading, error, refetch } = useQuery(WarningCardsQuery, {
    variables: { includeCleared: history },
    context: orgScope(code),
    fetchPolicy: 'cache-and-network',
  });
  const [respond, { loading: sending }] = useMutation(RespondWarningCardMutation, { context: orgScope(code) });
  const cards = data?.warningCards ?? [];

  const send = async () => {
    if (answering === null) return;
    const result = await respond({ variables: { cardId: answering, response: text } });
    const errs = result.data?.respondWarningCard?.errors ?? [];
    if (errs.length) {
      setErr(errs.map((e) => e.message).join('；'));
      return;
    }
    message.success('已反馈，预警消除');
    setAnswering(null);
    setText('');
    setErr('');
    void refetch();
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={history} onChange={setHistory} /> 含已消除的预警
      </Space>
      {error && <Alert type="error" showIcon title={error.message} />}
      {!loading && cards.length === 0 ? (
        <Empty description="暂无预警" />
      ) : (
        <List
          loading={loading}
          dataSource={cards}
          grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
          renderItem={(c) => (
            <List.Item>
              <Card
                size="small"
                data-testid={`warning-card-${c.subject}`}
                data-level={c.level}
                data-cleared={c.clearedAt ? 'yes' : 'no'}
                title={
                  <Space>
                    <Tag color={c.clearedAt ? 'default' : c.level === 'red' ? 'red' : 'gold'}>
                      {c.level === 'red' ? '红牌' : '黄牌'}
                    </Tag>
                    {CARD_KIND_LABEL[c.kind] ?? c.kind}
                  </Space>
                }
                extra={c.organisationName}
              >
                <Typography.Paragraph style={{ marginBottom: 4 }}>{c.message}</Typography.Paragraph>
                <Typography.Text type="secondary">逾期自 {fmtDate(c.slippedOn)}</Typography.Text>
                {c.clearedAt ? (
                  <div>
                    已于 {fmtDateTime(c.clearedAt)} 反馈消除：{c.response}
                  </div>
                ) : (
                  can('ANSWER_RECTIFICATION') &&
                  c.organisationCode === code && (
                    <div style={{ marginTop: 8 }}>
                      <Button size="small" onClick={() => setAnswering(c.id)} data-testid={`card-respond-${c.subject}`}>
                        反馈说明
                      </Button>
                    </div>
                  )
                )}
              </Card>
            </List.Item>
          )}
        />
      )}
      <Modal open={answering !== null} title="反馈预警" okText="提交" cancelText="取消" onOk={() => void send()} confirmLoading={sending} onCancel={() => setAnswering(null)}>
        <Input.TextArea rows={3} data-testid="card-response" placeholder="原因及处理情况" value={text} onChange={(e) => setText(e.target.value)} />
        {err && <div style={{ color: '#cf1322', marginTop: 8 }}>{err}</div>}
      </Modal>
    </div>
  );
}
