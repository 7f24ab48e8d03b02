import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Form, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { orgScope } from '../../apollo';
import type { DrawStatus, DrawSummaryFieldsFragment as DrawRow } from '../../gql/graphql';
import { CreateDrawMutation, DrawablePlansQuery, DrawsQuery } from '../../graphql/draws';
import { usePunct } from '../../i18n';
import { usePermissions } from '../../access';
import { useOrg } from '../../orgContext';
import { DrawStatusTag, fmtDateTime } from './format';
import { useDrawsT, type DrawsT } from './i18n';

const PAGE_SIZE = 20;
const STATUSES: DrawStatus[] = ['PREVIEWED', 'COMMITTED', 'EXECUTED', 'PUBLISHED', 'VOIDED'];

export function drawPath(orgCode: string, drawId: string): string {
  return `/o/${encodeURIComponent(orgCode)}/draws/${encodeURIComponent(drawId)}`;
}

/** /o/:code/draws — the organisation's draws (newest first) and “新建抽取”. */
export function DrawsPage() {
  const { t } = useDrawsT();
  const { code } = useOrg();
  const { can } = usePermissions();
  const [status, setStatus] = useState<DrawStatus | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const { data, loading, error } = useQuery(DrawsQuery, {
    variables: { status, offset: (page - 1) * PAGE_SIZE, first: PAGE_SIZE },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  const rows = (data?.draws?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));

  return (
    <div data-testid="draws-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('draws.title')}
        </Typography.Title>
        <Space>
          <Select<DrawStatus | undefined>
            allowClear
            placeholder={t('draws.filter.all')}
            style={{ width: 160 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={STATUSES.map((s) => ({ value: s, label: t(`draws.status.${s}`) }))}
            data-testid="draws-status-filter"
          />
          {can('RUN_DRAWS') && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="draw-new">
              {t('draws.new')}
            </Button>
          )}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('draws.subtitle')}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={t('draws.loadFailed')} description={error.message} />}
      <Table<DrawRow>
        data-testid="draws-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: t('draws.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.draws?.totalCount ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={drawColumns(t, code)}
      />
      {creating && <NewDrawModal orgCode={code} onClose={() => setCreating(false)} />}
    </div>
  );
}

function drawColumns(t: DrawsT, code: string) {
  return [
    {
      title: t('draws.col.reference'),
      dataIndex: 'reference',
      render: (ref: string, d: DrawRow) => <Link to={drawPath(code, d.id)}>{ref}</Link>,
    },
    { title: t('draws.col.task'), dataIndex: 'taskTitle' },
    { title: t('draws.col.year'), dataIndex: 'planYear', width: 80 },
    { title: t('draws.col.round'), dataIndex: 'roundNumber', width: 90, render: (n: number) => t('draws.col.roundN', { n }) },
    { title: t('draws.col.window'), key: 'window', render: (_: unknown, d: DrawRow) => `${d.windowStart} ~ ${d.windowEnd}` },
    { title: t('draws.col.status'), dataIndex: 'status', render: (s: DrawStatus, d: DrawRow) => <DrawStatusTag status={s} t={t} testId={`draw-status-${d.reference}`} /> },
    { title: t('draws.col.pool'), dataIndex: 'poolSize', render: (n: number | null) => n ?? '—' },
    { title: t('draws.col.targets'), dataIndex: 'targetCount' },
    { title: t('draws.col.teams'), dataIndex: 'teamCount' },
    { title: t('draws.col.createdAt'), dataIndex: 'createdAt', render: fmtDateTime },
    { title: t('draws.col.createdBy'), dataIndex: 'createdBy', render: (v: string | null) => v ?? '—' },
  ];
}

interface NewDrawValues {
  taskId: string;
  round: number;
  minPerStratum?: number | null;
  visitCap?: number | null;
}

/** Choose a task of a published plan and one of its rounds, then create the draw. */
function NewDrawModal({ orgCode, onClose }: { orgCode: string; onClose: () => void }) {
  const { t } = useDrawsT();
  const p = usePunct();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewDrawValues>();
  const [serverError, setServerError] = useState<string | null>(null);
  const { data, loading } = useQuery(DrawablePlansQuery, { context: orgScope(orgCode), fetchPolicy: 'network-only' });
  const [createDraw, { loading: saving }] = useMutation(CreateDrawMutation, { context: orgScope(orgCode) });
  const taskId = Form.useWatch('taskId', form);

  const plans = useMemo(
    () =>
      (data?.annualPlans?.edges ?? [])
        .flatMap((e) => (e?.node ? [e.node] : []))
        .filter((p) => p.version > 0)
        .sort((a, b) => b.year - a.year),
    [data],
  );
  const tasks = plans.flatMap((p) => p.tasks.map((task) => ({ ...task, year: p.year })));
  const task = tasks.find((x) => x.id === taskId);

  const submit = async (values: NewDrawValues) => {
    setServerError(null);
    try {
      const res = await createDraw({
        variables: {
          taskId: values.taskId,
          round: values.round,
          minPerStratum: values.minPerStratum ?? null,
          visitCap: values.visitCap ?? null,
        },
      });
      const payload = res.data?.createDraw;
      const errs = payload?.errors ?? [];
      if (errs.length || !payload?.draw) {
        setServerError(errs.map((e) => e.message).join(p.semi) || t('draws.failed'));
        return;
      }
      void message.success(t('draws.done'));
      onClose();
      void navigate(drawPath(orgCode, payload.draw.id));
    } catch (e) {
      setServerError((e as Error).message);
    }
  };

  return (
    <Modal
      open
      title={t('draws.new.title')}
      onCancel={onClose}
      okText={t('draws.new.create')}
      cancelText={t('draws.new.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'draw-create-confirm' }}
      destroyOnHidden
    >
      {!loading && plans.length === 0 && <Alert type="warning" showIcon title={t('draws.new.noPlans')} style={{ marginBottom: 12 }} />}
      {serverError && <Alert type="error" showIcon title={serverError} style={{ marginBottom: 12 }} data-testid="draw-create-error" />}
      <Form<NewDrawValues> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="taskId" label={t('draws.new.task')} rules={[{ required: true, message: t('draws.new.required') }]}>
          <Select
            loading={loading}
            placeholder={t('draws.new.taskPlaceholder')}
            data-testid="draw-task"
            options={plans.map((p) => ({
              label: p.title,
              title: p.title,
              options: p.tasks.map((x) => ({ value: x.id, label: `${p.year} · ${x.title}` })),
            }))}
            onChange={(id: string) => {
              const open = (tasks.find((x) => x.id === id)?.rounds ?? []).filter((r) => !r.drawnReference);
              form.setFieldValue('round', open.length === 1 ? open[0].number : undefined);
            }}
          />
        </Form.Item>
        <Form.Item name="round" label={t('draws.new.round')} rules={[{ required: true, message: t('draws.new.required') }]}>
          <Select
            disabled={!task}
            data-testid="draw-round"
            notFoundContent={t('draws.new.allDrawn')}
            // Only rounds not drawn yet (a round is drawn once; a voided draw frees it again).
            options={(task?.rounds ?? [])
              .filter((r) => !r.drawnReference)
              .map((r) => ({
                value: r.number,
                label: t('draws.new.roundOption', { n: r.number, start: String(r.startsOn), end: String(r.endsOn) }),
              }))}
          />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="minPerStratum" label={t('draws.new.minPerStratum')}>
            <InputNumber min={0} precision={0} placeholder="0" />
          </Form.Item>
          <Form.Item name="visitCap" label={t('draws.new.visitCap')} extra={t('draws.new.visitCapHint')}>
            <InputNumber min={1} precision={0} placeholder="2" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
