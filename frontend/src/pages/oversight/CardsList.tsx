import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Empty, Input, List, Modal, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { usePermissions } from '../../access';
import { orgScope } from '../../apollo';
import { RespondWarningCardMutation, WarningCardsQuery } from '../../graphql/oversight';
import { useOrg } from '../../orgContext';
import { CARD_KINDS, fmtDate, fmtDateTime } from './format';
import { cardMessageEn, useOversightT } from './i18n';

/** Early warnings: yellow, red after N working days; cleared by the county's response, kept in the history. */
export function CardsList() {
  const { code } = useOrg();
  const { t, lang } = useOversightT();
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
      setErr(errs.map((e) => e.message).join(t('ov.sep')));
      return;
    }
    message.success(t('ov.cards.answered'));
    setAnswering(null);
    setText('');
    setErr('');
    void refetch();
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Switch checked={history} onChange={setHistory} /> {t('ov.cards.history')}
      </Space>
      {error && <Alert type="error" showIcon title={error.message} />}
      {!loading && cards.length === 0 ? (
        <Empty description={t('ov.cards.empty')} />
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
                      {c.level === 'red' ? t('ov.cards.red') : t('ov.cards.yellow')}
                    </Tag>
                    {(CARD_KINDS as readonly string[]).includes(c.kind) ? t(`ov.cards.kind.${c.kind as (typeof CARD_KINDS)[number]}`) : c.kind}
                  </Space>
                }
              >
                {/* The organisation in the body, not beside the title: a long name and the kind
                    of warning would crowd each other out of one line. */}
                <Typography.Text type="secondary" data-testid="warning-card-organisation">
                  {c.organisationName}
                </Typography.Text>
                <Typography.Paragraph style={{ marginBottom: 4 }}>{lang === 'en-US' ? cardMessageEn(c) : c.message}</Typography.Paragraph>
                <Typography.Text type="secondary">{t('ov.cards.since', { date: fmtDate(c.slippedOn) })}</Typography.Text>
                {c.clearedAt ? (
                  <div>
                    {t('ov.cards.cleared', { at: fmtDateTime(c.clearedAt), response: c.response })}
                  </div>
                ) : (
                  can('ANSWER_RECTIFICATION') &&
                  c.organisationCode === code && (
                    <div style={{ marginTop: 8 }}>
                      <Button size="small" onClick={() => setAnswering(c.id)} data-testid={`card-respond-${c.subject}`}>
                        {t('ov.cards.respond')}
                      </Button>
                    </div>
                  )
                )}
              </Card>
            </List.Item>
          )}
        />
      )}
      <Modal open={answering !== null} title={t('ov.cards.modal')} okText={t('ov.cards.submit')} cancelText={t('ov.cancel')} onOk={() => void send()} confirmLoading={sending} onCancel={() => setAnswering(null)}>
        <Input.TextArea rows={3} data-testid="card-response" placeholder={t('ov.cards.responseHint')} value={text} onChange={(e) => setText(e.target.value)} />
        {err && <div style={{ color: '#cf1322', marginTop: 8 }}>{err}</div>}
      </Modal>
    </div>
  );
}
