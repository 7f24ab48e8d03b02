import { Table, Typography } from 'antd';
import type { RegistryHistoryFieldsFragment } from '../../gql/graphql';
import { useI18n, usePunct, type Punct } from '../../i18n';
import { formatDateTime } from './common';

function parse(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    const obj: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    return obj && typeof obj === 'object' ? (obj as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function show(value: unknown, p: Punct): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.join(p.sep);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The fields that differ between the audit record's before and after snapshots. */
export function changes(record: Pick<RegistryHistoryFieldsFragment, 'before' | 'after'>, p: Punct): string[] {
  const before = parse(record.before);
  const after = parse(record.after);
  if (!after) return [];
  const keys = Object.keys(after).filter((key) => !before || show(before[key], p) !== show(after[key], p));
  return keys.map((key) => (before ? `${key}: ${show(before[key], p)} → ${show(after[key], p)}` : `${key}: ${show(after[key], p)}`));
}

/** A record's audit history (newest first), with what each change did. */
export function HistoryTable({ history }: { history: readonly RegistryHistoryFieldsFragment[] }) {
  const { t } = useI18n();
  const p = usePunct();
  return (
    <Table
      rowKey="id"
      size="small"
      data-testid="record-history"
      dataSource={history as RegistryHistoryFieldsFragment[]}
      pagination={history.length > 10 ? { pageSize: 10, size: 'small' } : false}
      locale={{ emptyText: t('reg.history.empty') }}
      columns={[
        { title: t('reg.history.at'), dataIndex: 'at', width: 150, render: (at: string) => formatDateTime(at) },
        { title: t('reg.history.actor'), dataIndex: 'actor', width: 110, render: (a: string) => a || '—' },
        { title: t('reg.history.operation'), dataIndex: 'operation', width: 190 },
        {
          title: t('reg.history.changes'),
          key: 'changes',
          render: (_: unknown, record: RegistryHistoryFieldsFragment) => {
            const lines = changes(record, p);
            return lines.length === 0 ? (
              '—'
            ) : (
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12 }} ellipsis={{ rows: 4, expandable: true }}>
                {lines.join('\n')}
              </Typography.Paragraph>
            );
          },
        },
      ]}
    />
  );
}
