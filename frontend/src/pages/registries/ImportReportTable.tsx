import { Table } from 'antd';
import { useI18n } from '../../i18n';
import type { ImportError } from './common';

/** The validation report of an import: one row per error, located by sheet, row and column. */
export function ImportReportTable({ errors }: { errors: readonly ImportError[] }) {
  const { t } = useI18n();
  return (
    <Table
      size="small"
      data-testid="import-report"
      rowKey="key"
      dataSource={errors.map((error, index) => ({ ...error, key: index }))}
      pagination={errors.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
      columns={[
        { title: t('reg.import.sheet'), dataIndex: 'sheet', width: 120, render: (s: string) => s || '—' },
        { title: t('reg.import.row'), dataIndex: 'row', width: 70, render: (r: number | null) => (r ?? '—') },
        {
          title: t('reg.import.column'),
          key: 'column',
          width: 220,
          render: (_: unknown, e: ImportError & { key: number }) =>
            [e.column, e.header].filter(Boolean).join(' ') || '—',
        },
        { title: t('reg.import.reason'), dataIndex: 'reason' },
      ]}
    />
  );
}
