import { useQuery } from '@apollo/client/react';
import { Alert, Progress, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { orgScope } from '../apollo';
import type { JobQuery as JobQueryResult } from '../gql/graphql';
import { JobQuery } from '../graphql/operations';
import { useI18n, usePunct } from '../i18n';

export type JobSnapshot = NonNullable<JobQueryResult['job']>;

export interface JobProgressProps {
  jobId: string;
  /** Organisation the job belongs to; omit for jobs on the global endpoint. */
  orgCode?: string | null;
  /** Poll interval in milliseconds (default: every second). */
  intervalMs?: number;
  /** Called once when the job has SUCCEEDED or FAILED. */
  onFinished?: (job: JobSnapshot) => void;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

/** Polls `job(id)` every second and shows its progress and message until it ends. */
export function JobProgress({ jobId, orgCode, intervalMs = 1000, onFinished }: JobProgressProps) {
  const { t } = useI18n();
  const p = usePunct();
  const { data, error, startPolling, stopPolling } = useQuery(JobQuery, {
    variables: { id: jobId },
    context: orgCode ? orgScope(orgCode) : {},
    fetchPolicy: 'network-only',
    notifyOnNetworkStatusChange: false,
  });
  const job = data?.job ?? null;
  const finished = job ? FINISHED.has(job.status) : false;

  useEffect(() => {
    if (finished) {
      stopPolling();
      return undefined;
    }
    startPolling(intervalMs);
    return () => stopPolling();
  }, [finished, intervalMs, startPolling, stopPolling]);

  const status = job?.status;
  useEffect(() => {
    if (job && finished) onFinished?.(job);
  }, [status, finished]);

  if (error && !job) return <Alert type="error" showIcon title={error.message} />;
  if (data && !job) return <Alert type="warning" showIcon title={t('job.notFound')} />;

  const percent = Math.max(0, Math.min(100, job?.progress ?? 0));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="job-progress">
      <Progress
        percent={percent}
        status={status === 'FAILED' ? 'exception' : status === 'SUCCEEDED' ? 'success' : 'active'}
      />
      <Typography.Text type={status === 'FAILED' ? 'danger' : 'secondary'}>
        {job ? `${t(`job.status.${job.status}`)}${job.message ? `${p.colon}${job.message}` : ''}` : t('common.loading')}
      </Typography.Text>
    </Space>
  );
}
