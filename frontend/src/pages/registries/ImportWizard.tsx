import { InboxOutlined } from '@ant-design/icons';
import { useApolloClient } from '@apollo/client/react';
import { Alert, Button, Modal, Radio, Result, Space, Steps, Switch, Typography, Upload } from 'antd';
import { useState } from 'react';
import { orgScope } from '../../apollo';
import { JobProgress } from '../../components/JobProgress';
import { CSRF_HEADER, csrfToken } from '../../csrf';
import { RegistryImportJobQuery, StartRegistryImportMutation } from '../../graphql/registries';
import { useI18n } from '../../i18n';
import { useOrg } from '../../orgContext';
import {
  KIND_ENUM,
  REGISTRY_KINDS,
  parseImportResult,
  registriesBase,
  reportUrl,
  templateUrl,
  type ImportResult,
  type RegistryKindKey,
} from './common';
import { ImportReportTable } from './ImportReportTable';

interface Uploaded {
  token: string;
  name: string;
  size: number;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** POSTs the file (multipart field `file`) to /o/<code>/registries/uploads/ with the CSRF header. */
export async function uploadRegistryFile(code: string, file: File, fetchImpl: typeof fetch = fetch): Promise<Uploaded> {
  const body = new FormData();
  body.append('file', file, file.name);
  const token = csrfToken();
  const response = await fetchImpl(`${registriesBase(code)}/uploads/`, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: token ? { [CSRF_HEADER]: token } : {},
  });
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const errors = (payload as { errors?: { message: string }[] } | null)?.errors;
    throw new Error(errors?.map((e) => e.message).join('；') || `HTTP ${response.status}`);
  }
  return payload as Uploaded;
}

export interface ImportWizardProps {
  open: boolean;
  initialKind: RegistryKindKey;
  onClose: () => void;
  /** Rows were written: the lists should refresh. */
  onImported: (kind: RegistryKindKey) => void;
}

const STEP_KIND = 0;
const STEP_TEMPLATE = 1;
const STEP_UPLOAD = 2;
const STEP_VALIDATE = 3;
const STEP_RESULT = 4;

/** 选择类型 → 下载模板 → 上传文件 → 校验导入（后台任务，进度条） → 结果（错误报告或写入行数）. */
export function ImportWizard({ open, initialKind, onClose, onImported }: ImportWizardProps) {
  const { t } = useI18n();
  const { code } = useOrg();
  const client = useApolloClient();
  const [step, setStep] = useState(STEP_KIND);
  const [kind, setKind] = useState<RegistryKindKey>(initialKind);
  const [updateExisting, setUpdateExisting] = useState(false);
  const [uploaded, setUploaded] = useState<Uploaded | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [jobMessage, setJobMessage] = useState<string>('');
  const [jobFailed, setJobFailed] = useState(false);

  function resetUpload() {
    setUploaded(null);
    setUploadError(null);
    setJobId(null);
    setStartError(null);
    setResult(null);
    setJobMessage('');
    setJobFailed(false);
  }

  function close() {
    setStep(STEP_KIND);
    setKind(initialKind);
    setUpdateExisting(false);
    resetUpload();
    onClose();
  }

  async function start() {
    if (!uploaded) return;
    setStarting(true);
    setStartError(null);
    try {
      const { data } = await client.mutate({
        mutation: StartRegistryImportMutation,
        variables: { fileToken: uploaded.token, kind: KIND_ENUM[kind], updateExisting },
        context: orgScope(code),
      });
      const payload = data?.startRegistryImport;
      if (payload?.errors.length) setStartError(payload.errors.map((e) => e.message).join('；'));
      else if (payload?.job) setJobId(payload.job.id);
    } catch (e) {
      setStartError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  }

  async function finished(id: string) {
    try {
      const { data } = await client.query({
        query: RegistryImportJobQuery,
        variables: { id },
        context: orgScope(code),
        fetchPolicy: 'network-only',
      });
      const job = data?.job;
      const parsed = parseImportResult(job?.result);
      setResult(parsed);
      setJobMessage(job?.message ?? '');
      setJobFailed(job?.status === 'FAILED');
      if (job?.status === 'SUCCEEDED' && parsed?.ok !== false) onImported(kind);
    } catch (e) {
      setJobMessage(e instanceof Error ? e.message : String(e));
      setJobFailed(true);
    }
    setStep(STEP_RESULT);
  }

  const kindLabel = t(`reg.kind.${kind}`);
  const steps = [
    { title: t('reg.import.step.kind') },
    { title: t('reg.import.step.template') },
    { title: t('reg.import.step.upload') },
    { title: t('reg.import.step.validate') },
    { title: t('reg.import.step.result') },
  ];

  let body;
  let footer;
  switch (step) {
    case STEP_KIND:
      body = (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>{t('reg.import.kind')}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              <Radio.Group
                value={kind}
                onChange={(e) => setKind(e.target.value as RegistryKindKey)}
                options={REGISTRY_KINDS.map((k) => ({ value: k, label: t(`reg.kind.${k}`) }))}
                data-testid="import-kind"
              />
            </div>
          </div>
          <Space align="start">
            <Switch checked={updateExisting} onChange={setUpdateExisting} data-testid="import-update-existing" />
            <div>
              <Typography.Text>{t('reg.import.update')}</Typography.Text>
              <br />
              <Typography.Text type="secondary">{t('reg.import.updateHelp')}</Typography.Text>
            </div>
          </Space>
        </Space>
      );
      footer = (
        <Button type="primary" onClick={() => setStep(STEP_TEMPLATE)}>
          {t('reg.import.next')}
        </Button>
      );
      break;
    case STEP_TEMPLATE:
      body = (
        <Space orientation="vertical" size="middle">
          <Button href={templateUrl(code, kind)} download data-testid="import-template">
            {t('reg.import.template', { kind: kindLabel })}
          </Button>
          <Typography.Text type="secondary">{t('reg.import.templateHelp')}</Typography.Text>
        </Space>
      );
      footer = (
        <Space>
          <Button onClick={() => setStep(STEP_KIND)}>{t('reg.import.prev')}</Button>
          <Button type="primary" onClick={() => setStep(STEP_UPLOAD)}>
            {t('reg.import.next')}
          </Button>
        </Space>
      );
      break;
    case STEP_UPLOAD:
      body = (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".xlsx,.xls,.ods"
            multiple={false}
            showUploadList={false}
            disabled={uploading}
            data-testid="import-upload"
            beforeUpload={(file) => {
              resetUpload();
              setUploading(true);
              uploadRegistryFile(code, file)
                .then((stored) => setUploaded(stored))
                .catch((e: unknown) => setUploadError(e instanceof Error ? e.message : String(e)))
                .finally(() => setUploading(false));
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{uploading ? t('reg.import.uploading') : t('reg.import.choose')}</p>
            <p className="ant-upload-hint">{t('reg.import.templateHelp')}</p>
          </Upload.Dragger>
          {uploaded ? (
            <Alert
              type="success"
              showIcon
              data-testid="import-uploaded"
              title={t('reg.import.uploaded', { name: uploaded.name, size: formatSize(uploaded.size) })}
            />
          ) : null}
          {uploadError ? <Alert type="error" showIcon title={t('reg.import.uploadFailed')} description={uploadError} /> : null}
        </Space>
      );
      footer = (
        <Space>
          <Button onClick={() => setStep(STEP_TEMPLATE)}>{t('reg.import.prev')}</Button>
          <Button type="primary" disabled={!uploaded || uploading} onClick={() => setStep(STEP_VALIDATE)}>
            {t('reg.import.next')}
          </Button>
        </Space>
      );
      break;
    case STEP_VALIDATE:
      body = (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph>
            {t('reg.import.summary', {
              kind: kindLabel,
              name: uploaded?.name ?? '',
              mode: updateExisting ? t('reg.import.mode.update') : t('reg.import.mode.create'),
            })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('reg.import.confirmText')}</Typography.Paragraph>
          {jobId ? <JobProgress jobId={jobId} orgCode={code} onFinished={(job) => void finished(job.id)} /> : null}
          {startError ? <Alert type="error" showIcon title={startError} /> : null}
        </Space>
      );
      footer = (
        <Space>
          <Button disabled={!!jobId} onClick={() => setStep(STEP_UPLOAD)}>
            {t('reg.import.prev')}
          </Button>
          <Button type="primary" loading={starting} disabled={!!jobId} onClick={start} data-testid="import-start">
            {t('reg.import.start')}
          </Button>
        </Space>
      );
      break;
    default: {
      const ok = !jobFailed && result?.ok !== false;
      body = ok ? (
        <Result
          status="success"
          data-testid="import-succeeded"
          title={
            result
              ? t('reg.import.succeeded', { rows: result.created + result.updated, created: result.created, updated: result.updated })
              : jobMessage
          }
          subTitle={jobMessage}
        />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-failed">
          <Alert
            type="error"
            showIcon
            title={result ? t('reg.import.failed', { count: result.errorCount }) : t('reg.import.jobFailed')}
            description={jobMessage}
          />
          {result?.report ? (
            <Button href={reportUrl(code, result.report)} download data-testid="import-report-link">
              {t('reg.import.report')}
            </Button>
          ) : null}
          {result && result.errors.length < result.errorCount ? (
            <Typography.Text type="secondary">{t('reg.import.truncated', { shown: result.errors.length })}</Typography.Text>
          ) : null}
          {result ? <ImportReportTable errors={result.errors} /> : null}
        </Space>
      );
      footer = (
        <Space>
          {!ok ? (
            <Button
              onClick={() => {
                resetUpload();
                setStep(STEP_UPLOAD);
              }}
              data-testid="import-retry"
            >
              {t('reg.import.retry')}
            </Button>
          ) : null}
          <Button type="primary" onClick={close} data-testid="import-close">
            {t('reg.import.close')}
          </Button>
        </Space>
      );
    }
  }

  return (
    <Modal
      open={open}
      title={t('reg.import.title')}
      onCancel={close}
      footer={footer}
      width={900}
      maskClosable={false}
      destroyOnHidden
    >
      <div data-testid="import-wizard">
        <Steps current={step} items={steps} size="small" style={{ marginBottom: 24 }} />
        {body}
      </div>
    </Modal>
  );
}
