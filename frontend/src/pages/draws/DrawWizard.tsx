import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Result,
  Space,
  Steps,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { orgScope } from '../../apollo';
import { usePunct } from '../../i18n';
import { JobProgress } from '../../components/JobProgress';
import type { DrawFieldsFragment as DrawData, DrawStatus } from '../../gql/graphql';
import {
  AddWitnessInputMutation,
  CommitDrawMutation,
  DrawQuery,
  DrawTargetsQuery,
  ExecuteDrawMutation,
  PublishDrawMutation,
  VoidDrawMutation,
} from '../../graphql/draws';
import { usePermissions } from '../../access';
import { useOrg } from '../../orgContext';
import { PageSpin } from '../PageSpin';
import { Digest, DrawStatusTag, fmtDateTime, publicDrawPath, stepOfStatus } from './format';
import { useDrawsT, type DrawsT } from './i18n';
import { PreviewStep } from './PreviewStep';
import { DrawResult, TARGET_PAGE_SIZE } from './ResultTables';
import { ResponsiveTable } from '../../components/ResponsiveTable';

type MutationErrors = ReadonlyArray<{ message: string }> | null | undefined;

/** How far the draw has come: steps before this index are done. */
function doneSteps(status: DrawStatus): number {
  return { PREVIEWED: 0, COMMITTED: 2, EXECUTED: 4, PUBLISHED: 5, VOIDED: 4 }[status];
}

/** The furthest step the user may open. */
function maxStep(status: DrawStatus): number {
  return { PREVIEWED: 0, COMMITTED: 3, EXECUTED: 4, PUBLISHED: 4, VOIDED: 4 }[status];
}

const REVEALED = new Set<DrawStatus>(['EXECUTED', 'PUBLISHED', 'VOIDED']);

/** /o/:code/draws/:drawId — one draw and its wizard. */
export function DrawWizardPage() {
  const { t } = useDrawsT();
  const { code } = useOrg();
  const { can } = usePermissions();
  const { drawId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(DrawQuery, {
    variables: { id: drawId },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  if (loading && !data) return <PageSpin />;
  if (error && !data) return <Alert type="error" showIcon title={t('draws.loadFailed')} description={error.message} />;
  if (!data?.draw)
    return <Result status="404" title={t('draws.notFound')} extra={<Link to={`/o/${code}/draws`}>{t('draws.back')}</Link>} />;
  return <DrawWizard key={data.draw.id} draw={data.draw} orgCode={code} readOnly={!can('RUN_DRAWS')} onChanged={() => void refetch()} />;
}

export interface DrawWizardProps {
  draw: DrawData;
  orgCode: string;
  readOnly?: boolean;
  onChanged?: () => void;
}

/** The five steps 预览 → 提交承诺 → 见证输入 → 揭晓 → 公开, opened on the step of the draw's status. */
export function DrawWizard({ draw, orgCode, readOnly = false, onChanged }: DrawWizardProps) {
  const { t } = useDrawsT();
  const p = usePunct();
  const { message } = App.useApp();
  const [step, setStep] = useState(() => stepOfStatus(draw.status));
  const [actionError, setActionError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState(false);
  const ctx = { context: orgScope(orgCode) };
  const [commitDraw, commitState] = useMutation(CommitDrawMutation, ctx);
  const [executeDraw, executeState] = useMutation(ExecuteDrawMutation, ctx);
  const [publishDraw, publishState] = useMutation(PublishDrawMutation, ctx);
  const [jobId, setJobId] = useState<string | null>(null);

  /** Runs a mutation; shows its errors (data or transport); true when it succeeded. */
  const run = async (perform: () => Promise<MutationErrors | undefined>, done: string): Promise<boolean> => {
    setActionError(null);
    try {
      const errs = await perform();
      if (errs === undefined) {
        setActionError(t('draws.failed'));
        return false;
      }
      if (errs && errs.length) {
        setActionError(errs.map((e) => e.message).join(p.semi));
        return false;
      }
      void message.success(done);
      onChanged?.();
      return true;
    } catch (e) {
      setActionError((e as Error).message);
      return false;
    }
  };

  const commit = async () => {
    const ok = await run(async () => (await commitDraw({ variables: { id: draw.id }})).data?.commitDraw?.errors, t('draws.done'));
    if (ok) setStep(1);
  };
  const execute = async () => {
    await run(async () => {
      const res = (await executeDraw({ variables: { id: draw.id }})).data?.executeDraw;
      if (res?.job) setJobId(res.job.id);
      return res?.errors;
    }, t('draws.done'));
  };
  const publish = async () => {
    await run(async () => (await publishDraw({ variables: { id: draw.id }})).data?.publishDraw?.errors, t('draws.publish.done'));
  };

  const done = doneSteps(draw.status);
  const last = maxStep(draw.status);
  const stepKeys = ['preview', 'commit', 'witness', 'reveal', 'publish'] as const;
  const canAct = !readOnly;
  const canVoid = canAct && (draw.status === 'EXECUTED' || draw.status === 'PUBLISHED');

  let body;
  switch (step) {
    case 0:
      body = (
        <>
          <PreviewStep t={t} orgCode={orgCode} drawId={draw.id} frozen={draw.status !== 'PREVIEWED'} />
          {draw.status === 'PREVIEWED' && canAct && (
            <Space style={{ marginTop: 16 }}>
              <Popconfirm
                title={t('draws.preview.commitConfirm')}
                onConfirm={() => void commit()}
                okButtonProps={{ 'data-testid': 'draw-commit-confirm' }}
              >
                <Button type="primary" loading={commitState.loading} data-testid="draw-commit">
                  {t('draws.preview.commit')}
                </Button>
              </Popconfirm>
            </Space>
          )}
        </>
      );
      break;
    case 1:
      body = <CommitStep t={t} draw={draw} />;
      break;
    case 2:
      body = <WitnessStep t={t} draw={draw} orgCode={orgCode} canAct={canAct} onChanged={onChanged} />;
      break;
    case 3:
      body = (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {draw.status === 'PREVIEWED' && <Alert type="info" showIcon title={t('draws.reveal.notCommitted')} />}
          {draw.status === 'COMMITTED' && (
            <>
              <Alert type="info" showIcon title={t('draws.reveal.intro')} />
              {jobId ? (
                <Card size="small" title={t('draws.reveal.running')}>
                  <JobProgress
                    jobId={jobId}
                    orgCode={orgCode}
                    onFinished={(job) => {
                      if (job.status === 'FAILED') setActionError(`${t('draws.reveal.jobFailed')}${p.colon}${job.message}`);
                      else void message.success(t('draws.reveal.done'));
                      onChanged?.();
                    }}
                  />
                </Card>
              ) : (
                canAct && (
                  <Popconfirm
                    title={t('draws.reveal.confirm')}
                    onConfirm={() => void execute()}
                    okButtonProps={{ 'data-testid': 'draw-execute-confirm' }}
                  >
                    <Button type="primary" loading={executeState.loading} data-testid="draw-execute">
                      {t('draws.reveal.execute')}
                    </Button>
                  </Popconfirm>
                )
              )}
            </>
          )}
          {REVEALED.has(draw.status) && <RevealedResult t={t} draw={draw} orgCode={orgCode} />}
        </Space>
      );
      break;
    default:
      body = (
        <PublishStep
          t={t}
          draw={draw}
          orgCode={orgCode}
          canAct={canAct}
          publishing={publishState.loading}
          onPublish={() => void publish()}
        />
      );
  }

  return (
    <div data-testid="draw-wizard">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center" wrap>
        <Space align="center" wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="draw-reference">
            {draw.reference}
          </Typography.Title>
          <DrawStatusTag status={draw.status} t={t} />
          <Typography.Text type="secondary">
            {draw.planYear} · {draw.taskTitle} · {t('draws.col.roundN', { n: draw.roundNumber })} · {draw.windowStart} ~ {draw.windowEnd}
          </Typography.Text>
        </Space>
        <Space>
          <Link to={`/o/${encodeURIComponent(orgCode)}/draws`}>{t('draws.back')}</Link>
          {canVoid && (
            <Button danger onClick={() => setVoiding(true)} data-testid="draw-void">
              {t('draws.void.action')}
            </Button>
          )}
        </Space>
      </Space>
      {draw.status === 'VOIDED' && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          data-testid="draw-void-banner"
          title={`${t('draws.void.banner')}${p.colon}${draw.voidReason ?? ''}`}
          description={t('draws.void.by', { who: draw.voidedBy ?? '—', at: fmtDateTime(draw.voidedAt) })}
        />
      )}
      <Steps
        style={{ margin: '20px 0' }}
        current={step}
        onChange={(next) => {
          setActionError(null);
          setStep(next);
        }}
        data-testid="draw-steps"
        items={stepKeys.map((key, i) => ({
          title: t(`draws.step.${key}`),
          disabled: i > last,
          status: i === step ? 'process' : i < done ? 'finish' : 'wait',
        }))}
      />
      {actionError && (
        <Alert style={{ marginBottom: 12 }} type="error" showIcon closable title={actionError} data-testid="draw-action-error" />
      )}
      <div data-testid={`draw-step-${stepKeys[step]}`}>{body}</div>
      <Space style={{ marginTop: 16 }}>
        {step > 0 && (
          <Button onClick={() => setStep(step - 1)} data-testid="draw-prev">
            {t('draws.prev')}
          </Button>
        )}
        {step < last && (
          <Button onClick={() => setStep(step + 1)} data-testid="draw-next">
            {step === 2 && draw.witnesses.length === 0 && draw.status === 'COMMITTED' ? t('draws.witness.skip') : t('draws.next')}
          </Button>
        )}
      </Space>
      {voiding && (
        <VoidModal
          t={t}
          draw={draw}
          orgCode={orgCode}
          onClose={() => setVoiding(false)}
          onVoided={() => {
            setVoiding(false);
            onChanged?.();
          }}
        />
      )}
    </div>
  );
}

function Parameters({ t, draw }: { t: DrawsT; draw: DrawData }) {
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} title={t('draws.commit.parameters')}>
      <Descriptions.Item label={t('draws.col.task')}>{draw.taskTitle}</Descriptions.Item>
      <Descriptions.Item label={t('draws.col.year')}>{draw.planYear}</Descriptions.Item>
      <Descriptions.Item label={t('draws.col.round')}>{t('draws.col.roundN', { n: draw.roundNumber })}</Descriptions.Item>
      <Descriptions.Item label={t('draws.col.window')}>
        {draw.windowStart} ~ {draw.windowEnd}
      </Descriptions.Item>
      <Descriptions.Item label={t('draws.commit.poolSize')}>{draw.poolSize ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('draws.commit.excludedCount')}>{draw.excludedCount ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}

/** Step 2 (提交承诺): the frozen pool's digest, the parameters and the commitment. */
function CommitStep({ t, draw }: { t: DrawsT; draw: DrawData }) {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('draws.commit.what')} data-testid="draw-commit-what" />
      {!draw.commitment ? (
        <Alert type="warning" showIcon title={t('draws.commit.notYet')} />
      ) : (
        <>
          <Parameters t={t} draw={draw} />
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('draws.commit.poolDigest')}>
              <Digest value={draw.poolDigest} testId="draw-pool-digest" />
            </Descriptions.Item>
            <Descriptions.Item label={t('draws.commit.exclusionsDigest')}>
              <Digest value={draw.exclusionsDigest} />
            </Descriptions.Item>
            <Descriptions.Item label={t('draws.commit.commitment')}>
              <Digest value={draw.commitment} testId="draw-commitment" />
            </Descriptions.Item>
            <Descriptions.Item label={t('draws.commit.committedAt')}>{fmtDateTime(draw.committedAt)}</Descriptions.Item>
          </Descriptions>
          {draw.commitUrl && (
            <Alert
              type="success"
              showIcon
              data-testid="draw-commit-public"
              title={t('draws.commit.public')}
              action={
                <a href={draw.commitUrl} download>
                  {t('draws.public.commitDownload')}
                </a>
              }
            />
          )}
        </>
      )}
    </Space>
  );
}

export function WitnessTable({ t, witnesses }: { t: DrawsT; witnesses: DrawData['witnesses'] }) {
  return (
    <ResponsiveTable
      data-testid="draw-witnesses"
      size="small"
      rowKey="name"
      cardTitle={(w) => w.name}
      cardHidden={['n', 'name']}
      dataSource={[...witnesses]}
      pagination={false}
      locale={{ emptyText: t('draws.witness.none') }}
      columns={[
        { title: '#', key: 'n', width: 50, render: (_: unknown, __: unknown, i: number) => i + 1 },
        { title: t('draws.witness.name'), dataIndex: 'name' },
        { title: t('draws.witness.value'), dataIndex: 'value', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
      ]}
    />
  );
}

/** Step 3 (见证输入, optional): witnesses type a number after the commitment. */
function WitnessStep({
  t,
  draw,
  orgCode,
  canAct,
  onChanged,
}: {
  t: DrawsT;
  draw: DrawData;
  orgCode: string;
  canAct: boolean;
  onChanged?: () => void;
}) {
  const p = usePunct();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; value: string }>();
  const [error, setError] = useState<string | null>(null);
  const [addWitness, { loading }] = useMutation(AddWitnessInputMutation, { context: orgScope(orgCode) });
  const open = draw.status === 'COMMITTED';

  const add = async (values: { name: string; value: string }) => {
    setError(null);
    try {
      const res = (await addWitness({ variables: { id: draw.id, name: values.name.trim(), value: values.value.trim() }})).data
        ?.addWitnessInput;
      const errs = res?.errors ?? [];
      if (errs.length || !res?.draw) {
        setError(errs.map((e) => e.message).join(p.semi) || t('draws.failed'));
        return;
      }
      form.resetFields();
      void message.success(t('draws.witness.added'));
      onChanged?.();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('draws.witness.intro')} />
      {!open && draw.status !== 'PREVIEWED' && <Alert type="warning" showIcon title={t('draws.witness.closed')} />}
      {error && <Alert type="error" showIcon title={error} data-testid="witness-error" />}
      {open && canAct && (
        <Form form={form} layout="inline" onFinish={(v) => void add(v)}>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('draws.witness.name') }]}>
            <Input placeholder={t('draws.witness.name')} maxLength={100} style={{ width: 260 }} data-testid="witness-name" />
          </Form.Item>
          <Form.Item
            name="value"
            rules={[{ required: true, pattern: /^\s*\d{1,64}\s*$/, message: t('draws.witness.valueInvalid') }]}
          >
            <Input placeholder={t('draws.witness.value')} inputMode="numeric" style={{ width: 220 }} data-testid="witness-value" />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={loading} data-testid="witness-add">
            {t('draws.witness.add')}
          </Button>
        </Form>
      )}
      <WitnessTable t={t} witnesses={draw.witnesses} />
    </Space>
  );
}

/** Step 4 (揭晓) once executed: seed, result digest, targets (paged), teams, recusals. */
function RevealedResult({ t, draw, orgCode }: { t: DrawsT; draw: DrawData; orgCode: string }) {
  const p = usePunct();
  const [page, setPage] = useState(1);
  const { data, previousData, loading } = useQuery(DrawTargetsQuery, {
    variables: { id: draw.id, offset: (page - 1) * TARGET_PAGE_SIZE, limit: TARGET_PAGE_SIZE },
    context: orgScope(orgCode),
    fetchPolicy: 'network-only',
  });
  const targets = (data ?? previousData)?.draw?.targets;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="draw-result">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('draws.commit.commitment')}>
          <Digest value={draw.commitment} />
        </Descriptions.Item>
        <Descriptions.Item label={t('draws.reveal.secret')}>
          <Digest value={draw.revealedSecret} testId="draw-secret" />
        </Descriptions.Item>
        <Descriptions.Item label={t('draws.reveal.seed')}>
          <Digest value={draw.seed} testId="draw-seed" />
        </Descriptions.Item>
        <Descriptions.Item label={t('draws.reveal.resultDigest')}>
          <Digest value={draw.resultDigest} />
        </Descriptions.Item>
        <Descriptions.Item label={t('draws.reveal.executedAt')}>
          {fmtDateTime(draw.executedAt)}
          {draw.executedBy ? ` · ${t('draws.reveal.executedBy')}${p.colon}${draw.executedBy}` : ''}
        </Descriptions.Item>
      </Descriptions>
      <DrawResult
        t={t}
        targets={{ t, items: targets?.items ?? [], total: targets?.totalCount ?? draw.targetCount, page, loading, onPage: setPage }}
        teams={draw.teams}
        recusals={draw.recusals}
      />
    </Space>
  );
}

/** Step 5 (公开): publish, then the public page and the record download. */
function PublishStep({
  t,
  draw,
  orgCode,
  canAct,
  publishing,
  onPublish,
}: {
  t: DrawsT;
  draw: DrawData;
  orgCode: string;
  canAct: boolean;
  publishing: boolean;
  onPublish: () => void;
}) {
  const publicPath = publicDrawPath(orgCode, draw.reference);
  const isPublic = draw.status === 'PUBLISHED' || draw.status === 'VOIDED';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('draws.publish.intro')} />
      {(draw.status === 'PREVIEWED' || draw.status === 'COMMITTED') && (
        <Alert type="warning" showIcon title={t('draws.publish.notExecuted')} />
      )}
      {draw.status === 'EXECUTED' && canAct && (
        <Popconfirm
          title={t('draws.publish.intro')}
          onConfirm={onPublish}
          okButtonProps={{ 'data-testid': 'draw-publish-confirm' }}
        >
          <Button type="primary" loading={publishing} data-testid="draw-publish">
            {t('draws.publish.action')}
          </Button>
        </Popconfirm>
      )}
      {isPublic && (
        <Descriptions size="small" bordered column={1}>
          {draw.publishedAt && (
            <Descriptions.Item label={t('draws.public.publishedAt')}>{fmtDateTime(draw.publishedAt)}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('draws.publish.publicPage')}>
            <Link to={publicPath} data-testid="draw-public-link">
              {publicPath}
            </Link>
          </Descriptions.Item>
          {draw.recordUrl && (
            <Descriptions.Item label={t('draws.publish.download')}>
              <a href={draw.recordUrl} download data-testid="draw-record-link">
                {draw.recordUrl}
              </a>
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
    </Space>
  );
}

/** Voiding: a reason, by a second person (the server refuses the one who executed the draw). */
function VoidModal({
  t,
  draw,
  orgCode,
  onClose,
  onVoided,
}: {
  t: DrawsT;
  draw: DrawData;
  orgCode: string;
  onClose: () => void;
  onVoided: () => void;
}) {
  const p = usePunct();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [voidDraw, { loading }] = useMutation(VoidDrawMutation, { context: orgScope(orgCode) });

  const submit = async ({ reason }: { reason: string }) => {
    setError(null);
    try {
      const res = (await voidDraw({ variables: { id: draw.id, reason: reason.trim() }})).data?.voidDraw;
      const errs = res?.errors ?? [];
      if (errs.length || !res?.draw) {
        setError(errs.map((e) => e.message).join(p.semi) || t('draws.failed'));
        return;
      }
      void message.success(t('draws.void.done'));
      onVoided();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Modal
      open
      title={`${t('draws.void.title')} ${draw.reference}`}
      onCancel={onClose}
      okText={t('draws.void.confirm')}
      okButtonProps={{ danger: true, 'data-testid': 'draw-void-confirm' }}
      confirmLoading={loading}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('draws.void.rule')} style={{ marginBottom: 12 }} data-testid="draw-void-rule" />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="draw-void-error" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('draws.void.reason')}
          rules={[{ required: true, whitespace: true, message: t('draws.void.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="draw-void-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
