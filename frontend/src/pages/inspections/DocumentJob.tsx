import { useMutation } from '@apollo/client/react';
import { App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { JobProgress } from '../../components/JobProgress';
import { InspectionDocumentGenerateMutation, PublishedResultsExportMutation } from '../../graphql/inspections';
import { usePunct } from '../../i18n';
import { useInspT } from './i18n';

type Kind = 'RECORD' | 'NOTICE' | 'EXPORT';

/**
 * Starts a background document (笔录 / 告知书 PDF, or the export of published results), shows
 * its progress and then the download link (served only to who may see the inspection).
 */
export function DocumentJob({ code, kind, inspectionId, year }: { code: string; kind: Kind; inspectionId?: string; year?: number }) {
  const { t } = useInspT();
  const p = usePunct();
  const { message } = App.useApp();
  const [job, setJob] = useState<{ id: string; url: string } | null>(null);
  const [ready, setReady] = useState(false);
  const [generate, { loading: generating }] = useMutation(InspectionDocumentGenerateMutation, { context: orgScope(code) });
  const [exportResults, { loading: exporting }] = useMutation(PublishedResultsExportMutation, { context: orgScope(code) });
  const label = kind === 'RECORD' ? t('doc.record') : kind === 'NOTICE' ? t('doc.notice') : t('doc.export');

  const start = async () => {
    setReady(false);
    try {
      const payload =
        kind === 'EXPORT'
          ? (await exportResults({ variables: { year: year ?? null } })).data?.publishedResultsExport
          : (await generate({ variables: { inspectionId: inspectionId ?? '', kind } })).data?.inspectionDocumentGenerate;
      const errs = payload?.errors ?? [];
      if (errs.length) {
        message.error(errs[0].message);
        return;
      }
      if (payload?.job && payload.downloadUrl) setJob({ id: payload.job.id, url: payload.downloadUrl });
    } catch (e) {
      message.error(`${t('common.failed')}${p.colon}${(e as Error).message}`);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`doc-${kind.toLowerCase()}`}>
      <Button size="large" block loading={generating || exporting} onClick={() => void start()} data-testid={`doc-${kind.toLowerCase()}-start`}>
        {label}
      </Button>
      {job && !ready && (
        <JobProgress
          jobId={job.id}
          orgCode={code}
          intervalMs={700}
          onFinished={(j) => {
            if (j.status === 'SUCCEEDED') setReady(true);
          }}
        />
      )}
      {job && ready && (
        <Typography.Link href={job.url} download data-testid={`doc-${kind.toLowerCase()}-download`}>
          {t('doc.download')}{p.colon}{label}
        </Typography.Link>
      )}
    </Space>
  );
}
