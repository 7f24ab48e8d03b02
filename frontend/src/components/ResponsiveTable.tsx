import { Card, Empty, Grid, List, Table, type TableColumnType, type TableProps } from 'antd';
import { isValidElement, useState, type Key, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * A table on a tablet or desktop, a list of cards on a phone (antd breakpoints: below `md`,
 * 768 px). Every column becomes a "label: value" line of its row's card, so a page written
 * with this component never needs a sideways scroll on a phone. Takes the props of antd's
 * `Table`; `cardTitle` picks the card's heading (default: the first column's cell) and
 * `cardHidden` lists columns (by key or dataIndex) left off the cards.
 */
export interface ResponsiveTableProps<T> extends TableProps<T> {
  cardTitle?: (row: T, index: number) => ReactNode;
  cardHidden?: readonly string[];
  'data-testid'?: string;
}

/** True below antd's `md` breakpoint. Unknown screens (no media queries, e.g. jsdom) are not phones. */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return Boolean(!screens.md && (screens.xs || screens.sm));
}

type Column<T> = TableColumnType<T> & { children?: Column<T>[] };

function leaves<T>(columns: readonly Column<T>[]): Column<T>[] {
  return columns.flatMap((c) => (c.children?.length ? leaves(c.children) : [c]));
}

function columnId<T>(column: Column<T>, index: number): string {
  if (column.key != null) return String(column.key);
  const di = column.dataIndex;
  if (Array.isArray(di)) return di.join('.');
  if (di != null) return String(di);
  return String(index);
}

function valueOf<T>(row: T, dataIndex: Column<T>['dataIndex']): unknown {
  if (dataIndex == null) return undefined;
  const path = Array.isArray(dataIndex) ? dataIndex : [dataIndex];
  let value: unknown = row;
  for (const step of path) {
    if (value == null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[step as string | number];
  }
  return value;
}

function cell<T>(column: Column<T>, row: T, index: number): ReactNode {
  const value = valueOf(row, column.dataIndex);
  if (!column.render) return value == null ? '' : (value as ReactNode);
  const rendered = column.render(value, row, index) as unknown;
  // A render may answer { children, props } (cell spans): the children are the content.
  if (rendered && typeof rendered === 'object' && !isValidElement(rendered) && 'children' in rendered)
    return (rendered as { children: ReactNode }).children;
  return rendered as ReactNode;
}

function titleOf<T>(column: Column<T>): ReactNode {
  const title = column.title as unknown;
  return typeof title === 'function' ? (title as (props: object) => ReactNode)({}) : (title as ReactNode);
}

function rowKeyOf<T>(rowKey: TableProps<T>['rowKey'], row: T, index: number): Key {
  if (typeof rowKey === 'function') return rowKey(row, index) as Key;
  if (typeof rowKey === 'string' || typeof rowKey === 'number') return valueOf(row, rowKey) as Key;
  return ((row as { key?: Key }).key ?? index) as Key;
}

function RowCard<T>({
  row,
  index,
  columns,
  title,
  expanded,
}: {
  row: T;
  index: number;
  columns: Column<T>[];
  title: ReactNode;
  expanded?: ReactNode;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <Card size="small" className="suiji-rcard" title={title} data-testid="rcard">
      <dl className="suiji-rcard-fields">
        {columns.map((column, i) => (
          <div key={columnId(column, i)} className="suiji-rcard-field">
            <dt>{titleOf(column)}</dt>
            <dd>{cell(column, row, index)}</dd>
          </div>
        ))}
      </dl>
      {expanded != null && (
        <>
          <a role="button" onClick={() => setOpen(!open)} data-testid="rcard-more">
            {open ? t('list.less') : t('list.more')}
          </a>
          {open && <div style={{ marginTop: 8 }}>{expanded}</div>}
        </>
      )}
    </Card>
  );
}

export function ResponsiveTable<T extends object>(props: ResponsiveTableProps<T>) {
  const phone = usePhone();
  const { cardTitle, cardHidden, ...tableProps } = props;
  if (!phone) return <Table<T> {...tableProps} />;

  const { columns = [], dataSource = [], rowKey, pagination, loading, locale, expandable } = tableProps;
  const all = leaves(columns as Column<T>[]);
  const hidden = new Set(cardHidden ?? []);
  const shown = all.filter((c, i) => !hidden.has(columnId(c, i)));
  const [first, ...rest] = shown;
  const heading = (row: T, index: number) =>
    cardTitle ? cardTitle(row, index) : first ? cell(first, row, index) : null;
  const body = cardTitle ? shown : rest;
  const listPagination =
    pagination === false
      ? false
      : (() => {
          // Table's placement/position lists have no List counterpart: the pager sits below.
          const { position: _position, placement: _placement, ...rest } = pagination ?? {};
          void _position;
          void _placement;
          return { pageSize: 10, hideOnSinglePage: true, ...rest, size: 'small' as const, showSizeChanger: false };
        })();
  const spinning = typeof loading === 'object' ? Boolean(loading.spinning) : Boolean(loading);
  const emptyText = locale?.emptyText;

  return (
    <List<T>
      className="suiji-rlist"
      data-testid={props['data-testid']}
      dataSource={[...dataSource]}
      loading={spinning}
      pagination={listPagination}
      locale={{ emptyText: (typeof emptyText === 'function' ? emptyText() : emptyText) ?? <Empty /> }}
      rowKey={(row) => rowKeyOf(rowKey, row, dataSource.indexOf(row))}
      renderItem={(row, index) => (
        <List.Item style={{ padding: '6px 0', border: 'none' }}>
          <RowCard
            row={row}
            index={index}
            columns={body}
            title={heading(row, index)}
            expanded={expandable?.expandedRowRender?.(row, index, 0, true)}
          />
        </List.Item>
      )}
    />
  );
}
