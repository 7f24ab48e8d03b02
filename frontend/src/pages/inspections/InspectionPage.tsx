import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Input,
  Popconfirm,
  Radio,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { orgPath } from '../../access';
import { orgScope } from '../../apollo';
import type { InspectionQuery as InspectionQueryResult, OnSiteRecordFieldsFragment } from '../../gql/graphql';
import {
  InspectionQuery,
  OnSiteRecordConfirmMutation,
  OnSiteRecordSaveMutation,
} from '../../graphql/inspections';
import { usePunct } from '../../i18n';
import { useOrg } from '../../orgContext';
import { fmtDate, fmtDateTime, InspectionStatusTag } from './format';
import { useInspT, type InspT } from './i18n';
import {
  flushDrafts,
  loadDraft,
  markSent,
  newClientId,
  removeDraft,
  storeDraft,
  type DraftValues,
  type RecordDraft,
  type SendOutcome,
} from './outbox';
import { EvidenceSection } from './EvidenceSection';
import { flushEvidence } from './evidenceOutbox';
import { ReportSection } from './ReportSection';
import { SignatureBox } from './SignatureBox';

/** The R11 notices of the record (the input type's fields; `__typename` must not be sent). */
const NOTICE_KEYS = ['certificatesShown', 'basisTold', 'contentTold', 'periodTold', 'requirementsTold', 'namesTold'] as const;

type Inspection = NonNullable<InspectionQueryResult['inspection']>;
type Choices = InspectionQueryResult['inspectionChoices'];
interface FieldErr {
  field?: string | null;
  code: string;
  message: string;
}

/** /o/:code/inspections/:id — one inspection: the on-site record, then the report. */
export function InspectionPage() {
  const { t } = useInspT();
  const p = usePunct();
  const { code } = useOrg();
  const { inspectionId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(InspectionQuery, {
    variables: { id: inspectionId },
    context: orgScope(code),
    fetchPolicy: 'cache-and-network',
  });
  const inspection = data?.inspection;

  if (loading && !data) return <Spin />;
  if (error && !data) return <Alert type="error" showIcon title={t('insp.loadFailed')} description={error.message} />;
  if (!inspection || !data) return <Empty description={t('insp.empty')} />;
  const record = inspection.record;
  const confirmed = record?.status === 'CONFIRMED';

  return (
    <div data-testid="inspection-page" className="suiji-inspections" style={{ maxWidth: 720 }}>
      <Link to={orgPath(code, 'inspections')}>← {t('insp.back')}</Link>
      <Card style={{ marginTop: 8 }} data-testid="inspection-head">
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {inspection.targetName}
            </Typography.Title>
            <InspectionStatusTag status={inspection.status} t={t} />
          </Space>
          <Typography.Text type="secondary">
            {inspection.targetCode} · {inspection.reference}
          </Typography.Text>
          {inspection.targetAddress && <Typography.Text>{inspection.targetAddress}</Typography.Text>}
          <Typography.Text type="secondary">
            {t('insp.window')}{p.colon}{fmtDate(inspection.windowStart)}{p.to}{fmtDate(inspection.windowEnd)}
          </Typography.Text>
        </Space>
        {inspection.mergedIntoReference && (
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="inspection-merged-into"
            title={t('insp.mergedInto', { reference: inspection.mergedIntoReference })}
          />
        )}
        {inspection.combinedVisit && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="inspection-combined"
            title={t('insp.combined', {
              start: fmtDate(inspection.combinedVisit.startsOn),
              end: fmtDate(inspection.combinedVisit.endsOn),
            })}
            description={
              <>
                {inspection.combinedVisit.others.map((o) => (
                  <div key={o.organisationCode + o.items.join()}>
                    {t('insp.combinedWith', { org: o.organisationName, departments: o.departments.join(p.sep), items: o.items.join(p.sep) })}
                  </div>
                ))}
                <div>{t('insp.combinedItems', { items: inspection.combinedVisit.items.join(p.sep) })}</div>
              </>
            }
          />
        )}
      </Card>
      {confirmed && record ? (
        <RecordView record={record} inspection={inspection} choices={data.inspectionChoices} t={t} />
      ) : inspection.canEdit ? (
        <RecordForm
          key={record?.clientId ?? 'new'}
          inspection={inspection}
          choices={data.inspectionChoices}
          t={t}
          onConfirmed={() => void refetch()}
        />
      ) : record ? (
        <RecordView record={record} inspection={inspection} choices={data.inspectionChoices} t={t} />
      ) : (
        <Empty description={t('rep.needRecord')} />
      )}
      {confirmed && <ReportSection inspection={inspection} choices={data.inspectionChoices} onChange={() => void refetch()} />}
    </div>
  );
}

function emptyValues(inspection: Inspection): DraftValues {
  return {
    startedAt: dayjs().format('YYYY-MM-DDTHH:mm'),
    endedAt: null,
    place: inspection.targetAddress,
    officers: inspection.members
      .filter((m) => m.role === 'officer')
      .map((m) => ({ name: m.name, certificateNo: m.certificateNo })),
    notices: {},
    checklist: inspection.items.flatMap((it) =>
      it.points.map((point) => ({ itemCode: it.code, point, answer: '', note: '' })),
    ),
    findings: [],
    partyPresent: '',
    signaturePng: '',
    signedName: '',
    refused: false,
    refusalReason: '',
    recordingLink: '',
  };
}

function localInput(value: unknown): string | null {
  if (!value || typeof value !== 'string') return null;
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DDTHH:mm') : null;
}

function fromServer(record: OnSiteRecordFieldsFragment): DraftValues {
  return {
    startedAt: localInput(record.startedAt),
    endedAt: localInput(record.endedAt),
    place: record.place,
    officers: record.officers.map((o) => ({ name: o.name, certificateNo: o.certificateNo })),
    notices: Object.fromEntries(NOTICE_KEYS.map((k) => [k, Boolean(record.notices[k])])),
    checklist: record.checklist.map((c) => ({ itemCode: c.itemCode, point: c.point, answer: c.answer, note: c.note })),
    findings: record.findings.map((f) => ({
      description: f.description,
      itemCode: f.itemCode,
      handling: f.handling,
      deadline: typeof f.deadline === 'string' ? f.deadline : '',
      receivingBody: f.receivingBody,
    })),
    partyPresent: record.partyPresent,
    signaturePng: record.signaturePng,
    signedName: record.signedName,
    refused: record.refused,
    refusalReason: record.refusalReason,
    recordingLink: record.recordingLink,
  };
}

/** Which draft to continue: the device's when it is newer, else the server's, else a new one. */
function initialDraft(org: string, inspection: Inspection): RecordDraft {
  const server = inspection.record?.status === 'DRAFT' ? inspection.record : null;
  const local = loadDraft(org, inspection.id);
  if (local && (!server || local.clientId === server.clientId) && local.revision > (server?.revision ?? 0)) {
    return local;
  }
  if (server) {
    return {
      inspectionId: inspection.id,
      clientId: server.clientId,
      revision: server.revision,
      sentRevision: server.revision,
      values: fromServer(server),
      updatedAt: new Date().toISOString(),
    };
  }
  return {
    inspectionId: inspection.id,
    clientId: newClientId(),
    revision: 0,
    sentRevision: 0,
    values: emptyValues(inspection),
    updatedAt: new Date().toISOString(),
  };
}

function toInput(draft: RecordDraft) {
  const v = draft.values;
  const iso = (s: string | null) => (s ? dayjs(s).format() : null);
  return {
    inspectionId: draft.inspectionId,
    clientId: draft.clientId,
    revision: draft.revision,
    startedAt: iso(v.startedAt),
    endedAt: iso(v.endedAt),
    place: v.place,
    officers: v.officers,
    notices: Object.fromEntries(NOTICE_KEYS.map((k) => [k, Boolean(v.notices[k])])),
    checklist: v.checklist.map((c) => ({ itemCode: c.itemCode, point: c.point, answer: c.answer, note: c.note })),
    findings: v.findings.map((f) => ({
      description: f.description,
      itemCode: f.itemCode,
      handling: f.handling,
      deadline: f.handling === 'on_spot' && f.deadline ? f.deadline : null,
      receivingBody: f.handling === 'referred' || f.handling === 'police' ? (f.receivingBody ?? '') : '',
    })),
    partyPresent: v.partyPresent,
    signaturePng: v.signaturePng,
    signedName: v.signedName,
    refused: v.refused,
    refusalReason: v.refusalReason,
    recordingLink: v.recordingLink,
  };
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function RecordForm({
  inspection,
  choices,
  t,
  onConfirmed,
}: {
  inspection: Inspection;
  choices: Choices;
  t: InspT;
  onConfirmed: () => void;
}) {
  const { code } = useOrg();
  const p = usePunct();
  const { message } = App.useApp();
  const online = useOnline();
  const [draft, setDraft] = useState<RecordDraft>(() => initialDraft(code, inspection));
  const [errors, setErrors] = useState<FieldErr[]>([]);
  const [busy, setBusy] = useState(false);
  const lastRecordId = useRef<string | null>(inspection.record?.status === 'DRAFT' ? inspection.record.id : null);
  const [save] = useMutation(OnSiteRecordSaveMutation, { context: orgScope(code) });
  const [confirm] = useMutation(OnSiteRecordConfirmMutation, { context: orgScope(code) });
  const v = draft.values;
  const serverBase = inspection.record?.clientId === draft.clientId ? inspection.record.revision : 0;

  const update = (patch: Partial<DraftValues>) => {
    setDraft((d) => storeDraft(code, inspection.id, d.clientId, { ...d.values, ...patch }, serverBase));
  };

  const send = useCallback(
    async (d: RecordDraft): Promise<SendOutcome> => {
      try {
        const result = await save({ variables: { input: toInput(d) } });
        const payload = result.data?.onSiteRecordSave;
        if (payload?.record?.id && d.inspectionId === inspection.id) lastRecordId.current = payload.record.id;
        const errs = (payload?.errors ?? []).filter((e) => e.code !== 'already_received');
        if (errs.length) {
          if (d.inspectionId === inspection.id) setErrors(errs);
          return 'rejected';
        }
        return 'received';
      } catch {
        return 'retry';
      }
    },
    [save, inspection.id],
  );

  const flush = useCallback(async () => {
    const received = await flushDrafts(code, send);
    // Evidence after the drafts: an upload names a draft the server must already have.
    if ((await flushEvidence(code).catch(() => 0)) > 0) onConfirmed();
    const mine = loadDraft(code, inspection.id);
    if (mine && mine.clientId === draft.clientId) setDraft(mine);
    return received;
  }, [code, send, inspection.id, draft.clientId, onConfirmed]);

  // Back online (or on opening the page): send what the device still holds.
  useEffect(() => {
    if (online) void flush();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [online]);

  const saveNow = async (): Promise<boolean> => {
    setErrors([]);
    const current = draft.revision > 0 ? draft : storeDraft(code, inspection.id, draft.clientId, draft.values, serverBase);
    setDraft(current);
    if (!navigator.onLine) {
      message.info(t('rec.savedOffline'));
      return false;
    }
    const outcome = await send(current);
    if (outcome === 'received') {
      markSent(code, inspection.id, current.clientId, current.revision);
      setDraft(loadDraft(code, inspection.id) ?? { ...current, sentRevision: current.revision });
      return true;
    }
    if (outcome === 'retry') message.info(t('rec.savedOffline'));
    else message.error(t('rec.errors'));
    return false;
  };

  const onSave = async () => {
    setBusy(true);
    try {
      if (await saveNow()) message.success(t('rec.saved'));
    } finally {
      setBusy(false);
    }
  };

  const onConfirm = async () => {
    setBusy(true);
    try {
      if (!(await saveNow())) return;
      const recordId = lastRecordId.current;
      if (!recordId) return;
      const result = await confirm({ variables: { id: recordId } });
      const errs = result.data?.onSiteRecordConfirm?.errors ?? [];
      if (errs.length) {
        setErrors(errs);
        message.error(t('rec.errors'));
        return;
      }
      removeDraft(code, inspection.id);
      message.success(t('rec.confirmedDone'));
      onConfirmed();
    } catch (e) {
      message.error(`${t('common.failed')}${p.colon}${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const pointsByItem = useMemo(
    () => inspection.items.map((it) => ({ it, rows: v.checklist.map((c, i) => ({ c, i })).filter(({ c }) => c.itemCode === it.code) })),
    [inspection.items, v.checklist],
  );
  const errorFor = (prefix: string) => errors.find((e) => e.field === prefix || e.field?.startsWith(`${prefix}.`));

  return (
    <div data-testid="record-form">
      <Typography.Title level={4} style={{ marginTop: 16 }}>
        {t('rec.title')}
      </Typography.Title>
      {!online && <Alert type="warning" showIcon title={t('rec.offline')} data-testid="record-offline" style={{ marginBottom: 12 }} />}
      {draft.revision > 0 && (
        <Typography.Paragraph type="secondary" data-testid="record-draft-state">
          {t('rec.draftLocal', { n: draft.revision })} ·{' '}
          {draft.revision > draft.sentRevision ? t('rec.draftPending') : t('rec.draftSent')}
        </Typography.Paragraph>
      )}
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="record-errors"
          style={{ marginBottom: 12 }}
          title={t('rec.errors')}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {errors.map((e) => (
                <li key={`${e.field}-${e.code}`}>{e.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Card title={t('rec.sec.basic')} size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <label>
              {t('rec.startedAt')}
              <Input
                type="datetime-local"
                size="large"
                value={v.startedAt ?? ''}
                onChange={(e) => update({ startedAt: e.target.value || null })}
                data-testid="record-started-at"
                status={errorFor('startedAt') ? 'error' : undefined}
              />
            </label>
            <label>
              {t('rec.endedAt')}
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  type="datetime-local"
                  size="large"
                  value={v.endedAt ?? ''}
                  onChange={(e) => update({ endedAt: e.target.value || null })}
                  data-testid="record-ended-at"
                  status={errorFor('endedAt') ? 'error' : undefined}
                />
                <Button size="large" onClick={() => update({ endedAt: dayjs().format('YYYY-MM-DDTHH:mm') })} data-testid="record-ended-now">
                  {t('rec.now')}
                </Button>
              </Space.Compact>
            </label>
            <label>
              {t('rec.place')}
              <Input size="large" value={v.place} onChange={(e) => update({ place: e.target.value })} data-testid="record-place" />
            </label>
          </Space>
        </Card>

        <Card title={t('rec.sec.officers')} size="small" data-testid="record-officers">
          <Space direction="vertical" style={{ width: '100%' }}>
            {v.officers.map((o, i) => (
              <Space.Compact key={i} style={{ width: '100%' }}>
                <Input
                  size="large"
                  placeholder={t('rec.officerName')}
                  value={o.name}
                  onChange={(e) => update({ officers: v.officers.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
                />
                <Input
                  size="large"
                  placeholder={t('rec.certificateNo')}
                  value={o.certificateNo}
                  onChange={(e) =>
                    update({ officers: v.officers.map((x, j) => (j === i ? { ...x, certificateNo: e.target.value } : x)) })
                  }
                  status={errorFor(`officers.${i}`) ? 'error' : undefined}
                />
                <Button size="large" onClick={() => update({ officers: v.officers.filter((_, j) => j !== i) })} data-testid={`officer-remove-${i}`}>
                  {t('rec.remove')}
                </Button>
              </Space.Compact>
            ))}
            <Button onClick={() => update({ officers: [...v.officers, { name: '', certificateNo: '' }] })}>{t('rec.addOfficer')}</Button>
          </Space>
        </Card>

        <Card title={t('rec.sec.notices')} size="small" data-testid="record-notices">
          <Space direction="vertical">
            {choices.notices.map((n) => (
              <Checkbox
                key={n.value}
                checked={Boolean(v.notices[n.value])}
                onChange={(e) => update({ notices: { ...v.notices, [n.value]: e.target.checked } })}
                style={{ fontSize: 16, padding: '4px 0' }}
              >
                {n.label}
              </Checkbox>
            ))}
          </Space>
        </Card>

        <Card title={t('rec.sec.checklist')} size="small" data-testid="record-checklist">
          <Space direction="vertical" size={12} style={{ width: '100%' }}>
            {pointsByItem.map(({ it, rows }) => (
              <div key={it.code}>
                <Typography.Text strong>
                  {it.name}{p.paren(it.code)}
                </Typography.Text>
                {rows.map(({ c, i }) => (
                  <div key={i} data-testid="checklist-point" style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}>
                    <Typography.Paragraph style={{ marginBottom: 6 }}>{c.point}</Typography.Paragraph>
                    <Radio.Group
                      optionType="button"
                      buttonStyle="solid"
                      size="large"
                      value={c.answer || undefined}
                      options={choices.answers.map((a) => ({ value: a.value, label: a.label }))}
                      onChange={(e) =>
                        update({ checklist: v.checklist.map((x, j) => (j === i ? { ...x, answer: String(e.target.value) } : x)) })
                      }
                    />
                    {c.answer === 'nonconform' && (
                      <Input
                        style={{ marginTop: 6 }}
                        placeholder={t('rec.note')}
                        value={c.note}
                        onChange={(e) => update({ checklist: v.checklist.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)) })}
                      />
                    )}
                  </div>
                ))}
              </div>
            ))}
          </Space>
        </Card>

        <Card title={t('rec.sec.findings')} size="small" data-testid="record-findings">
          <Space direction="vertical" style={{ width: '100%' }}>
            {v.findings.length === 0 && <Typography.Text type="secondary">{t('rec.noFindings')}</Typography.Text>}
            {v.findings.map((f, i) => (
              <Space key={i} direction="vertical" style={{ width: '100%' }}>
                <Input.TextArea
                  autoSize={{ minRows: 2 }}
                  placeholder={t('rec.findingDesc')}
                  value={f.description}
                  onChange={(e) => update({ findings: v.findings.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)) })}
                  data-testid={`finding-${i}`}
                />
                <Space.Compact style={{ width: '100%' }}>
                  <Select
                    size="large"
                    style={{ flex: 1 }}
                    placeholder={t('rec.handling')}
                    allowClear
                    value={f.handling || undefined}
                    options={choices.handlings.map((h) => ({ value: h.value, label: h.label }))}
                    onChange={(value?: string) =>
                      update({ findings: v.findings.map((x, j) => (j === i ? { ...x, handling: value ?? '' } : x)) })
                    }
                  />
                  <Button size="large" onClick={() => update({ findings: v.findings.filter((_, j) => j !== i) })}>
                    {t('rec.remove')}
                  </Button>
                </Space.Compact>
                {f.handling === 'on_spot' && (
                  <label>
                    {t('rec.deadline')}
                    <Input
                      type="date"
                      size="large"
                      value={f.deadline ?? ''}
                      onChange={(e) => update({ findings: v.findings.map((x, j) => (j === i ? { ...x, deadline: e.target.value } : x)) })}
                      status={errorFor(`findings.${i}.deadline`) ? 'error' : undefined}
                      data-testid={`finding-deadline-${i}`}
                    />
                  </label>
                )}
                {(f.handling === 'referred' || f.handling === 'police') && (
                  <Input
                    size="large"
                    placeholder={f.handling === 'police' ? t('ref.receiver.police') : t('ref.receiver.department')}
                    value={f.receivingBody ?? ''}
                    onChange={(e) => update({ findings: v.findings.map((x, j) => (j === i ? { ...x, receivingBody: e.target.value } : x)) })}
                    data-testid={`finding-receiving-${i}`}
                  />
                )}
              </Space>
            ))}
            <Button
              onClick={() => update({ findings: [...v.findings, { description: '', itemCode: '', handling: '', deadline: '', receivingBody: '' }] })}
              data-testid="finding-add"
            >
              {t('rec.addFinding')}
            </Button>
          </Space>
        </Card>

        <EvidenceSection
          record={inspection.record ?? null}
          clientId={draft.clientId}
          online={online}
          ensureSaved={saveNow}
          onChanged={onConfirmed}
          editable
        />

        <Card title={t('rec.sec.party')} size="small" data-testid="record-party">
          <Space direction="vertical" style={{ width: '100%' }}>
            <label>
              {t('rec.partyPresent')}
              <Input size="large" value={v.partyPresent} onChange={(e) => update({ partyPresent: e.target.value })} data-testid="record-party-present" />
            </label>
            {!v.refused && (
              <>
                <SignatureBox
                  value={v.signaturePng}
                  onChange={(png) => update({ signaturePng: png })}
                  hint={t('rec.signHere')}
                  clearLabel={t('rec.clearSignature')}
                />
                <Input
                  size="large"
                  placeholder={t('rec.signedName')}
                  value={v.signedName}
                  onChange={(e) => update({ signedName: e.target.value })}
                  data-testid="record-signed-name"
                />
              </>
            )}
            <Checkbox checked={v.refused} onChange={(e) => update({ refused: e.target.checked })} data-testid="record-refused" style={{ fontSize: 16 }}>
              {t('rec.refused')}
            </Checkbox>
            {v.refused && (
              <Input.TextArea
                placeholder={t('rec.refusalReason')}
                value={v.refusalReason}
                onChange={(e) => update({ refusalReason: e.target.value })}
                data-testid="record-refusal-reason"
              />
            )}
            <label>
              {t('rec.recordingLink')}
              <Input size="large" value={v.recordingLink} onChange={(e) => update({ recordingLink: e.target.value })} data-testid="record-recording" />
            </label>
          </Space>
        </Card>

      </Space>
      <div className="suiji-sticky-actions">
          <Button size="large" onClick={() => void onSave()} loading={busy} data-testid="record-save" block>
            {t('rec.save')}
          </Button>
          <Popconfirm title={t('rec.confirmAsk')} onConfirm={() => void onConfirm()} okText={t('common.ok')} cancelText={t('common.cancel')}>
            <Button type="primary" size="large" loading={busy} data-testid="record-confirm" block>
              {t('rec.confirm')}
            </Button>
          </Popconfirm>
        </div>
    </div>
  );
}

function RecordView({
  record,
  inspection,
  choices,
  t,
}: {
  record: OnSiteRecordFieldsFragment;
  inspection: Inspection;
  choices: Choices;
  t: InspT;
}) {
  const p = usePunct();
  const answer = Object.fromEntries(choices.answers.map((a) => [a.value, a.label]));
  const handling = Object.fromEntries(choices.handlings.map((h) => [h.value, h.label]));
  return (
    <Card
      style={{ marginTop: 16 }}
      data-testid="record-view"
      title={
        <Space wrap>
          {t('rec.title')}
          <Tag>{t('rec.version', { n: record.version })}</Tag>
          {record.previousVersion ? <Tag>{t('rec.correctsVersion', { n: record.previousVersion })}</Tag> : null}
        </Space>
      }
    >
      {record.status === 'CONFIRMED' && (
        <Alert type="success" showIcon title={t('rec.confirmed', { at: fmtDateTime(record.confirmedAt as string) })} style={{ marginBottom: 12 }} data-testid="record-locked" />
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('rec.startedAt')}>{fmtDateTime(record.startedAt as string)}</Descriptions.Item>
        <Descriptions.Item label={t('rec.endedAt')}>{fmtDateTime(record.endedAt as string)}</Descriptions.Item>
        <Descriptions.Item label={t('rec.place')}>{record.place}</Descriptions.Item>
        <Descriptions.Item label={t('rec.sec.officers')}>
          {record.officers.map((o) => `${o.name}${p.paren(o.certificateNo)}`).join(p.sep)}
        </Descriptions.Item>
        <Descriptions.Item label={t('rec.sec.checklist')}>
          {record.checklist.map((c, i) => (
            <div key={i} style={{ marginBottom: 4 }}>
              {c.point}{p.colon}{answer[c.answer] ?? '—'}
              {c.note ? p.paren(c.note) : ''}
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('rec.sec.findings')}>
          {record.findings.length === 0
            ? '—'
            : record.findings.map((f, i) => (
                <div key={i}>
                  {i + 1}. {f.description}
                  {f.handling ? `${p.open}${handling[f.handling] ?? f.handling}` : ''}
                  {f.handling && typeof f.deadline === 'string' ? t('rec.deadlineOf', { date: f.deadline }) : ''}
                  {f.handling && f.receivingBody ? `${p.comma}${f.receivingBody}` : ''}
                  {f.handling ? p.close : ''}
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('rec.sec.party')}>
          {record.refused ? (
            `${t('rec.refused')}${p.colon}${record.refusalReason}`
          ) : (
            <Space direction="vertical">
              {record.signaturePng && <img src={record.signaturePng} alt="signature" style={{ maxWidth: 240, border: '1px solid #eee' }} />}
              {record.signedName}
            </Space>
          )}
        </Descriptions.Item>
        {record.recordingLink && <Descriptions.Item label={t('rec.recordingLink')}>{record.recordingLink}</Descriptions.Item>}
      </Descriptions>
      {record.evidence.length > 0 && (
        <div style={{ marginTop: 12 }}>
          <EvidenceSection
            record={record}
            clientId={record.clientId}
            online={false}
            ensureSaved={async () => false}
            onChanged={() => undefined}
            editable={false}
          />
        </div>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {inspection.reference}
      </Typography.Paragraph>
    </Card>
  );
}
