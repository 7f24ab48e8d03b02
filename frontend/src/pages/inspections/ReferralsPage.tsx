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

const ACTION_LABELS: Record<string, string> = {
  recheck: '复查',
  send: '抄告移送',
  decide: '负责人决定',
  transfer: '移交公安司法机关',
  feedback: '登记反馈',
  penalty: '立案处罚决定',
  close: '办结',
};
const KIND_COLORS: Record<string, string> = {
  ON_SPOT: 'blue',
  OWN_DEPARTMENT: 'geekblue',
  REFERRED: 'purple',
  POLICE: 'red',
};
const KIND_FILTERS: { value: ReferralKind | 'ALL'; label: string }[] = [
  { value: 'ALL', label: '全部' },
  { value: 'ON_SPOT', label: '责令改正' },
  { value: 'OWN_DEPARTMENT', label: '本部门' },
  { value: 'REFERRED', label: '抄告移送' },
  { value: 'POLICE', label: '移送公安司法' },
];

interface FieldErr {
  field?: string | null;
  message: string;
}

/** /o/:code/referrals — the follow-up of every finding (R12): where it is, how long it has waited. */
export function ReferralsPage() {
  const { code } = useOrg();
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
      <Link to={orgPath(code, 'inspections')}>← 检查实施</Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        问题处理（R12）
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        现场发现的问题按笔录记载的方式处理：当场责令改正并复查、报告本部门、抄告移送其他部门，或移送公安司法机关（负责人3日内决定，批准后24小时内移交）。等待时间按工作日计算。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented options={KIND_FILTERS} value={kind} onChange={(v) => setKind(v as ReferralKind | 'ALL')} data-testid="referrals-kind" />
        <Checkbox checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} data-testid="referrals-open-only">
          只看未办结
        </Checkbox>
        {data?.referrals && <Typography.Text type="secondary">共 {data.referrals.totalCount} 项</Typography.Text>}
      </Space>
      {error && !data && <Alert type="error" showIcon title="加载失败" description={error.message} />}
      {loading && !data ? (
        <Spin />
      ) : rows.length === 0 ? (
        <Empty description={openOnly ? '没有待处理的问题' : '暂无问题处理记录'} />
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
  const closed = r.status === 'CLOSED';
  return (
    <Card size="small" data-testid="referral-card">
      <Space direction="vertical" size={6} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={KIND_COLORS[r.kind]}>{r.kindLabel}</Tag>
          <Tag color={closed ? 'green' : 'orange'} data-testid="referral-status">
            {r.statusLabel}
          </Tag>
          {r.overdue && (
            <Tag color="red" data-testid="referral-overdue">
              已超期
            </Tag>
          )}
          {r.transferLate && <Tag color="red">超过24小时移交</Tag>}
        </Space>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {r.finding}
        </Typography.Text>
        <Link to={orgPath(code, `inspections/${r.inspection.id}`)}>
          {r.inspection.targetName}（{r.inspection.reference}）
        </Link>
        {!closed && (
          <Typography.Text data-testid="referral-waiting">
            {r.waitingWorkingDays === null || r.waitingWorkingDays === undefined
              ? `自 ${fmtDateTime(r.statusSince)} 起（节假日安排未录入，无法计算工作日）`
              : `在当前环节已等待 ${r.waitingWorkingDays} 个工作日（自 ${fmtDateTime(r.statusSince)}）`}
          </Typography.Text>
        )}
        {r.dueText && (
          <Typography.Text type={r.overdue ? 'danger' : 'secondary'}>
            {r.dueText}
            {r.dueAt ? `：${fmtDateTime(r.dueAt)} 前` : ''}
          </Typography.Text>
        )}
        {r.receivingBody && <Typography.Text>接收单位：{r.receivingBody}</Typography.Text>}
        {r.correctionDeadline && r.status !== 'ORDERED' ? <Typography.Text>改正期限：{fmtDate(r.correctionDeadline)}</Typography.Text> : null}
        {r.recheckNote && (
          <Typography.Text>
            复查（{fmtDate(r.recheckedOn)}）：{r.recheckNote}
          </Typography.Text>
        )}
        {r.decisionNote && <Typography.Text>负责人意见：{r.decisionNote}</Typography.Text>}
        {r.attachments.length > 0 && <Typography.Text>移送材料：{r.attachments.map((a) => a.label).join('、')}</Typography.Text>}
        {r.feedback && <Typography.Text>反馈：{r.feedback}</Typography.Text>}
        {r.penaltyNumber && (
          <Typography.Text data-testid="referral-penalty">
            处罚决定：{r.penaltyNumber}（{fmtDate(r.penaltyOn)}）：{r.penaltyText}（行政处罚，记入信用记录）
          </Typography.Text>
        )}
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'h',
              label: `办理经过（${r.history.length}）`,
              children: (
                <Timeline
                  items={r.history.map((h) => ({
                    children: (
                      <span>
                        {fmtDateTime(h.at)} · {h.statusLabel}
                        {h.by ? ` · ${h.by}` : ''}
                        {h.note ? `：${h.note}` : ''}
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
                {ACTION_LABELS[a] ?? a}
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
      setErrors([{ message: `操作失败：${result.error?.message ?? '服务器未返回结果'}` }]);
      return;
    }
    const errs = result.data.referralAct.errors;
    if (errs.length) {
      setErrors(errs);
      return;
    }
    message.success(`已${ACTION_LABELS[action]}`);
    onClose(true);
  };

  const noteLabel: Record<string, string> = {
    recheck: '复查情况',
    send: '说明（可选）',
    decide: '决定意见（不批准时必填）',
    transfer: '说明（可选）',
    feedback: '反馈情况',
    close: '办结情况',
  };

  return (
    <Modal
      open
      title={`${ACTION_LABELS[action]}：${referral.finding.slice(0, 30)}`}
      onCancel={() => onClose(false)}
      onOk={() => void submit()}
      okText="确定"
      cancelText="取消"
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
            <Form.Item name="corrected" label="复查结果" required>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                size="large"
                options={[
                  { value: true, label: '已改正' },
                  { value: false, label: '未改正' },
                ]}
              />
            </Form.Item>
            <Form.Item name="recheckedOn" label="复查日期（默认今天）">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </>
        )}
        {action === 'decide' && (
          <Form.Item name="approve" label="负责人决定" required>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              size="large"
              options={[
                { value: true, label: '批准移送' },
                { value: false, label: '不批准移送' },
              ]}
            />
          </Form.Item>
        )}
        {(action === 'send' || action === 'transfer') && (
          <Form.Item name="receivingBody" label={action === 'transfer' ? '接收移送的公安机关或司法机关' : '接收抄告（移送）的部门'} required>
            <Input size="large" />
          </Form.Item>
        )}
        {action === 'penalty' && (
          <>
            <Typography.Paragraph type="secondary">
              登记后写入该市场主体的信用记录（行政处罚），信用等级按规则下调一级；每个问题只能登记一次。
            </Typography.Paragraph>
            <Form.Item name="penaltyNumber" label="处罚决定书文号" required>
              <Input size="large" placeholder="如：×住建罚字〔2026〕12号" data-testid="penalty-number" />
            </Form.Item>
            <Form.Item name="penaltyOn" label="处罚决定日期" required>
              <DatePicker style={{ width: '100%' }} size="large" data-testid="penalty-on" />
            </Form.Item>
            <Form.Item name="penaltyText" label="处罚决定内容" required>
              <Input.TextArea autoSize={{ minRows: 3 }} data-testid="penalty-text" />
            </Form.Item>
          </>
        )}
        {action === 'transfer' &&
          attachmentKinds.map((k) => (
            <Form.Item key={k.value} name={['attachments', k.value]} label={`${k.label}${k.required ? '' : '（如有）'}`} required={k.required}>
              <Select
                allowClear
                size="large"
                placeholder={evidence.length ? '选择本检查已上传的证据文件' : '请先在笔录中上传该材料'}
                options={evidence.map((e) => ({ value: e.id, label: `${e.originalName || '证据'}（${e.source}）` }))}
              />
            </Form.Item>
          ))}
        {action !== 'penalty' && (
          <Form.Item name="note" label={noteLabel[action] ?? '说明'}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
