import { InboxOutlined } from '@ant-design/icons';
import { useApolloClient } from '@apollo/client/react';
import { Alert, Button, Modal, Radio, Result, Space, Steps, Switch, Typography, Upload } from 'antd';
import { useRef, useState } from 'react';
import { orgScope } from '../../apollo';
import { JobProgress } from '../../components/JobProgress';
import { CSRF_HEADER, csrfToken } from '../../csrf';
import { RegistryImportJobQuery, StartRegistryImportMutation } from '../../graphql/registries';
import { useI18n, usePunct, type Punct } from '../../i18n';
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
export async function uploadRegistryFile(
  code: string,
  file: File,
  p: Punct,
  fetchImpl: typeof fetch = fetch,
): Promise<Uploaded> {
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
    throw new Error(errors?.map((e) => e.message).join(p.semi) || `HTTP ${response.status}`);
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
const STEP_IMPORT = 4;
const STEP_RESULT = 5;

/** The outcome of one background run (the dry run or the real import). */
interface RunOutcome {
  result: ImportResult | null;
  message: string;
  failed: boolean;
}

/**
 * 选择类型 → 下载模板 → 上传文件 → 校验（上传后自动以 dryRun 校验全部行，进度条；校验报告）
 * → 确认导入（以同一文件正式导入，进度条） → 结果（写入行数或错误报告）.
 */
export function ImportWizard({ open, initialKind, onClose, onImported }: ImportWizardProps) {
  const { t } = useI18n();
  const p = usePunct();
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
  const [validation, setValidation] = useState<RunOutcome | null>(null);
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  // The job whose end we are waiting for: answers about an abandoned job are ignored.
  const activeJob = useRef<string | null>(null);

  function resetUpload() {
    activeJob.current = null;
    setUploaded(null);
    setUploadError(null);
    setJobId(null);
    setStartError(null);
    setStarting(false);
    setValidation(null);
    setOutcome(null);
  }

  function close() {
    setStep(STEP_KIND);
    setKind(initialKind);
    setUpdateExisting(false);
    resetUpload();
    onClose();
  }

  /** Starts the background job: a dry run (validate only) or the real import of the same file. */
  async function startJob(token: string, dryRun: boolean) {
    activeJob.current = null;
    setJobId(null);
    setStarting(true);
    setStartError(null);
    try {
      const { data } = await client.mutate({
        mutation: StartRegistryImportMutation,
        variables: { fileToken: token, kind: KIND_ENUM[kind], updateExisting, dryRun },
        context: orgScope(code),
      });
      const payload = data?.startRegistryImport;
      if (payload?.errors.length) setStartError(payload.errors.map((e) => e.message).join(p.semi));
      else if (payload?.job) {
        activeJob.current = payload.job.id;
        setJobId(payload.job.id);
      }
    } catch (e) {
      setStartError(e instanceof Error ? e.message : String(e));
    } finally {
      setStarting(false);
    }
  }

  async function readOutcome(id: string): Promise<RunOutcome> {
    try {
      const { data } = await client.query({
        query: RegistryImportJobQuery,
        variables: { id },
        context: orgScope(code),
        fetchPolicy: 'network-only',
      });
      const job = data?.job;
      return { result: parseImportResult(job?.result), message: job?.message ?? '', failed: job?.status === 'FAILED' };
    } catch (e) {
      return { result: null, message: e instanceof Error ? e.message : String(e), failed: true };
    }
  }

  async function validated(id: string) {
    const run = await readOutcome(id);
    if (activeJob.current !== id) return;
    activeJob.current = null;
    setJobId(null);
    setValidation(run);
  }

  async function imported(id: string) {
    const run = await readOutcome(id);
    if (activeJob.current !== id) return;
    activeJob.current = null;
    setJobId(null);
    setOutcome(run);
    if (!run.failed && run.result?.ok !== false) onImported(kind);
    setStep(STEP_RESULT);
  }

  function confirmImport() {
    if (!uploaded) return;
    setStep(STEP_IMPORT);
    void startJob(uploaded.token, false);
  }

  function reupload() {
    resetUpload();
    setStep(STEP_UPLOAD);
  }

  const kindLabel = t(`reg.kind.${kind}`);
  const steps = [
    { title: t('reg.import.step.kind') },
    { title: t('reg.import.step.template') },
    { title: t('reg.import.step.upload') },
    { title: t('reg.import.step.validate') },
    { title: t('reg.import.step.import') },
    { title: t('reg.import.step.result') },
  ];

  const summary = (
    <Typography.Paragraph>
      {t('reg.import.summary', {
        kind: kindLabel,
        name: uploaded?.name ?? '',
        mode: updateExisting ? t('reg.import.mode.update') : t('reg.import.mode.create'),
      })}
    </Typography.Paragraph>
  );

  /** The error report of a run: nothing was written. */
  const errorReport = (run: RunOutcome) => (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-failed">
      <Alert
        type="error"
        showIcon
        title={run.result && !run.result.ok ? t('reg.import.failed', { count: run.result.errorCount }) : t('reg.import.jobFailed')}
        description={run.message}
      />
      {run.result?.report ? (
        <Button href={reportUrl(code, run.result.report)} download data-testid="import-report-link">
          {t('reg.import.report')}
        </Button>
      ) : null}
      {run.result && run.result.errors.length < run.result.errorCount ? (
        <Typography.Text type="secondary">{t('reg.import.truncated', { shown: run.result.errors.length })}</Typography.Text>
      ) : null}
      {run.result && run.result.errors.length ? <ImportReportTable errors={run.result.errors} /> : null}
    </Space>
  );

  const retryButton = (
    <Button onClick={reupload} data-testid="import-retry">
      {t('reg.import.retry')}
    </Button>
  );
  const closeButton = (primary: boolean) => (
    <Button type={primary ? 'primary' : 'default'} onClick={close} data-testid="import-close">
      {t('reg.import.close')}
    </Button>
  );

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
              uploadRegistryFile(code, file, p)
                .then((stored) => {
                  // validate at once: a dry run of the whole file, nothing is written
                  setUploaded(stored);
                  setStep(STEP_VALIDATE);
                  void startJob(stored.token, true);
                })
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
          <Typography.Text type="secondary">{t('reg.import.validateHelp')}</Typography.Text>
          {uploadError ? <Alert type="error" showIcon title={t('reg.import.uploadFailed')} description={uploadError} /> : null}
        </Space>
      );
      footer = <Button onClick={() => setStep(STEP_TEMPLATE)}>{t('reg.import.prev')}</Button>;
      break;
    case STEP_VALIDATE: {
      const valid = validation && !validation.failed && validation.result?.ok !== false;
      body = (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {uploaded ? (
            <Alert
              type="success"
              showIcon
              data-testid="import-uploaded"
              title={t('reg.import.uploaded', { name: uploaded.name, size: formatSize(uploaded.size) })}
            />
          ) : null}
          {summary}
          {jobId ? <JobProgress jobId={jobId} orgCode={code} onFinished={(job) => void validated(job.id)} /> : null}
          {startError ? <Alert type="error" showIcon title={startError} /> : null}
          {validation && valid ? (
            <Result
              status="success"
              data-testid="import-valid"
              title={t('reg.import.valid', { rows: validation.result?.rows ?? 0 })}
              subTitle={t('reg.import.confirmText')}
            />
          ) : null}
          {validation && !valid ? errorReport(validation) : null}
        </Space>
      );
      footer = (
        <Space>
          {validation || startError ? retryButton : null}
          {startError && uploaded ? (
            <Button loading={starting} onClick={() => void startJob(uploaded.token, true)} data-testid="import-revalidate">
              {t('reg.import.revalidate')}
            </Button>
          ) : null}
          {valid ? (
            <Button type="primary" onClick={confirmImport} data-testid="import-confirm">
              {t('reg.import.confirm')}
            </Button>
          ) : (
            closeButton(false)
          )}
        </Space>
      );
      break;
    }
    case STEP_IMPORT:
      body = (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {summary}
          {jobId ? <JobProgress jobId={jobId} orgCode={code} onFinished={(job) => void imported(job.id)} /> : null}
          {startError ? <Alert type="error" showIcon title={startError} /> : null}
        </Space>
      );
      footer = (
        <Space>
          {startError ? (
            <>
              <Button onClick={() => setStep(STEP_VALIDATE)}>{t('reg.import.prev')}</Button>
              <Button type="primary" loading={starting} onClick={confirmImport} data-testid="import-confirm">
                {t('reg.import.confirm')}
              </Button>
            </>
          ) : (
            <Button type="primary" loading disabled data-testid="import-running">
              {t('reg.import.importing')}
            </Button>
          )}
        </Space>
      );
      break;
    default: {
      const run = outcome ?? { result: null, message: '', failed: true };
      const ok = !run.failed && run.result?.ok !== false;
      body = ok ? (
        <Result
          status="success"
          data-testid="import-succeeded"
          title={
            run.result
              ? t('reg.import.succeeded', {
                  rows: run.result.created + run.result.updated,
                  created: run.result.created,
                  updated: run.result.updated,
                })
              : run.message
          }
          subTitle={run.message}
        />
      ) : (
        errorReport(run)
      );
      footer = (
        <Space>
          {!ok ? retryButton : null}
          {closeButton(true)}
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
