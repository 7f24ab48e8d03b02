/**
 * The on-site record's draft kept on the device (localStorage), so a lost connection loses
 * nothing: every edit is stored at once with a growing `revision`; drafts not yet received by
 * the server are sent again when the network is back. The server keys a draft by its
 * `clientId` and ignores a revision it already has, so a re-sent draft gives one record.
 */

export interface DraftOfficer {
  name: string;
  certificateNo: string;
}
export interface DraftAnswer {
  itemCode: string;
  point: string;
  answer: string;
  note: string;
}
export interface DraftFinding {
  description: string;
  itemCode: string;
  handling: string;
  /** 当场责令改正: the correction deadline (YYYY-MM-DD). */
  deadline?: string;
  /** 抄告移送 / 移送公安司法机关: the receiving department or authority. */
  receivingBody?: string;
}
export interface DraftValues {
  startedAt: string | null;
  endedAt: string | null;
  place: string;
  officers: DraftOfficer[];
  notices: Record<string, boolean>;
  checklist: DraftAnswer[];
  findings: DraftFinding[];
  partyPresent: string;
  signaturePng: string;
  signedName: string;
  refused: boolean;
  refusalReason: string;
  recordingLink: string;
}
export interface RecordDraft {
  inspectionId: string;
  clientId: string;
  revision: number;
  /** The highest revision the server has confirmed receiving. */
  sentRevision: number;
  values: DraftValues;
  updatedAt: string;
}

export type SendOutcome = 'received' | 'retry' | 'rejected';

function key(org: string): string {
  return `suiji.recordDrafts.${org}`;
}

function readAll(org: string): Record<string, RecordDraft> {
  try {
    const raw = window.localStorage.getItem(key(org));
    return raw ? (JSON.parse(raw) as Record<string, RecordDraft>) : {};
  } catch {
    return {};
  }
}

function writeAll(org: string, drafts: Record<string, RecordDraft>): void {
  window.localStorage.setItem(key(org), JSON.stringify(drafts));
}

export function newClientId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function loadDraft(org: string, inspectionId: string): RecordDraft | null {
  return readAll(org)[inspectionId] ?? null;
}

/** Store an edit: the revision grows by one, so the server can tell new from re-sent. */
export function storeDraft(
  org: string,
  inspectionId: string,
  clientId: string,
  values: DraftValues,
  baseRevision = 0,
): RecordDraft {
  const drafts = readAll(org);
  const previous = drafts[inspectionId];
  const sameDraft = previous && previous.clientId === clientId;
  const draft: RecordDraft = {
    inspectionId,
    clientId,
    revision: Math.max(sameDraft ? previous.revision : 0, baseRevision) + 1,
    sentRevision: sameDraft ? previous.sentRevision : baseRevision,
    values,
    updatedAt: new Date().toISOString(),
  };
  drafts[inspectionId] = draft;
  writeAll(org, drafts);
  return draft;
}

export function markSent(org: string, inspectionId: string, clientId: string, revision: number): void {
  const drafts = readAll(org);
  const draft = drafts[inspectionId];
  if (!draft || draft.clientId !== clientId) return;
  draft.sentRevision = Math.max(draft.sentRevision, revision);
  writeAll(org, drafts);
}

export function removeDraft(org: string, inspectionId: string): void {
  const drafts = readAll(org);
  delete drafts[inspectionId];
  writeAll(org, drafts);
}

export function pendingDrafts(org: string): RecordDraft[] {
  return Object.values(readAll(org)).filter((d) => d.revision > d.sentRevision);
}

/** Send every draft the server has not received; returns how many it received now. */
export async function flushDrafts(org: string, send: (draft: RecordDraft) => Promise<SendOutcome>): Promise<number> {
  let received = 0;
  for (const draft of pendingDrafts(org)) {
    const outcome = await send(draft);
    if (outcome === 'received') {
      markSent(org, draft.inspectionId, draft.clientId, draft.revision);
      received += 1;
    }
  }
  return received;
}
