import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { parseImportResult } from './common';
import { ImportReportTable } from './ImportReportTable';

const RESULT = JSON.stringify({
  kind: 'entities',
  ok: false,
  rows: 2,
  created: 0,
  updated: 0,
  errorCount: 2,
  errors: [
    { sheet: '市场主体名录库', row: 3, column: 'B', column_index: 1, header: '统一社会信用代码', reason: '统一社会信用代码校验位错误' },
    { sheet: '市场主体名录库', row: null, column: '', column_index: null, header: '', reason: '缺少表头“名称”' },
  ],
  report: 'abc123.xlsx',
});

describe('import validation report', () => {
  it('parses the job result and lists every error by sheet, row and column', () => {
    const result = parseImportResult(RESULT);
    expect(result).toMatchObject({ ok: false, errorCount: 2, report: 'abc123.xlsx' });
    renderApp(<ImportReportTable errors={result!.errors} />);
    const table = screen.getByTestId('import-report');
    for (const header of ['工作表', '行', '列', '原因']) {
      expect(within(table).getByRole('columnheader', { name: header })).toBeInTheDocument();
    }
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('市场主体名录库');
    expect(rows[0]).toHaveTextContent('3');
    expect(rows[0]).toHaveTextContent('B 统一社会信用代码');
    expect(rows[0]).toHaveTextContent('统一社会信用代码校验位错误');
    expect(rows[1]).toHaveTextContent('缺少表头“名称”');
  });

  it('reads a result encoded twice and survives garbage', () => {
    expect(parseImportResult(JSON.stringify(RESULT))?.errors).toHaveLength(2);
    expect(parseImportResult('not json')).toBeNull();
    expect(parseImportResult(null)).toBeNull();
  });

  it('tells a dry run (validated only, nothing written) from an import', () => {
    expect(parseImportResult(RESULT)?.validatedOnly).toBe(false);
    const dry = parseImportResult(JSON.stringify({ kind: 'entities', ok: true, rows: 12, errorCount: 0, errors: [], report: '', validatedOnly: true }));
    expect(dry).toMatchObject({ ok: true, rows: 12, created: 0, updated: 0, validatedOnly: true });
  });
});
