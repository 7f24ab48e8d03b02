import { useQuery } from '@apollo/client/react';
import { Input, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { orgScope } from '../../apollo';
import type {
  ConstructionStatus,
  CreditClass,
  Department,
  EntityStatus,
  InspectionItemFieldsFragment,
  InspectorFieldsFragment,
  InspectorKind,
  MarketEntityFieldsFragment,
  ProjectFieldsFragment,
} from '../../gql/graphql';
import {
  InspectionItemsQuery,
  InspectorsQuery,
  MarketEntitiesQuery,
  ProjectsQuery,
  RegistryFilterValuesQuery,
} from '../../graphql/registries';
import { useI18n, usePunct, type MessageKey } from '../../i18n';
import { useOrg } from '../../orgContext';
import {
  CONSTRUCTION_STATUSES,
  CREDIT_CLASSES,
  DEPARTMENTS,
  ENTITY_STATUSES,
  INSPECTOR_KINDS,
  compact,
  dash,
  enumOptions,
  exportUrl,
  formatDate,
  formatDateTime,
  modelValue,
  useCanManage,
  useListState,
  type ListState,
  KIND_ENUM,
  type RegistryKindKey,
} from './common';
import { CertTag, StatusTag } from './RecordDrawer';
import { OpenLink, RegistryTable } from './RegistryTable';

export interface TabProps {
  onOpen: (id: string) => void;
  onCreate: (kind: RegistryKindKey) => void;
  onImport: (kind: RegistryKindKey) => void;
  /** Bumped after a change elsewhere (edit, import): the list fetches again. */
  refreshKey: number;
}

function nodes<T>(edges: ReadonlyArray<{ node?: T | null } | null> | undefined): T[] {
  return (edges ?? []).flatMap((edge) => (edge?.node ? [edge.node] : []));
}

/** A free-text filter applied on Enter or when the field loses focus. */
function TextFilter({ label, value, onChange, testId }: { label: string; value: string; onChange: (v: string) => void; testId: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onChange(draft.trim());
  };
  return (
    <Input
      allowClear
      placeholder={label}
      aria-label={label}
      value={draft}
      onChange={(e) => {
        setDraft(e.target.value);
        if (e.target.value === '' && value !== '') onChange('');
      }}
      onPressEnter={commit}
      onBlur={commit}
      style={{ width: 150 }}
      data-testid={testId}
    />
  );
}

/**
 * A filter on a free-text column (主体类型, 企业性质, 乡镇, 专业门类): a select of the values
 * present in this organisation's registry (typing narrows it), matched exactly by the server.
 */
function ValueFilter({
  kind,
  field,
  label,
  value,
  onChange,
  testId,
}: {
  kind: RegistryKindKey;
  field: string;
  label: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  testId: string;
}) {
  const { code } = useOrg();
  const { data, loading } = useQuery(RegistryFilterValuesQuery, {
    variables: { kind: KIND_ENUM[kind] },
    context: orgScope(code),
  });
  const values = data?.registryFilterValues.find((f) => f.field === field)?.values ?? [];
  return (
    <Select
      allowClear
      showSearch
      loading={loading}
      placeholder={label}
      aria-label={label}
      value={value}
      onChange={(v: string | undefined) => onChange(v || undefined)}
      options={values.map((v) => ({ value: v, label: v }))}
      style={{ minWidth: 150 }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}

function EnumFilter<V extends string>({
  label,
  value,
  values,
  prefix,
  onChange,
  testId,
  multiple,
}: {
  label: string;
  value: V | V[] | undefined;
  values: readonly V[];
  prefix: string;
  onChange: (v: V | V[] | undefined) => void;
  testId: string;
  multiple?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Select
      allowClear
      mode={multiple ? 'multiple' : undefined}
      placeholder={label}
      aria-label={label}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={enumOptions(t, prefix, values)}
      style={{ minWidth: multiple ? 160 : 130 }}
      maxTagCount="responsive"
      data-testid={testId}
    />
  );
}

function BoolFilter({
  label,
  value,
  onChange,
  trueLabel,
  falseLabel,
  testId,
}: {
  label: string;
  value: boolean | undefined;
  onChange: (v: boolean | undefined) => void;
  trueLabel: string;
  falseLabel: string;
  testId: string;
}) {
  return (
    <Select
      allowClear
      placeholder={label}
      aria-label={label}
      value={value === undefined ? undefined : String(value)}
      onChange={(v: string | undefined) => onChange(v === undefined ? undefined : v === 'true')}
      options={[
        { value: 'true', label: trueLabel },
        { value: 'false', label: falseLabel },
      ]}
      style={{ width: 130 }}
      data-testid={testId}
    />
  );
}

function useRefresh(refreshKey: number, refetch: () => unknown) {
  useEffect(() => {
    if (refreshKey > 0) void refetch();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refreshKey]);
}

function sortExport(state: ListState<Record<string, unknown>>) {
  return { order_by: state.orderBy ?? undefined, descending: state.orderBy && state.descending ? true : undefined };
}

// ---------------------------------------------------------------- 抽查事项清单

interface ItemFilters extends Record<string, unknown> {
  department?: Department;
  category?: string;
  active?: boolean;
}

export function ItemsTab({ onOpen, onCreate, onImport, refreshKey }: TabProps) {
  const { t } = useI18n();
  const { code } = useOrg();
  const canManage = useCanManage();
  const list = useListState<ItemFilters>({});
  const { state } = list;
  const { data, previousData, loading, error, refetch } = useQuery(InspectionItemsQuery, {
    variables: { ...list.baseVariables(), ...compact(state.filters) },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  useRefresh(refreshKey, refetch);
  const connection = (data ?? previousData)?.inspectionItems;
  const columns: ColumnsType<InspectionItemFieldsFragment> = [
    { title: t('reg.f.itemCode'), dataIndex: 'code', key: 'CODE', sorter: true, width: 110 },
    {
      title: t('reg.f.itemName'),
      dataIndex: 'name',
      key: 'NAME',
      sorter: true,
      render: (name: string, row) => <OpenLink id={row.id} text={name} onOpen={onOpen} />,
    },
    { title: t('reg.f.legalBasis'), dataIndex: 'legalBasis', ellipsis: true, width: 260 },
    { title: t('reg.f.department'), dataIndex: 'department', render: (d: Department) => t(`reg.dept.${d}`) },
    { title: t('reg.f.enforcementCategory'), dataIndex: 'enforcementCategory', render: dash },
    { title: t('reg.f.needsExpert'), dataIndex: 'needsExpert', render: (v: boolean) => (v ? t('reg.yes') : t('reg.no')) },
    { title: t('reg.f.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
    {
      title: t('reg.f.itemActive'),
      dataIndex: 'active',
      render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(`reg.itemActive.${v}`)}</Tag>,
    },
    { title: t('reg.f.updatedAt'), dataIndex: 'updatedAt', key: 'UPDATED', sorter: true, render: formatDateTime },
  ];
  return (
    <RegistryTable
      kind="items"
      rows={nodes(connection?.edges)}
      total={connection?.totalCount ?? 0}
      loading={loading}
      error={error}
      columns={columns}
      state={state}
      canManage={canManage}
      filters={
        <>
          <EnumFilter
            label={t('reg.f.department')}
            value={state.filters.department}
            values={DEPARTMENTS}
            prefix="reg.dept"
            onChange={(v) => list.setFilter('department', v as Department | undefined)}
            testId="filter-department"
          />
          <ValueFilter
            kind="items"
            field="category"
            label={t('reg.f.enforcementCategory')}
            value={state.filters.category}
            onChange={(v) => list.setFilter('category', v)}
            testId="filter-category"
          />
          <BoolFilter
            label={t('reg.f.itemActive')}
            value={state.filters.active}
            onChange={(v) => list.setFilter('active', v)}
            trueLabel={t('reg.itemActive.true')}
            falseLabel={t('reg.itemActive.false')}
            testId="filter-active"
          />
        </>
      }
      exportHref={exportUrl(code, 'items', {
        search: state.search,
        department: modelValue(state.filters.department),
        category: state.filters.category,
        active: state.filters.active,
        ...sortExport(state),
      })}
      onSearch={list.setSearch}
      onReset={list.reset}
      onPage={list.setPage}
      onSort={list.setSort}
      onOpen={onOpen}
      onCreate={() => onCreate('items')}
      onImport={() => onImport('items')}
    />
  );
}

// ---------------------------------------------------------------- 市场主体

interface EntityFilters extends Record<string, unknown> {
  entityType?: string;
  nature?: string;
  region?: string;
  creditClass?: CreditClass[];
  status?: EntityStatus;
}

export function EntitiesTab({ onOpen, onCreate, onImport, refreshKey }: TabProps) {
  const { t } = useI18n();
  const { code } = useOrg();
  const canManage = useCanManage();
  const list = useListState<EntityFilters>({});
  const { state } = list;
  const { data, previousData, loading, error, refetch } = useQuery(MarketEntitiesQuery, {
    variables: { ...list.baseVariables(), ...compact(state.filters) },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  useRefresh(refreshKey, refetch);
  const connection = (data ?? previousData)?.marketEntities;
  const columns: ColumnsType<MarketEntityFieldsFragment> = [
    {
      title: t('reg.f.name'),
      dataIndex: 'name',
      key: 'NAME',
      sorter: true,
      render: (name: string, row) => <OpenLink id={row.id} text={name} onOpen={onOpen} />,
    },
    { title: t('reg.f.uscc'), dataIndex: 'uscc', key: 'CODE', sorter: true },
    { title: t('reg.f.entityType'), dataIndex: 'entityType', render: dash },
    { title: t('reg.f.nature'), dataIndex: 'nature', render: dash },
    { title: t('reg.f.region'), dataIndex: 'region', render: dash },
    { title: t('reg.f.legalRepresentative'), dataIndex: 'legalRepresentative', render: dash },
    { title: t('reg.f.contactPhone'), dataIndex: 'contactPhone', render: dash },
    { title: t('reg.f.creditClass'), dataIndex: 'creditClass', key: 'CREDIT', sorter: true },
    { title: t('reg.f.violationCount'), dataIndex: 'violationCount', key: 'VIOLATIONS', sorter: true },
    { title: t('reg.f.status'), dataIndex: 'status', render: (s: EntityStatus) => <StatusTag status={s} /> },
    { title: t('reg.f.updatedAt'), dataIndex: 'updatedAt', key: 'UPDATED', sorter: true, render: formatDateTime },
  ];
  return (
    <RegistryTable
      kind="entities"
      rows={nodes(connection?.edges)}
      total={connection?.totalCount ?? 0}
      loading={loading}
      error={error}
      columns={columns}
      state={state}
      canManage={canManage}
      filters={
        <>
          <ValueFilter
            kind="entities"
            field="entityType"
            label={t('reg.f.entityType')}
            value={state.filters.entityType}
            onChange={(v) => list.setFilter('entityType', v)}
            testId="filter-entityType"
          />
          <ValueFilter
            kind="entities"
            field="nature"
            label={t('reg.f.nature')}
            value={state.filters.nature}
            onChange={(v) => list.setFilter('nature', v)}
            testId="filter-nature"
          />
          <ValueFilter
            kind="entities"
            field="region"
            label={t('reg.f.region')}
            value={state.filters.region}
            onChange={(v) => list.setFilter('region', v)}
            testId="filter-region"
          />
          <EnumFilter
            multiple
            label={t('reg.f.creditClass')}
            value={state.filters.creditClass}
            values={CREDIT_CLASSES}
            prefix="reg.credit"
            onChange={(v) => list.setFilter('creditClass', (v as CreditClass[] | undefined)?.length ? (v as CreditClass[]) : undefined)}
            testId="filter-creditClass"
          />
          <EnumFilter
            label={t('reg.f.status')}
            value={state.filters.status}
            values={ENTITY_STATUSES}
            prefix="reg.status"
            onChange={(v) => list.setFilter('status', v as EntityStatus | undefined)}
            testId="filter-status"
          />
        </>
      }
      exportHref={exportUrl(code, 'entities', {
        search: state.search,
        entity_type: state.filters.entityType,
        nature: state.filters.nature,
        region: state.filters.region,
        credit_class: state.filters.creditClass,
        status: modelValue(state.filters.status),
        ...sortExport(state),
      })}
      onSearch={list.setSearch}
      onReset={list.reset}
      onPage={list.setPage}
      onSort={list.setSort}
      onOpen={onOpen}
      onCreate={() => onCreate('entities')}
      onImport={() => onImport('entities')}
    />
  );
}

// ---------------------------------------------------------------- 工程项目

interface ProjectFilters extends Record<string, unknown> {
  region?: string;
  constructionStatus?: ConstructionStatus;
  responsibleEntityUscc?: string;
}

export function ProjectsTab({ onOpen, onCreate, onImport, refreshKey }: TabProps) {
  const { t } = useI18n();
  const { code } = useOrg();
  const canManage = useCanManage();
  const list = useListState<ProjectFilters>({});
  const { state } = list;
  const { data, previousData, loading, error, refetch } = useQuery(ProjectsQuery, {
    variables: { ...list.baseVariables(), ...compact(state.filters) },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  useRefresh(refreshKey, refetch);
  const connection = (data ?? previousData)?.projects;
  const columns: ColumnsType<ProjectFieldsFragment> = [
    { title: t('reg.f.projectCode'), dataIndex: 'code', key: 'CODE', sorter: true },
    {
      title: t('reg.f.projectName'),
      dataIndex: 'name',
      key: 'NAME',
      sorter: true,
      render: (name: string, row) => <OpenLink id={row.id} text={name} onOpen={onOpen} />,
    },
    { title: t('reg.f.location'), dataIndex: 'location', render: dash },
    { title: t('reg.f.region'), dataIndex: 'region', render: dash },
    { title: t('reg.f.projectLeader'), dataIndex: 'projectLeader', render: dash },
    {
      title: t('reg.f.constructionStatus'),
      dataIndex: 'constructionStatus',
      render: (s: ConstructionStatus) => t(`reg.cs.${s}`),
    },
    {
      title: t('reg.f.responsibleEntity'),
      key: 'responsibleEntity',
      render: (_: unknown, row) => dash(row.responsibleEntity?.name),
    },
    { title: t('reg.f.contactPhone'), dataIndex: 'contactPhone', render: dash },
    { title: t('reg.f.updatedAt'), dataIndex: 'updatedAt', key: 'UPDATED', sorter: true, render: formatDateTime },
  ];
  return (
    <RegistryTable
      kind="projects"
      rows={nodes(connection?.edges)}
      total={connection?.totalCount ?? 0}
      loading={loading}
      error={error}
      columns={columns}
      state={state}
      canManage={canManage}
      filters={
        <>
          <ValueFilter
            kind="projects"
            field="region"
            label={t('reg.f.region')}
            value={state.filters.region}
            onChange={(v) => list.setFilter('region', v)}
            testId="filter-region"
          />
          <EnumFilter
            label={t('reg.f.constructionStatus')}
            value={state.filters.constructionStatus}
            values={CONSTRUCTION_STATUSES}
            prefix="reg.cs"
            onChange={(v) => list.setFilter('constructionStatus', v as ConstructionStatus | undefined)}
            testId="filter-constructionStatus"
          />
          <TextFilter
            label={t('reg.f.responsibleEntityUscc')}
            value={state.filters.responsibleEntityUscc ?? ''}
            onChange={(v) => list.setFilter('responsibleEntityUscc', v || undefined)}
            testId="filter-responsibleEntityUscc"
          />
        </>
      }
      exportHref={exportUrl(code, 'projects', {
        search: state.search,
        region: state.filters.region,
        construction_status: modelValue(state.filters.constructionStatus),
        responsible_entity_uscc: state.filters.responsibleEntityUscc,
        ...sortExport(state),
      })}
      onSearch={list.setSearch}
      onReset={list.reset}
      onPage={list.setPage}
      onSort={list.setSort}
      onOpen={onOpen}
      onCreate={() => onCreate('projects')}
      onImport={() => onImport('projects')}
    />
  );
}

// ---------------------------------------------------------------- 检查人员

interface InspectorFilters extends Record<string, unknown> {
  kind?: InspectorKind;
  department?: Department;
  category?: string;
  active?: boolean;
  certificateValid?: boolean;
}

export function InspectorsTab({ onOpen, onCreate, onImport, refreshKey }: TabProps) {
  const { t } = useI18n();
  const p = usePunct();
  const { code } = useOrg();
  const canManage = useCanManage();
  const list = useListState<InspectorFilters>({});
  const { state } = list;
  const { data, previousData, loading, error, refetch } = useQuery(InspectorsQuery, {
    variables: { ...list.baseVariables(), ...compact(state.filters) },
    context: orgScope(code),
    fetchPolicy: 'network-only',
  });
  useRefresh(refreshKey, refetch);
  const connection = (data ?? previousData)?.inspectors;
  const columns: ColumnsType<InspectorFieldsFragment> = [
    {
      title: t('reg.f.personName'),
      dataIndex: 'name',
      key: 'NAME',
      sorter: true,
      render: (name: string, row) => <OpenLink id={row.id} text={name} onOpen={onOpen} />,
    },
    { title: t('reg.f.kind'), dataIndex: 'kind', render: (k: InspectorKind) => t(`reg.ikind.${k}`) },
    { title: t('reg.f.idNumber'), dataIndex: 'idNumber', render: dash },
    { title: t('reg.f.department'), dataIndex: 'department', render: (d: Department) => t(`reg.dept.${d}`) },
    { title: t('reg.f.categories'), dataIndex: 'categories', render: (c: string[]) => (c.length ? c.join(p.sep) : '—') },
    { title: t('reg.f.certificateNo'), dataIndex: 'certificateNo', key: 'CODE', sorter: true, render: dash },
    {
      title: t('reg.f.certificateValidUntil'),
      dataIndex: 'certificateValidUntil',
      key: 'CERTIFICATE_VALID_UNTIL',
      sorter: true,
      render: (v: unknown, row) => (
        <>
          {formatDate(v)} <CertTag valid={row.certificateValid} />
        </>
      ),
    },
    { title: t('reg.f.unit'), dataIndex: 'unit', render: dash },
    { title: t('reg.f.contactPhone'), dataIndex: 'contactPhone', render: dash },
    {
      title: t('reg.f.inspectorActive'),
      dataIndex: 'active',
      render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{t(`reg.inspActive.${v}` as MessageKey)}</Tag>,
    },
  ];
  return (
    <RegistryTable
      kind="inspectors"
      rows={nodes(connection?.edges)}
      total={connection?.totalCount ?? 0}
      loading={loading}
      error={error}
      columns={columns}
      state={state}
      canManage={canManage}
      filters={
        <>
          <EnumFilter
            label={t('reg.f.kind')}
            value={state.filters.kind}
            values={INSPECTOR_KINDS}
            prefix="reg.ikind"
            onChange={(v) => list.setFilter('kind', v as InspectorKind | undefined)}
            testId="filter-kind"
          />
          <EnumFilter
            label={t('reg.f.department')}
            value={state.filters.department}
            values={DEPARTMENTS}
            prefix="reg.dept"
            onChange={(v) => list.setFilter('department', v as Department | undefined)}
            testId="filter-department"
          />
          <ValueFilter
            kind="inspectors"
            field="category"
            label={t('reg.f.categories')}
            value={state.filters.category}
            onChange={(v) => list.setFilter('category', v)}
            testId="filter-category"
          />
          <BoolFilter
            label={t('reg.f.certificateValid')}
            value={state.filters.certificateValid}
            onChange={(v) => list.setFilter('certificateValid', v)}
            trueLabel={t('reg.cert.true')}
            falseLabel={t('reg.cert.false')}
            testId="filter-certificateValid"
          />
          <BoolFilter
            label={t('reg.f.inspectorActive')}
            value={state.filters.active}
            onChange={(v) => list.setFilter('active', v)}
            trueLabel={t('reg.inspActive.true')}
            falseLabel={t('reg.inspActive.false')}
            testId="filter-active"
          />
        </>
      }
      exportHref={exportUrl(code, 'inspectors', {
        search: state.search,
        kind: modelValue(state.filters.kind),
        department: modelValue(state.filters.department),
        category: state.filters.category,
        active: state.filters.active,
        certificate_valid: state.filters.certificateValid,
        ...sortExport(state),
      })}
      onSearch={list.setSearch}
      onReset={list.reset}
      onPage={list.setPage}
      onSort={list.setSort}
      onOpen={onOpen}
      onCreate={() => onCreate('inspectors')}
      onImport={() => onImport('inspectors')}
    />
  );
}
