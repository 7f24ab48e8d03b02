import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobQuery } from '../../graphql/operations';
import { RegistryImportJobQuery, StartRegistryImportMutation } from '../../graphql/registries';
import { OrgContext } from '../../orgContext';
import { multiAdmin, renderApp } from '../../test/render';
import { ImportWizard } from './ImportWizard';

const CODE = '533103';

const started = (token: string, dryRun: boolean, jobId: string) => ({
  request: {
    query: StartRegistryImportMutation,
    variables: { fileToken: token, kind: 'ENTITIES', updateExisting: true, dryRun },
  },
  result: {
    data: {
      startRegistryImport: {
        __typename: 'StartRegistryImport',
        job: { __typename: 'Job', id: jobId, status: 'PENDING', progress: 0, message: '' },
        errors: [],
      },
    },
  },
});

const polled = (jobId: string, status: string, message: string) => ({
  request: { query: JobQuery, variables: { id: jobId } },
  result: { data: { job: { __typename: 'Job', id: jobId, kind: 'registry_import', status, progress: 100, message } } },
  maxUsageCount: 5,
});

const finished = (jobId: string, status: string, message: string, result: object) => ({
  request: { query: RegistryImportJobQuery, variables: { id: jobId } },
  result: {
    data: {
      job: { __typename: 'Job', id: jobId, kind: 'registry_import', status, progress: 100, message, result: JSON.stringify(result) },
    },
  },
});

const ERROR = {
  sheet: '市场主体名录库',
  row: 3,
  column: 'B',
  column_index: 1,
  header: '统一社会信用代码',
  reason: '统一社会信用代码校验位错误',
};

const MOCKS = [
  // the bad file: the dry run finds one error
  started('tok-bad', true, 'job-1'),
  polled('job-1', 'FAILED', '发现 1 处错误，未写入任何数据'),
  finished('job-1', 'FAILED', '发现 1 处错误，未写入任何数据', {
    kind: 'entities', ok: false, rows: 2, created: 0, updated: 0, errorCount: 1, errors: [ERROR], report: 'r1.xlsx', validatedOnly: false,
  }),
  // the corrected file: the dry run passes, then the confirmed import writes it
  started('tok-good', true, 'job-2'),
  polled('job-2', 'SUCCEEDED', '校验通过：2 行均可导入；确认后开始写入。'),
  finished('job-2', 'SUCCEEDED', '校验通过：2 行均可导入；确认后开始写入。', {
    kind: 'entities', ok: true, rows: 2, created: 0, updated: 0, errorCount: 0, errors: [], report: '', validatedOnly: true,
  }),
  started('tok-good', false, 'job-3'),
  polled('job-3', 'SUCCEEDED', '导入完成：新增 1 条，更新 1 条'),
  finished('job-3', 'SUCCEEDED', '导入完成：新增 1 条，更新 1 条', {
    kind: 'entities', ok: true, rows: 2, created: 1, updated: 1, errorCount: 0, errors: [], report: '', validatedOnly: false,
  }),
];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('registry import wizard', { timeout: 30_000 }, () => {
  it('validates the upload first (dry run), shows the report, and writes only after 确认导入', async () => {
    const user = userEvent.setup();
    const uploads: string[] = [];
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      const file = (init?.body as FormData).get('file') as File;
      uploads.push(file.name);
      const token = file.name.includes('bad') ? 'tok-bad' : 'tok-good';
      return new Response(JSON.stringify({ token, name: file.name, size: 2048 }), { status: 200 });
    });
    vi.stubGlobal('fetch', fetchMock);
    const onImported = vi.fn();
    const access = multiAdmin.organisations[0]!;
    renderApp(
      <OrgContext.Provider value={{ me: multiAdmin, access, code: CODE }}>
        <ImportWizard open initialKind="entities" onClose={() => undefined} onImported={onImported} />
      </OrgContext.Provider>,
      { mocks: MOCKS },
    );

    // kind (with 更新已有记录, passed to both runs) → template → upload
    await user.click(await screen.findByTestId('import-update-existing'));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    await user.click(screen.getByRole('button', { name: '下一步' }));
    const wizard = screen.getByTestId('import-wizard');
    const xlsx = (name: string) => new File(['x'], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

    // 1. the bad file is validated at once: the report locates the error, nothing can be confirmed
    await user.upload(wizard.querySelector('input[type=file]') as HTMLInputElement, xlsx('bad.xlsx'));
    expect(await screen.findByText('已上传：bad.xlsx（2.0 KB）')).toBeInTheDocument();
    expect(await screen.findByText('校验未通过：共 1 处错误，未写入任何数据')).toBeInTheDocument();
    const rows = within(screen.getByTestId('import-report')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('B 统一社会信用代码');
    expect(screen.getByTestId('import-report-link')).toHaveAttribute('href', expect.stringMatching(/r1\.xlsx$/));
    expect(screen.queryByTestId('import-confirm')).toBeNull();

    // 2. the corrected file passes validation; nothing is written before 确认导入
    await user.click(screen.getByTestId('import-retry'));
    await user.upload(
      screen.getByTestId('import-wizard').querySelector('input[type=file]') as HTMLInputElement,
      xlsx('good.xlsx'),
    );
    expect(await screen.findByText('校验通过：2 行可以导入')).toBeInTheDocument();
    expect(screen.queryByTestId('import-report')).toBeNull();
    expect(onImported).not.toHaveBeenCalled();

    // 3. 确认导入 starts the real import of the same file
    await user.click(screen.getByTestId('import-confirm'));
    expect(await screen.findByText('导入完成：写入 2 行（新增 1 条，更新 1 条）')).toBeInTheDocument();
    await waitFor(() => expect(onImported).toHaveBeenCalledWith('entities'));
    expect(onImported).toHaveBeenCalledTimes(1);
    expect(uploads).toEqual(['bad.xlsx', 'good.xlsx']);
    expect(screen.getByTestId('import-close')).toBeInTheDocument();
  });
});
