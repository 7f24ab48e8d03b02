import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Collapse,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { orgPath } from '../../access';
import { orgScope } from '../../apollo';
import type { ReferralFieldsFragment, ReferralKind } from '../../gql/graphql';
import { ReferralActMutation, ReferralsQuery } from '../../graphql/inspections';
import { useOrg } from '../../orgContext';
import { fmtDate, fmtDateTime } from './format';
import { REFERRAL_EN, referralDueEn, useInspT, type InspT } from './i18n';

const ACTIONS = ['recheck', 'send', 'decide', 'transfer', 'feedback', 'penalty', 'close'] as const;
type Action = (typeof ACTIONS)[number];
const NOTED: readonly string[] = ['recheck', 'send', 'decide', 'transfer', 'feedback', 'close'];

function actionLabel(t: InspT, action: string): string {
  return (ACTIONS as readonly string[]).includes(action) ? t(`ref.action.${action as Action}`) : action;
}
const KIND_COLORS: Record<string, string> = {
  ON_SPOT: 'blue',
  OWN_DEPARTMENT: 'geekblue',
  REFERRED: 'purple',
  POLICE: 'red',
};
const KIND_FILTERS: (ReferralKind | 'ALL')[] = ['ALL', 'ON_SPOT', 'OWN_DEPARTMENT', 'REFERRED', 'POLICE'];

interface FieldErr {
  field?: string | null;
  message: string;
}

/** /o/:code/referrals — the follow-up of every finding (问题处理): where it is, how long it has waited. */
export function ReferralsPage() {
  const { code } = useOrg();
  const { t } = useInspT();
  const [openOnly, setOpenOnly] = useState(true);
  const [kind, setKind] = useState<ReferralKind | 'ALL'>('ALL');
  const [acting, setActing] = useState<{ referral: ReferralFieldsFragment; action: string } | null>(null);
  const { data, loading, error, refetch } = useQuery(ReferralsQuery, {
    variables: { openOnly, kind: kind === 'ALL' ? null : kind, first: 200 },
    context: orgScope(code),
    fetchPolicy: 'cache-and-network',
  });
  const rows = (data?.referrals?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  return (
    <div className="suiji-inspections" data-testid="referrals-page" style={{ maxWidth: 960 }}>
      <Link to={orgPath(code, 'inspections')}>{t('ref.back')}</Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {t('ref.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('ref.explain')}
      </Typography.Paragraph>
      {/* the filters scroll inside their own box when a phone is narrower than they are */}
      <div className="suiji-referrals-kind" style={{ maxWidth: '100%', overflowX: 'auto', marginBottom: 8 }}>
        <Segmented
          options={KIND_FILTERS.map((value) => ({ value, label: t(`ref.kind.${value}`) }))}
          value={kind}
          onChange={(v) => setKind(v as ReferralKind | 'ALL')}
          data-testid="referrals-kind"
        />
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} data-testid="referrals-open-only">
          {t('ref.openOnly')}
        </Checkbox>
        {data?.referrals && <Typography.Text type="secondary">{t('insp.total', { count: data.referrals.totalCount })}</Typography.Text>}
      </Space>
      {error && !data && <Alert type="error" showIcon title={t('common.loadFailed')} description={error.message} />}
      {loading && !data ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty description={openOnly ? t('ref.emptyOpen') : t('ref.empty')} />
      ) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {rows.map((r) => (
            <ReferralCard key={r.id} referral={r} onAct={(action) => setActing({ referral: r, action })} />
          ))}
        </Space>
      )}
      {acting && (
        <ActionModal
          referral={acting.referral}
          action={acting.action}
          attachmentKinds={data?.referralAttachmentKinds ?? []}
          onClose={(changed) => {
            setActing(null);
            if (changed) void refetch();
          }}
        />
      )}
    </div>
  );
}

function ReferralCard({ referral: r, onAct }: { referral: ReferralFieldsFragment; onAct: (action: string) => void }) {
  const { code } = useOrg();
  const { t, lang } = useInspT();
  const en = lang === 'en-US';
  const statusName = (status: string, label: string) => (en ? REFERRAL_EN.status[status] ?? label : label);
  const closed = r.status === 'CLOSED';
  return (
    <Card size="small" data-testid="referral-card">
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={KIND_COLORS[r.kind]}>{en ? REFERRAL_EN.kind[r.kind] ?? r.kindLabel : r.kindLabel}</Tag>
          <Tag color={closed ? 'green' : 'orange'} data-testid="referral-status">
            {statusName(r.status, r.statusLabel)}
          </Tag>
          {r.overdue && (
            <Tag color="red" data-testid="referral-overdue">
              {t('ref.overdue')}
            </Tag>
          )}
          {r.transferLate && <Tag color="red">{t('ref.transferLate')}</Tag>}
        </Space>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {r.finding}
        </Typography.Text>
        <Link to={orgPath(code, `inspections/${r.inspection.id}`)}>
          {t('ref.target', { name: r.inspection.targetName, reference: r.inspection.reference })}
        </Link>
        {!closed && (
          <Typography.Text data-testid="referral-waiting">
            {r.waitingWorkingDays === null || r.waitingWorkingDays === undefined
              ? t('ref.waitingUnknown', { since: fmtDateTime(r.statusSince) })
              : t('ref.waiting', { days: r.waitingWorkingDays, since: fmtDateTime(r.statusSince) })}
          </Typography.Text>
        )}
        {r.dueText && (
          <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>
            {en ? referralDueEn(r) : r.dueText}
            {r.dueAt ? t('ref.dueAt', { at: fmtDateTime(r.dueAt) }) : ''}
          </Typography.Text>
        )}
        {r.receivingBody && <Typography.Text>{t('ref.receivingBody', { body: r.receivingBody })}</Typography.Text>}
        {r.correctionDeadline && r.status !== 'ORDERED' ? <Typography.Text>{t('ref.correctionDeadline', { date: fmtDate(r.correctionDeadline) })}</Typography.Text> : null}
        {r.recheckNote && (
          <Typography.Text>
            {t('ref.recheckNote', { date: fmtDate(r.recheckedOn), note: r.recheckNote })}
          </Typography.Text>
        )}
        {r.decisionNote && <Typography.Text>{t('ref.decisionNote', { note: r.decisionNote })}</Typography.Text>}
        {r.attachments.length > 0 && <Typography.Text>{t('ref.attachments', { list: r.attachments.map((a) => (en ? REFERRAL_EN.attachment[a.kind] ?? a.label : a.label)).join(t('common.sep')) })}</Typography.Text>}
        {r.feedback && <Typography.Text>{t('ref.feedback', { text: r.feedback })}</Typography.Text>}
        {r.penaltyNumber && (
          <Typography.Text data-testid="referral-penalty">
            {t('ref.penalty', { number: r.penaltyNumber, date: fmtDate(r.penaltyOn), text: r.penaltyText ?? '' })}
          </Typography.Text>
        )}
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'h',
              label: t('ref.history', { n: r.history.length }),
              children: (
                <Timeline
                  items={r.history.map((h) => ({
                    children: (
                      <span>
                        {fmtDateTime(h.at)} · {statusName(h.status, h.statusLabel)}
                        {h.by ? ` · ${h.by}` : ''}
                        {h.note ? t('ref.historyNote', { note: h.note }) : ''}
                      </span>
                    ),
                  }))}
                />
              ),
            },
          ]}
        />
        {r.allowedActions.length > 0 && (
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            {r.allowedActions.map((a) => (
              <Button key={a} type={a === 'close' ? 'default' : 'primary'} size="large" onClick={() => onAct(a)} data-testid={`referral-act-${a}`}>
                {actionLabel(t, a)}
              </Button>
            ))}
          </div>
        )}
      </Space>
    </Card>
  );
}

interface ActionForm {
  note?: string;
  corrected?: boolean;
  recheckedOn?: Dayjs;
  receivingBody?: string;
  approve?: boolean;
  attachments?: Record<string, string | undefined>;
  penaltyNumber?: string;
  penaltyOn?: Dayjs;
  penaltyText?: string;
}

function ActionModal({
  referral,
  action,
  attachmentKinds,
  onClose,
}: {
  referral: ReferralFieldsFragment;
  action: string;
  attachmentKinds: { value: string; label: string; required: boolean }[];
  onClose: (changed: boolean) => void;
}) {
  const { code } = useOrg();
  const { t, lang } = useInspT();
  const kindLabel = (k: { value: string; label: string }) =>
    lang === 'en-US' ? REFERRAL_EN.attachment[k.value] ?? k.label : k.label;
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionForm>();
  const [errors, setErrors] = useState<FieldErr[]>([]);
  const [act, { loading }] = useMutation(ReferralActMutation, { context: orgScope(code), errorPolicy: 'all' });
  const evidence = referral.inspection.record?.evidence ?? [];

  const submit = async () => {
    const v = form.getFieldsValue();
    const attachments = Object.entries(v.attachments ?? {})
      .filter(([, id]) => Boolean(id))
      .map(([kind, id]) => ({ kind, evidenceId: id as string }));
    const result = await act({
      variables: {
        id: referral.id,
        action,
        note: v.note ?? '',
        corrected: v.corrected ?? null,
        recheckedOn: v.recheckedOn ? v.recheckedOn.format('YYYY-MM-DD') : null,
        receivingBody: v.receivingBody ?? null,
        approve: v.approve ?? null,
        attachments: action === 'transfer' ? attachments : null,
        penaltyNumber: action === 'penalty' ? (v.penaltyNumber ?? '') : null,
        penaltyOn: action === 'penalty' && v.penaltyOn ? v.penaltyOn.format('YYYY-MM-DD') : null,
        penaltyText: action === 'penalty' ? (v.penaltyText ?? '') : null,
      },
    });
    if (result.error || !result.data?.referralAct) {
      setErrors([{ message: t('ref.failed', { message: result.error?.message ?? t('ref.noResult') }) }]);
      return;
    }
    const errs = result.data.referralAct.errors;
    if (errs.length) {
      setErrors(errs);
      return;
    }
    message.success(t('ref.done', { action: actionLabel(t, action) }));
    onClose(true);
  };

  const noteLabel = NOTED.includes(action) ? t(`ref.note.${action as Exclude<Action, 'penalty'>}`) : t('ref.note');

  return (
    <Modal
      open
      title={t('ref.modalTitle', { action: actionLabel(t, action), finding: referral.finding.slice(0, 30) })}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      data-testid="referral-modal"
    >
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="referral-errors"
          title={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {errors.map((e) => (
                <li key={`${e.field}-${e.message}`}>{e.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ receivingBody: referral.receivingBody }}>
        {action === 'recheck' && (
          <>
            <Form.Item name="corrected" label={t('ref.corrected')} required>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                size="large"
                options={[
                  { value: true, label: t('ref.corrected.yes') },
                  { value: false, label: t('ref.corrected.no') },
                ]}
              />
            </Form.Item>
            <Form.Item name="recheckedOn" label={t('ref.recheckedOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {action === 'decide' && (
          <Form.Item name="approve" label={t('ref.action.decide')} required>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              size="large"
              options={[
                { value: true, label: t('ref.approve.yes') },
                { value: false, label: t('ref.approve.no') },
              ]}
            />
          </Form.Item>
        )}
        {(action === 'send' || action === 'transfer') && (
          <Form.Item name="receivingBody" label={action === 'transfer' ? t('ref.receiver.police') : t('ref.receiver.department')} required>
            <Input size="large" />
          </Form.Item>
        )}
        {action === 'penalty' && (
          <>
            <Typography.Paragraph type="secondary">
              {t('ref.penaltyExplain')}
            </Typography.Paragraph>
            <Form.Item name="penaltyNumber" label={t('ref.penaltyNumber')} required>
              <Input size="large" placeholder={t('ref.penaltyNumberHint')} data-testid="penalty-number" />
            </Form.Item>
            <Form.Item name="penaltyOn" label={t('ref.penaltyOn')} required>
              <DatePicker style={{ width: '100%' }} size="large" data-testid="penalty-on" />
            </Form.Item>
            <Form.Item name="penaltyText" label={t('ref.penaltyText')} required>
              <Input.TextArea autoSize={{ minRows: 3 }} data-testid="penalty-text" />
            </Form.Item>
          </>
        )}
        {action === 'transfer' &&
          attachmentKinds.map((k) => (
            <Form.Item key={k.value} name={['attachments', k.value]} label={k.required ? kindLabel(k) : t('ref.attachmentOptional', { label: kindLabel(k) })} required={k.required}>
              <Select
                allowClear
                size="large"
                placeholder={evidence.length ? t('ref.pickEvidence') : t('ref.noEvidence')}
                options={evidence.map((e) => ({ value: e.id, label: t('ref.evidenceOption', { name: e.originalName || t('ev.untitled'), source: e.source }) }))}
              />
            </Form.Item>
          ))}
        {action !== 'penalty' && (
          <Form.Item name="note" label={noteLabel}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
