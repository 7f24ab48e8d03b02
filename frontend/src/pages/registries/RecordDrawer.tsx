import { useApolloClient, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Divider,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { orgScope } from '../../apollo';
import type { EntityStatus, RegistryRecordQuery } from '../../gql/graphql';
import {
  ChangeMarketEntityStatusMutation,
  DeclareConflictMutation,
  EntityOptionsQuery,
  RegistryRecordQuery as RecordQuery,
  SetInspectorActiveMutation,
  WithdrawConflictMutation,
} from '../../graphql/registries';
import { useI18n, usePunct, type MessageKey } from '../../i18n';
import { useOrg } from '../../orgContext';
import {
  CONFLICT_KINDS,
  ENTITY_STATUSES,
  applyServerErrors,
  dash,
  enumOptions,
  formatDate,
  formatDateTime,
  useCanManage,
  yesNo,
  type RegistryKindKey,
} from './common';
import { HistoryTable } from './HistoryTable';
import { PersonalValue } from './PersonalValue';
import { RecordForm, type RecordLike } from './RecordForm';
import { usePermissions, orgPath } from '../../access';
import { Link } from 'react-router';

type RecordNode = NonNullable<RegistryRecordQuery['node']>;

const KIND_OF: Record<string, RegistryKindKey> = {
  InspectionItem: 'items',
  MarketEntity: 'entities',
  Project: 'projects',
  Inspector: 'inspectors',
};

export interface RecordDrawerProps {
  id: string | null;
  onClose: () => void;
  /** Something changed: the list should refresh. */
  onChanged: () => void;
}

/** Detail of one record: every field, its history, and the actions the user may take. */
export function RecordDrawer({ id, onClose, onChanged }: RecordDrawerProps) {
  const { t } = useI18n();
  const { code } = useOrg();
  const canManage = useCanManage();
  const [editing, setEditing] = useState(false);
  const { data, loading, error, refetch } = useQuery(RecordQuery, {
    variables: { id: id ?? '' },
    skip: !id,
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  const node = data?.node ?? null;
  const kind = node ? KIND_OF[node.__typename] : undefined;

  const changed = async () => {
    await refetch();
    onChanged();
  };

  let body: ReactNode;
  if (loading && !node) body = <Spin />;
  else if (error) body = <Alert type="error" showIcon title={t('reg.loadFailed')} description={error.message} />;
  else if (!node || !kind) body = <Alert type="warning" showIcon title={t('reg.notFound')} />;
  else body = <RecordBody node={node} canManage={canManage} onChanged={changed} />;

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={880}
      title={node && 'name' in node ? node.name : t('reg.detail')}
      extra={
        canManage && node && kind ? (
          <Button type="primary" onClick={() => setEditing(true)} data-testid="record-edit">
            {t('reg.edit')}
          </Button>
        ) : null
      }
      data-testid="record-drawer"
    >
      <div data-testid="record-detail">{body}</div>
      {kind && node ? (
        <RecordForm
          kind={kind}
          record={node as unknown as RecordLike}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void changed();
          }}
        />
      ) : null}
    </Drawer>
  );
}

function RecordBody({ node, canManage, onChanged }: { node: RecordNode; canManage: boolean; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const p = usePunct();
  const item = (label: MessageKey, children: ReactNode) => ({ key: label, label: t(label), children });
  switch (node.__typename) {
    case 'InspectionItem':
      return (
        <>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              item('reg.f.itemCode', node.code),
              item('reg.f.itemName', node.name),
              item('reg.f.legalBasis', node.legalBasis),
              item('reg.f.responsibleBody', node.responsibleBody),
              item('reg.f.content', node.content),
              item('reg.f.method', node.method),
              item('reg.f.department', t(`reg.dept.${node.department}`)),
              item('reg.f.enforcementCategory', dash(node.enforcementCategory)),
              item('reg.f.needsExpert', yesNo(t, node.needsExpert)),
              item('reg.f.itemActive', t(`reg.itemActive.${node.active}`)),
              item('reg.f.version', `v${node.version}`),
              item('reg.f.effectiveFrom', formatDate(node.effectiveFrom)),
              item('reg.f.updatedAt', formatDateTime(node.updatedAt)),
            ]}
          />
          <Divider titlePlacement="start">{t('reg.versions')}</Divider>
          <Table
            rowKey="version"
            size="small"
            pagination={false}
            data-testid="item-versions"
            dataSource={node.versions}
            columns={[
              { title: t('reg.f.version'), dataIndex: 'version', width: 70, render: (v: number) => `v${v}` },
              { title: t('reg.f.itemName'), dataIndex: 'name' },
              { title: t('reg.f.legalBasis'), dataIndex: 'legalBasis', ellipsis: true },
              { title: t('reg.f.effectiveFrom'), dataIndex: 'effectiveFrom', width: 110, render: formatDate },
              { title: t('reg.f.effectiveTo'), dataIndex: 'effectiveTo', width: 110, render: formatDate },
            ]}
          />
          <Divider titlePlacement="start">{t('reg.history')}</Divider>
          <HistoryTable history={node.history} />
        </>
      );
    case 'MarketEntity':
      return (
        <>
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              item('reg.f.name', node.name),
              item('reg.f.uscc', node.uscc),
              item('reg.f.address', dash(node.address)),
              item('reg.f.legalRepresentative', dash(node.legalRepresentative)),
              item('reg.f.contactName', dash(node.contactName)),
              item('reg.f.contactPhone', <PersonalValue id={node.id} field="CONTACT_PHONE" masked={node.contactPhone} />),
              item('reg.f.entityType', dash(node.entityType)),
              item('reg.f.nature', dash(node.nature)),
              item('reg.f.region', dash(node.region)),
              item('reg.f.creditClass', t(`reg.credit.${node.creditClass}`)),
              item('reg.f.complaintCount', node.complaintCount),
              item('reg.f.violationCount', node.violationCount),
              item('reg.f.status', <StatusTag status={node.status} />),
              item('reg.f.statusChangedOn', formatDate(node.statusChangedOn)),
              item('reg.f.establishedOn', formatDate(node.establishedOn)),
              item('reg.f.updatedAt', formatDateTime(node.updatedAt)),
            ]}
          />
          {canManage ? <StatusChange id={node.id} current={node.status} onChanged={onChanged} /> : null}
          <BurdenLink code={node.uscc} />
          <Divider titlePlacement="start">{t('reg.history')}</Divider>
          <HistoryTable history={node.history} />
        </>
      );
    case 'Project':
      return (
        <>
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              item('reg.f.projectCode', node.code),
              item('reg.f.projectName', node.name),
              item('reg.f.location', dash(node.location)),
              item('reg.f.region', dash(node.region)),
              item('reg.f.permits', dash(node.permits)),
              item('reg.f.projectLeader', dash(node.projectLeader)),
              item('reg.f.constructionStatus', t(`reg.cs.${node.constructionStatus}`)),
              item('reg.f.contactName', dash(node.contactName)),
              item('reg.f.contactPhone', <PersonalValue id={node.id} field="CONTACT_PHONE" masked={node.contactPhone} />),
              item(
                'reg.f.responsibleEntity',
                node.responsibleEntity ? `${node.responsibleEntity.name}${p.paren(node.responsibleEntity.uscc)}` : '—',
              ),
              item('reg.f.updatedAt', formatDateTime(node.updatedAt)),
            ]}
          />
          <Divider titlePlacement="start">{t('reg.history')}</Divider>
          <HistoryTable history={node.history} />
        </>
      );
    case 'Inspector':
      return (
        <>
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              item('reg.f.personName', node.name),
              item('reg.f.kind', t(`reg.ikind.${node.kind}`)),
              item('reg.f.idNumber', <PersonalValue id={node.id} field="ID_NUMBER" masked={node.idNumber} />),
              item('reg.f.department', t(`reg.dept.${node.department}`)),
              item('reg.f.categories', node.categories.length ? node.categories.join(p.sep) : '—'),
              item('reg.f.certificateNo', dash(node.certificateNo)),
              item('reg.f.certificateValidUntil', formatDate(node.certificateValidUntil)),
              item('reg.f.certificateValid', <CertTag valid={node.certificateValid} />),
              item('reg.f.unit', dash(node.unit)),
              item('reg.f.contactPhone', <PersonalValue id={node.id} field="CONTACT_PHONE" masked={node.contactPhone} />),
              item(
                'reg.f.inspectorActive',
                <ActiveSwitch id={node.id} active={node.active} canManage={canManage} onChanged={onChanged} />,
              ),
              item('reg.f.updatedAt', formatDateTime(node.updatedAt)),
            ]}
          />
          <Divider titlePlacement="start">{t('reg.conflicts')}</Divider>
          <Conflicts inspectorId={node.id} conflicts={node.conflicts} canManage={canManage} onChanged={onChanged} />
          <Divider titlePlacement="start">{t('reg.history')}</Divider>
          <HistoryTable history={node.history} />
        </>
      );
    default:
      return null;
  }
}

export function StatusTag({ status }: { status: EntityStatus }) {
  const { t } = useI18n();
  const color = status === 'ACTIVE' ? 'green' : status === 'REVOKED' ? 'red' : 'default';
  return <Tag color={color}>{t(`reg.status.${status}`)}</Tag>;
}

export function CertTag({ valid }: { valid: boolean }) {
  const { t } = useI18n();
  return <Tag color={valid ? 'green' : 'orange'}>{t(`reg.cert.${valid}`)}</Tag>;
}

function StatusChange({ id, current, onChanged }: { id: string; current: EntityStatus; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const p = usePunct();
  const { code } = useOrg();
  const client = useApolloClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState<EntityStatus>(current);
  const [on, setOn] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  async function apply() {
    setBusy(true);
    setErrors([]);
    try {
      const { data } = await client.mutate({
        mutation: ChangeMarketEntityStatusMutation,
        variables: { id, status, on: on ? on.format('YYYY-MM-DD') : null },
        context: orgScope(code),
      });
      const errs = data?.changeMarketEntityStatus?.errors ?? [];
      if (errs.length) setErrors(errs.map((e) => e.message));
      else {
        void message.success(t('reg.statusChange.done'));
        await onChanged();
      }
    } catch (e) {
      setErrors([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div style={{ marginTop: 16 }} data-testid="status-change">
      <Typography.Text strong>{t('reg.statusChange')}</Typography.Text>
      <Space wrap style={{ marginLeft: 12 }}>
        <Select
          style={{ width: 120 }}
          value={status}
          onChange={setStatus}
          options={enumOptions(t, 'reg.status', ENTITY_STATUSES)}
          aria-label={t('reg.f.status')}
        />
        <DatePicker value={on} onChange={setOn} placeholder={t('reg.statusChange.on')} />
        <Button onClick={apply} loading={busy} disabled={status === current}>
          {t('reg.statusChange.apply')}
        </Button>
      </Space>
      {errors.length ? <Alert style={{ marginTop: 8 }} type="error" showIcon title={errors.join(p.semi)} /> : null}
    </div>
  );
}

function ActiveSwitch({
  id,
  active,
  canManage,
  onChanged,
}: {
  id: string;
  active: boolean;
  canManage: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { code } = useOrg();
  const client = useApolloClient();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const p = usePunct();
  if (!canManage) return <>{t(`reg.inspActive.${active}`)}</>;
  return (
    <Switch
      checked={active}
      loading={busy}
      checkedChildren={t('reg.active.on')}
      unCheckedChildren={t('reg.active.off')}
      data-testid="inspector-active"
      onChange={async (next) => {
        setBusy(true);
        try {
          const { data } = await client.mutate({
            mutation: SetInspectorActiveMutation,
            variables: { id, active: next },
            context: orgScope(code),
          });
          const errs = data?.setInspectorActive?.errors ?? [];
          if (errs.length) void message.error(errs.map((e) => e.message).join(p.semi));
          else await onChanged();
        } catch (e) {
          void message.error(e instanceof Error ? e.message : String(e));
        } finally {
          setBusy(false);
        }
      }}
    />
  );
}

type ConflictRow = Extract<RecordNode, { __typename: 'Inspector' }>['conflicts'][number];

function Conflicts({
  inspectorId,
  conflicts,
  canManage,
  onChanged,
}: {
  inspectorId: string;
  conflicts: readonly ConflictRow[];
  canManage: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { code } = useOrg();
  const client = useApolloClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ entityId?: string; kind?: string; reason?: string }>();
  const p = usePunct();
  const [entitySearch, setEntitySearch] = useState('');
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const { data: options, loading: searching } = useQuery(EntityOptionsQuery, {
    variables: { search: entitySearch },
    skip: !canManage || entitySearch.length < 2,
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  const entityOptions = (options?.marketEntities?.edges ?? []).flatMap((e) =>
    e?.node ? [{ value: e.node.id, label: `${e.node.name}${p.paren(e.node.uscc)}` }] : [],
  );

  async function declare() {
    let values: { entityId?: string; kind?: string; reason?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setGeneral([]);
    try {
      const { data } = await client.mutate({
        mutation: DeclareConflictMutation,
        variables: {
          inspectorId,
          entityId: values.entityId ?? '',
          kind: values.kind as ConflictRow['kind'],
          reason: values.reason || null,
        },
        context: orgScope(code),
      });
      const errs = data?.declareConflict?.errors ?? [];
      if (errs.length) {
        setGeneral(applyServerErrors(form, errs, ['entityId', 'kind', 'reason']));
      } else {
        form.resetFields();
        await onChanged();
      }
    } catch (e) {
      setGeneral([e instanceof Error ? e.message : String(e)]);
    } finally {
      setBusy(false);
    }
  }

  async function withdraw(id: string) {
    try {
      const { data } = await client.mutate({ mutation: WithdrawConflictMutation, variables: { id }, context: orgScope(code) });
      const errs = data?.withdrawConflict?.errors ?? [];
      if (errs.length) void message.error(errs.map((e) => e.message).join(p.semi));
      else await onChanged();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <div data-testid="inspector-conflicts">
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={conflicts as ConflictRow[]}
        locale={{ emptyText: t('reg.none') }}
        columns={[
          {
            title: t('reg.conflict.entity'),
            key: 'entity',
            render: (_: unknown, c: ConflictRow) => `${c.entity.name}${p.paren(c.entity.uscc)}`,
          },
          { title: t('reg.conflict.kind'), dataIndex: 'kind', width: 140, render: (k: string) => t(`reg.ckind.${k}` as MessageKey) },
          { title: t('reg.conflict.reason'), dataIndex: 'reason', render: (r: string) => dash(r) },
          { title: t('reg.conflict.declaredAt'), dataIndex: 'declaredAt', width: 140, render: formatDateTime },
          ...(canManage
            ? [
                {
                  title: t('reg.actions'),
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, c: ConflictRow) => (
                    <Popconfirm title={t('reg.conflict.withdrawConfirm')} onConfirm={() => withdraw(c.id)}>
                      <Button size="small" type="link" danger>
                        {t('reg.conflict.withdraw')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage ? (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} data-testid="declare-conflict">
          <Form.Item name="entityId" rules={[{ required: true, message: t('reg.conflict.entity') }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setEntitySearch }}
              style={{ width: 300 }}
              placeholder={t('reg.conflict.entitySearch')}
              options={entityOptions}
              loading={searching}
              notFoundContent={null}
            />
          </Form.Item>
          <Form.Item name="kind" rules={[{ required: true, message: t('reg.conflict.kindRequired') }]}>
            <Select
              style={{ width: 170 }}
              placeholder={t('reg.conflict.kind')}
              data-testid="conflict-kind"
              options={enumOptions(t, 'reg.ckind', CONFLICT_KINDS)}
            />
          </Form.Item>
          <Form.Item name="reason">
            <Input placeholder={t('reg.conflict.reason')} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item>
            <Button onClick={declare} loading={busy}>
              {t('reg.conflict.declare')}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      {general.length ? <Alert style={{ marginTop: 8 }} type="error" showIcon title={general.join(p.semi)} /> : null}
    </div>
  );
}

/** 受检负担: this entity's inspections of the year across departments and levels (READ_BURDEN). */
function BurdenLink({ code }: { code: string }) {
  const { can } = usePermissions();
  const { code: orgCode } = useOrg();
  const { t } = useI18n();
  if (!can('READ_BURDEN')) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <Link to={`${orgPath(orgCode, 'burden')}?code=${encodeURIComponent(code)}`} data-testid="record-burden-link">
        {t('nav.burden')} →
      </Link>
    </div>
  );
}
