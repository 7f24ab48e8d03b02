import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { JobQuery } from '../graphql/operations';
import { renderApp } from '../test/render';
import { JobProgress } from './JobProgress';

const job = (status: string, progress: number, message: string) => ({
  request: { query: JobQuery, variables: { id: 'job-1' } },
  result: { data: { job: { __typename: 'Job', id: 'job-1', kind: 'create_organisation', status, progress, message } } },
});

describe('JobProgress', () => {
  it('polls the job until it ends and reports progress and message', async () => {
    const onFinished = vi.fn();
    renderApp(<JobProgress jobId="job-1" orgCode="533100" intervalMs={50} onFinished={onFinished} />, {
      mocks: [job('RUNNING', 40, '正在复制基础模式'), job('SUCCEEDED', 100, '组织已创建')],
    });
    expect(await screen.findByText('进行中：正在复制基础模式')).toBeInTheDocument();
    expect(await screen.findByText('已完成：组织已创建')).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished.mock.calls[0][0]).toMatchObject({ status: 'SUCCEEDED', progress: 100 });
  });
});
