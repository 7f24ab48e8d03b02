import { CheckCircleOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useVerifierT, type VerifierKey, type VerifierT } from './i18n';
import type { VerifyMessage, VerifyOutcome } from './messages';

/** Where each stage of a verification starts and ends on the progress bar (percent). */
const STAGES: Record<string, [number, number]> = {
  download: [0, 10],
  parse: [10, 20],
  pool: [20, 40],
  keys: [40, 92],
  inspectors: [92, 96],
  compare: [96, 99],
  digest: [99, 100],
};

interface Running {
  stage: string;
  done: number;
  total: number;
}

function percentOf(p: Running): number {
  const [a, b] = STAGES[p.stage] ?? [0, 100];
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  return Math.round(a + (b - a) * frac);
}

/** The same-origin single-file verifier and its digest (served by Django). */
export const SCRIPT_URL = '/verify-draw.py';

function useScriptDigest(): string | null {
  const [digest, setDigest] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    fetch(`${SCRIPT_URL}.sha256`)
      .then((r) => (r.ok ? r.text() : ''))
      .then((text) => {
        const hex = text.split(/\s+/)[0];
        if (live && /^[0-9a-f]{64}$/.test(hex)) setDigest(hex);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return digest;
}

/** Runs the verifier in a Web Worker; `run(url)` starts (or restarts) a verification. */
export function useBrowserVerifier() {
  const worker = useRef<Worker | null>(null);
  const [progress, setProgress] = useState<Running | null>(null);
  const [result, setResult] = useState<VerifyOutcome | null>(null);
  const [crash, setCrash] = useState<string | null>(null);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const run = useCallback(
    (url: string) => {
      stop();
      setResult(null);
      setCrash(null);
      setProgress({ stage: 'download', done: 0, total: 0 });
      const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
      worker.current = w;
      w.onmessage = (event: MessageEvent<VerifyMessage>) => {
        const m = event.data;
        if (m.type === 'progress') setProgress({ stage: m.stage, done: m.done, total: m.total });
        else {
          if (m.type === 'done') setResult(m.result);
          else setCrash(m.message);
          setProgress(null);
          stop();
        }
      };
      w.onerror = (event) => {
        setCrash(event.message || 'worker error');
        setProgress(null);
        stop();
      };
      w.postMessage({ url });
    },
    [stop],
  );
  return { run, progress, result, crash };
}

function Outcome({ t, result }: { t: VerifierT; result: VerifyOutcome }) {
  if (result.ok && result.summary) {
    const s = result.summary;
    return (
      <Alert
        type="success"
        showIcon
        data-testid="verify-pass"
        title={t('verifier.pass')}
        description={
          <>
            <div style={{ wordBreak: 'break-all' }}>
              {t('verifier.passDesc', { format: s.format, pool: s.poolSize, targets: s.targets, teams: s.teams, recusals: s.recusals, digest: s.resultDigest })}
            </div>
            <Typography.Text type="secondary">{t('verifier.anchor')}</Typography.Text>
          </>
        }
      />
    );
  }
  if (result.malformed)
    return <Alert type="error" showIcon data-testid="verify-error" title={t('verifier.error')} description={result.message} />;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="verify-fail"
      title={t('verifier.fail')}
      description={
        <Space orientation="vertical" size={2} style={{ wordBreak: 'break-all' }}>
          <span data-testid="verify-fail-path">{t('verifier.failAt', { path: result.path ?? '(record)' })}</span>
          {result.message !== null ? (
            <span>{t('verifier.cannot', { message: result.message })}</span>
          ) : (
            <>
              <span>{t('verifier.expected', { value: result.expected ?? '' })}</span>
              <span>{t('verifier.actual', { value: result.actual ?? '' })}</span>
            </>
          )}
          <Typography.Text code>{result.line}</Typography.Text>
        </Space>
      }
    />
  );
}

/**
 * The public draw page's verification box: re-derive the record in this browser (Web Worker,
 * PASS or the first difference, with progress), or download the single-file `verify-draw.py`
 * (its SHA-256 shown) with the two lines to run it.
 */
export function VerifyInBrowser({ recordUrl, reference }: { recordUrl: string | null; reference: string }) {
  const t = useVerifierT();
  const { run, progress, result, crash } = useBrowserVerifier();
  const digest = useScriptDigest();
  const file = `${reference}.json`;
  const stageKey = progress ? (`verifier.stage.${progress.stage}` as VerifierKey) : null;

  return (
    <Card size="small" title={<><SafetyCertificateOutlined /> {t('verifier.title')}</>} data-testid="verify-in-browser">
      <Typography.Paragraph type="secondary">{t('verifier.intro')}</Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>{t('verifier.browser')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('verifier.browserHint')}
          </Typography.Paragraph>
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            disabled={!recordUrl}
            loading={progress !== null}
            onClick={() => recordUrl && run(recordUrl)}
            data-testid="verify-run"
          >
            {result || crash ? t('verifier.again') : t('verifier.run')}
          </Button>
          {!recordUrl && <Typography.Text type="secondary"> {t('verifier.noRecord')}</Typography.Text>}
          {progress && (
            <div data-testid="verify-progress" style={{ marginTop: 8 }}>
              <Progress percent={percentOf(progress)} size="small" />
              <Typography.Text type="secondary">
                {stageKey && t(stageKey, { done: progress.done.toLocaleString(), total: progress.total.toLocaleString() })}
              </Typography.Text>
            </div>
          )}
          {result && (
            <div style={{ marginTop: 8 }}>
              <Outcome t={t} result={result} />
            </div>
          )}
          {crash && <Alert style={{ marginTop: 8 }} type="error" showIcon title={t('verifier.crash', { message: crash })} />}
        </div>
        <div>
          <Typography.Text strong>{t('verifier.download')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('verifier.downloadHint')}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            <Typography.Text code copyable>
              sha256sum verify-draw.py
            </Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            <Typography.Text code copyable>{`python3 verify-draw.py ${file}`}</Typography.Text>
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('verifier.passOut')}
          </Typography.Paragraph>
          <Space wrap align="center">
            <Button icon={<DownloadOutlined />} href={SCRIPT_URL} download="verify-draw.py" data-testid="verify-script-download">
              {t('verifier.downloadScript')}
            </Button>
            <Typography.Text type="secondary">{t('verifier.sha256')}：</Typography.Text>
            <Typography.Text code copyable={!!digest} style={{ wordBreak: 'break-all' }} data-testid="verify-script-sha256">
              {digest ?? '…'}
            </Typography.Text>
          </Space>
        </div>
      </Space>
    </Card>
  );
}
