import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import type { ReactNode } from 'react';
import type { RegistryOrder } from '../../gql/graphql';
import { useI18n } from '../../i18n';
import type { ListState, RegistryKindKey } from './common';

export interface RegistryTableProps<Row extends { id: string }> {
  kind: RegistryKindKey;
  rows: Row[];
  total: number;
  loading: boolean;
  error?: { message: string } | null;
  columns: ColumnsType<Row>;
  state: ListState<Record<string, unknown>>;
  filters: ReactNode;
  exportHref: string;
  canManage: boolean;
  onSearch: (search: string) => void;
  onReset: () => void;
  onPage: (page: number, pageSize: number) => void;
  onSort: (orderBy: RegistryOrder | null, descending: boolean) => void;
  onOpen: (id: string) => void;
  onCreate: () => void;
  onImport: () => void;
}

/**
 * Columns sort on the server: a sortable column's `key` is its RegistryOrder (NAME, CODE,
 * UPDATED, CREDIT, VIOLATIONS, CERTIFICATE_VALID_UNTIL).
 */
export function RegistryTable<Row extends { id: string }>(props: RegistryTableProps<Row>) {
  const { t } = useI18n();
  const { kind, state } = props;
  const columns = props.columns.map((column) =>
    column.sorter
      ? {
          ...column,
          sortOrder:
            state.orderBy && column.key === state.orderBy ? (state.descending ? ('descend' as const) : ('ascend' as const)) : null,
        }
      : column,
  );
  return (
    <div data-testid={`registry-${kind}`}>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search
            key={`search-${state.search === '' ? 'empty' : 'set'}`}
            allowClear
            defaultValue={state.search}
            placeholder={t(`reg.search.${kind}`)}
            onSearch={props.onSearch}
            style={{ width: 280 }}
            data-testid="registry-search"
          />
          {props.filters}
          <Button onClick={props.onReset}>{t('reg.reset')}</Button>
        </Space>
        <Space wrap>
          {props.canManage ? (
            <>
              <Button icon={<PlusOutlined />} onClick={props.onCreate} data-testid="registry-new">
                {t('reg.new')}
              </Button>
              <Button icon={<UploadOutlined />} onClick={props.onImport} data-testid="registry-import">
                {t('reg.import')}
              </Button>
            </>
          ) : null}
          <Button icon={<DownloadOutlined />} href={props.exportHref} download data-testid="registry-export">
            {t('reg.export')}
          </Button>
        </Space>
      </Space>
      {props.error ? (
        <Alert type="error" showIcon title={t('reg.loadFailed')} description={props.error.message} style={{ marginBottom: 12 }} />
      ) : null}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={props.loading}
        dataSource={props.rows}
        columns={columns}
        scroll={{ x: 'max-content' }}
        onRow={(row) => ({ onDoubleClick: () => props.onOpen(row.id) })}
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: props.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (total) => <span data-testid="registry-total">{t('reg.total', { count: total })}</span>,
        }}
        onChange={(pagination, _filters, sorter, extra) => {
          if (extra.action === 'sort') {
            const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Row> | undefined;
            const order = s?.order ? ((s.columnKey as RegistryOrder) ?? null) : null;
            props.onSort(order, s?.order === 'descend');
          } else if (extra.action === 'paginate') {
            props.onPage(pagination.current ?? 1, pagination.pageSize ?? state.pageSize);
          }
        }}
      />
    </div>
  );
}

/** A link-styled cell that opens the record's detail. */
export function OpenLink({ id, text, onOpen }: { id: string; text: string; onOpen: (id: string) => void }) {
  return (
    <Typography.Link onClick={() => onOpen(id)} data-testid="registry-open">
      {text}
    </Typography.Link>
  );
}
