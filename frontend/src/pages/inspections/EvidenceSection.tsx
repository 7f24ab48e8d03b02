import { CameraOutlined, FilePdfOutlined, PaperClipOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { useMutation } from '@apollo/client/react';
import { Alert, App, AutoComplete, Button, Card, List, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { orgScope } from '../../apollo';
import type { OnSiteRecordFieldsFragment } from '../../gql/graphql';
import { EvidenceRemoveMutation } from '../../graphql/inspections';
import { useOrg } from '../../orgContext';
import {
  dropEvidence,
  flushEvidence,
  queueEvidence,
  queuedEvidence,
  sha256Hex,
  type QueuedEvidence,
} from './evidenceOutbox';
import { fmtDateTime } from './format';
import { useInspT } from './i18n';

type ServerEvidence = OnSiteRecordFieldsFragment['evidence'][number];

/** 证据来源 (the record's notices): the usual ones, or typed. */
const SOURCES = ['officer', 'bodycam', 'party', 'documents', 'lab'] as const;
const PICKERS = [
  { key: 'photo', label: 'ev.pick.photo', accept: 'image/*', capture: true, icon: <CameraOutlined /> },
  { key: 'video', label: 'ev.pick.video', accept: 'video/*', capture: true, icon: <VideoCameraOutlined /> },
  { key: 'file', label: 'ev.pick.file', accept: 'image/jpeg,image/png,image/heic,video/mp4,video/quicktime,application/pdf', capture: false, icon: <PaperClipOutlined /> },
] as const;

interface Position {
  latitude: number;
  longitude: number;
  accuracy: number;
}

/** The device's position where it gives one (asked once per file, never required). */
function currentPosition(timeoutMs = 6000): Promise<Position | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    const timer = window.setTimeout(() => resolve(null), timeoutMs + 500);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        window.clearTimeout(timer);
        resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy });
      },
      () => {
        window.clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

function sizeText(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

function KindIcon({ kind }: { kind: string }) {
  if (kind === 'VIDEO' || kind.startsWith('video')) return <VideoCameraOutlined style={{ fontSize: 28 }} />;
  if (kind === 'DOCUMENT' || kind === 'application/pdf') return <FilePdfOutlined style={{ fontSize: 28 }} />;
  return <CameraOutlined style={{ fontSize: 28 }} />;
}

/**
 * The record's evidence on the phone: take a photo or video with the camera, or pick a file;
 * say where it comes from (证据来源); the time and, where the device gives it, the position are
 * kept with it. Files are queued on the device first and sent when the draft is on the server
 * and the network is there; the server stores each by its SHA-256 (sent twice, kept once).
 */
export function EvidenceSection({
  record,
  clientId,
  online,
  ensureSaved,
  onChanged,
  editable,
}: {
  record: OnSiteRecordFieldsFragment | null;
  clientId: string;
  online: boolean;
  ensureSaved: () => Promise<boolean>;
  onChanged: () => void;
  editable: boolean;
}) {
  const { code } = useOrg();
  const { t } = useInspT();
  const { message } = App.useApp();
  const [source, setSource] = useState<string>(() => t(`ev.source.${SOURCES[0]}`));
  const [queue, setQueue] = useState<QueuedEvidence[]>([]);
  const [busy, setBusy] = useState(false);
  const [sourceError, setSourceError] = useState(false);
  const inputs = useRef<Record<string, HTMLInputElement | null>>({});
  const [remove] = useMutation(EvidenceRemoveMutation, { context: orgScope(code) });
  const evidence = record && record.clientId === clientId ? record.evidence : [];

  const reload = useCallback(async () => {
    try {
      setQueue(await queuedEvidence(code, clientId));
    } catch {
      setQueue([]);
    }
  }, [code, clientId]);

  const send = useCallback(async () => {
    if (!navigator.onLine) return;
    const before = await queuedEvidence(code, clientId).catch(() => []);
    if (before.length === 0) return;
    const received = await flushEvidence(code);
    await reload();
    if (received > 0) onChanged();
  }, [code, clientId, reload, onChanged]);

  // The queue also empties when the page's own outbox sends it (after the drafts).
  useEffect(() => {
    void reload();
  }, [reload, evidence.length]);
  useEffect(() => {
    if (online) void send();
  }, [online, send]);

  const onPicked = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (!files.length) return;
    if (!source.trim()) {
      setSourceError(true);
      message.error(t('ev.needSource'));
      return;
    }
    setBusy(true);
    try {
      const position = await currentPosition();
      for (const file of files) {
        await queueEvidence({
          org: code,
          inspectionId: record?.id ?? '',
          clientId,
          file,
          name: file.name,
          source: source.trim(),
          takenAt: new Date(file.lastModified || Date.now()).toISOString(),
          latitude: position?.latitude ?? null,
          longitude: position?.longitude ?? null,
          accuracy: position?.accuracy ?? null,
          sha256: await sha256Hex(file),
        });
      }
      await reload();
      if (!navigator.onLine) {
        message.info(t('ev.offlineKept'));
        return;
      }
      if (await ensureSaved()) await send();
    } finally {
      setBusy(false);
    }
  };

  const onRemove = async (id: string) => {
    const result = await remove({ variables: { id } });
    const errs = result.data?.evidenceRemove?.errors ?? [];
    if (errs.length) message.error(errs[0].message);
    else onChanged();
  };

  return (
    <Card title={t('ev.title')} size="small" data-testid="record-evidence">
      <Space direction="vertical" style={{ width: '100%' }}>
        {editable && (
          <>
            <label>
              {t('ev.source')}
              <AutoComplete
                size="large"
                style={{ width: '100%' }}
                value={source}
                options={SOURCES.map((s) => ({ value: t(`ev.source.${s}`) }))}
                onChange={(value: string) => {
                  setSource(value);
                  setSourceError(false);
                }}
                status={sourceError ? 'error' : undefined}
                data-testid="evidence-source"
              />
            </label>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8 }}>
              {PICKERS.map((p) => (
                <Button
                  key={p.key}
                  size="large"
                  icon={p.icon}
                  loading={busy && p.key === 'photo'}
                  onClick={() => inputs.current[p.key]?.click()}
                  style={{ height: 56 }}
                  data-testid={`evidence-pick-${p.key}`}
                >
                  {t(p.label)}
                </Button>
              ))}
            </div>
            {PICKERS.map((p) => (
              <input
                key={p.key}
                ref={(el) => {
                  inputs.current[p.key] = el;
                }}
                type="file"
                accept={p.accept}
                {...(p.capture ? { capture: 'environment' as const } : {})}
                multiple={!p.capture}
                style={{ display: 'none' }}
                onChange={(e) => void onPicked(e)}
                data-testid={`evidence-file-${p.key}`}
              />
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('ev.formats')}
            </Typography.Text>
          </>
        )}
        {queue.map((q) => (
          <Alert
            key={q.key}
            type={q.error ? 'error' : 'info'}
            showIcon
            data-testid="evidence-queued"
            title={
              <Space wrap>
                <span>{q.name || t('ev.untitledFile')}</span>
                <Tag>{sizeText(q.file.size)}</Tag>
                {!q.error && <Tag color="orange">{online ? t('ev.uploading') : t('ev.waitingOffline')}</Tag>}
              </Space>
            }
            description={q.error ? q.error.message : t('ev.sourceOf', { source: q.source })}
            action={
              q.error ? (
                <Button size="small" onClick={() => void dropEvidence(q.key).then(reload)}>
                  {t('ev.remove')}
                </Button>
              ) : undefined
            }
          />
        ))}
        {evidence.length > 0 ? (
          <List
            dataSource={evidence}
            data-testid="evidence-list"
            renderItem={(e: ServerEvidence) => (
              <List.Item
                data-testid="evidence-item"
                actions={
                  editable
                    ? [
                        <Button key="rm" type="link" danger onClick={() => void onRemove(e.id)}>
                          {t('ev.remove')}
                        </Button>,
                      ]
                    : undefined
                }
              >
                <List.Item.Meta
                  avatar={
                    e.kind === 'PHOTO' && !e.contentType.includes('heic') ? (
                      <a href={e.url} target="_blank" rel="noreferrer">
                        <img src={e.url} alt={e.source} style={{ width: 64, height: 64, objectFit: 'cover', borderRadius: 6 }} />
                      </a>
                    ) : (
                      <a href={e.url} target="_blank" rel="noreferrer">
                        <KindIcon kind={e.kind} />
                      </a>
                    )
                  }
                  title={
                    <Space wrap size={4}>
                      <a href={e.url} target="_blank" rel="noreferrer">
                        {e.originalName || t('ev.untitled')}
                      </a>
                      <Tag>{sizeText(e.size)}</Tag>
                    </Space>
                  }
                  description={
                    <Space direction="vertical" size={0} style={{ fontSize: 13 }}>
                      <span>{t('ev.sourceOf', { source: e.source })}</span>
                      {e.takenAt && <span>{t('ev.takenAt', { at: fmtDateTime(e.takenAt) })}</span>}
                      {e.latitude !== null && e.longitude !== null && (
                        <span>
                          {t('ev.location', { lat: e.latitude.toFixed(5), lng: e.longitude.toFixed(5) })}
                          {e.gpsAccuracy ? t('ev.accuracy', { m: Math.round(e.gpsAccuracy) }) : ''}
                        </span>
                      )}
                      <Typography.Text type="secondary" copyable={{ text: e.sha256 }} style={{ fontSize: 12 }}>
                        SHA-256 {e.sha256.slice(0, 16)}…
                      </Typography.Text>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          queue.length === 0 && <Typography.Text type="secondary">{t('ev.none')}</Typography.Text>
        )}
      </Space>
    </Card>
  );
}
