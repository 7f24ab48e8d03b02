import { useQuery } from '@apollo/client/react';
import { Alert, App, Button, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../../apollo';
import type { TargetKind, TargetedInspectionFieldsFragment as TargetedRow, TargetedReason } from '../../../gql/graphql';
import { TargetedInspectionsQuery } from '../../../graphql/targeted';
import { usePunct } from '../../../i18n';
import { useOrg } from '../../../orgContext';
import { CloseModal } from './CloseModal';
import { fmtDate, ItemCodes, ReasonTag, TargetedStatus, useCanRegister } from './format';
import { useTargetedT, type TargetedT } from './i18n';
import { RegisterForm } from './RegisterForm';

const PAGE_SIZE = 20;

/**
 * /o/:code/targeted — targeted (non-random) inspections (R16): the list, “登记定向检查” and
 * “结案” per open inspection. Read-only oversight sees the list only.
 */
export function TargetedPage() {
  const { t } = useTargetedT();
  const p = usePunct();
  const { message } = App.useApp();
  const { code } = useOrg();
  const canRegister = useCanRegister();
  const [openOnly, setOpenOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [registering, setRegistering] = useState(false);
  const [closing, setClosing] = useState<TargetedRow | null>(null);
  const { data, loading, error, refetch } = useQuery(TargetedInspectionsQuery, {
    variables: { openOnly, offset: (page - 1) * PAGE_SIZE, first: PAGE_SIZE },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  const rows = (data?.targetedInspections?.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const total = data?.targetedInspections?.totalCount ?? 0;

  return (
    <div data-testid="targeted-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('targeted.title')}
        </Typography.Title>
        <Space>
          <Space size={4}>
            <Switch
              size="small"
              checked={openOnly}
              onChange={(v) => {
                setOpenOnly(v);
                setPage(1);
              }}
              data-testid="targeted-open-only"
            />
            <Typography.Text>{t('targeted.openOnly')}</Typography.Text>
          </Space>
          {canRegister && (
            <Button type="primary" onClick={() => setRegistering(true)} data-testid="targeted-new">
              {t('targeted.new')}
            </Button>
          )}
        </Space>
      </Space>
      <Alert
        type="info"
        showIcon
        style={{ margin: '12px 0 16px' }}
        title={t('targeted.explain')}
        description={t('targeted.explainReasons')}
        data-testid="targeted-explain"
      />
      {error && <Alert type="error" showIcon title={t('targeted.loadFailed')} description={error.message} style={{ marginBottom: 16 }} />}
      <Table<TargetedRow>
        data-testid="targeted-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: t('targeted.empty') }}
        expandable={{
          rowExpandable: (r) => r.description.trim() !== '',
          expandedRowRender: (r) => (
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              <Typography.Text type="secondary">{t('targeted.col.description')}{p.colon}</Typography.Text>
              {r.description}
            </Typography.Paragraph>
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total,
          showSizeChanger: false,
          showTotal: (count) => t('targeted.total', { count }),
          onChange: setPage,
        }}
        columns={columns(t, canRegister ? setClosing : null)}
      />
      {registering && (
        <RegisterForm
          orgCode={code}
          open
          onClose={() => setRegistering(false)}
          onSaved={() => {
            setRegistering(false);
            void message.success(t('targeted.form.saved'));
            void refetch();
          }}
        />
      )}
      {closing && (
        <CloseModal
          orgCode={code}
          inspection={closing}
          onClose={() => setClosing(null)}
          onDone={() => {
            setClosing(null);
            void message.success(t('targeted.close.done'));
            void refetch();
          }}
        />
      )}
    </div>
  );
}

function columns(t: TargetedT, onClose: ((row: TargetedRow) => void) | null) {
  const cols = [
    {
      title: t('targeted.col.kind'),
      dataIndex: 'targetKind',
      width: 110,
      render: (k: TargetKind) => t(`targeted.kind.${k}`),
    },
    {
      title: t('targeted.col.code'),
      dataIndex: 'code',
      render: (c: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{c}</Typography.Text>,
    },
    { title: t('targeted.col.name'), dataIndex: 'name' },
    {
      title: t('targeted.col.reason'),
      dataIndex: 'reason',
      render: (r: TargetedReason) => <ReasonTag reason={r} t={t} />,
    },
    {
      title: t('targeted.col.items'),
      dataIndex: 'itemCodes',
      render: (codes: string[]) => <ItemCodes codes={codes} t={t} />,
    },
    { title: t('targeted.col.startedOn'), dataIndex: 'startedOn', width: 120, render: fmtDate },
    {
      title: t('targeted.col.status'),
      dataIndex: 'closedOn',
      render: (closedOn: unknown) => <TargetedStatus closedOn={closedOn} t={t} />,
    },
  ];
  if (!onClose) return cols;
  return [
    ...cols,
    {
      title: t('targeted.col.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, row: TargetedRow) =>
        row.closedOn ? null : (
          <Button size="small" onClick={() => onClose(row)} data-testid={`targeted-close-${row.id}`}>
            {t('targeted.close')}
          </Button>
        ),
    },
  ];
}
