/**
 * Evidence files waiting on the device (IndexedDB: photos and videos are too large for
 * localStorage). A photo taken offline is kept here and sent when the network is back; the
 * server keys evidence by the record and the file's SHA-256, so a file sent twice gives one
 * row. The record's draft must reach the server first (the upload names its `clientId`).
 */
import { csrfToken } from '../../csrf';

export interface QueuedEvidence {
  key: string;
  org: string;
  inspectionId: string;
  clientId: string;
  file: Blob;
  name: string;
  source: string;
  takenAt: string;
  latitude: number | null;
  longitude: number | null;
  accuracy: number | null;
  sha256: string;
  /** The server refused it (a forbidden type, over the limit): kept to show the reason. */
  error?: { field: string | null; message: string };
}

export interface UploadedEvidence {
  id: number;
  sha256: string;
  contentType: string;
  kind: string;
  alreadyReceived: boolean;
}

export type UploadOutcome =
  | { kind: 'received'; evidence: UploadedEvidence }
  | { kind: 'retry' }
  | { kind: 'rejected'; field: string | null; message: string };

const DB = 'suiji-evidence';
const STORE = 'queue';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB'));
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = run(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('indexedDB'));
    });
  } finally {
    db.close();
  }
}

/** The file's SHA-256 as hex, or '' where the browser cannot compute it (not a secure context). */
export async function sha256Hex(file: Blob): Promise<string> {
  if (typeof crypto === 'undefined' || !crypto.subtle) return '';
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function queueEvidence(item: Omit<QueuedEvidence, 'key'>): Promise<QueuedEvidence> {
  const key = `${item.org}:${item.clientId}:${item.sha256 || `${Date.now()}-${Math.random()}`}`;
  const row = { ...item, key };
  await tx('readwrite', (store) => store.put(row));
  return row;
}

export async function queuedEvidence(org: string, clientId?: string): Promise<QueuedEvidence[]> {
  const all = await tx<QueuedEvidence[]>('readonly', (store) => store.getAll() as IDBRequest<QueuedEvidence[]>);
  return all.filter((e) => e.org === org && (!clientId || e.clientId === clientId));
}

export async function dropEvidence(key: string): Promise<void> {
  await tx('readwrite', (store) => store.delete(key));
}

async function markRejected(item: QueuedEvidence, field: string | null, message: string): Promise<void> {
  await tx('readwrite', (store) => store.put({ ...item, error: { field, message } }));
}

export async function uploadEvidence(item: QueuedEvidence, fetchImpl: typeof fetch = fetch): Promise<UploadOutcome> {
  const form = new FormData();
  form.append('file', item.file, item.name || 'evidence');
  form.append('clientId', item.clientId);
  form.append('source', item.source);
  if (item.takenAt) form.append('takenAt', item.takenAt);
  if (item.latitude !== null && item.longitude !== null) {
    form.append('latitude', String(item.latitude));
    form.append('longitude', String(item.longitude));
    if (item.accuracy !== null) form.append('accuracy', String(Math.round(item.accuracy)));
  }
  if (item.sha256) form.append('sha256', item.sha256);
  const headers: Record<string, string> = {};
  const token = csrfToken();
  if (token) headers['X-CSRFToken'] = token;
  let response: Response;
  try {
    response = await fetchImpl(`/o/${item.org}/evidence/`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  } catch {
    return { kind: 'retry' };
  }
  if (response.ok) return { kind: 'received', evidence: (await response.json()) as UploadedEvidence };
  if (response.status === 400 || response.status === 403) {
    const body = (await response.json().catch(() => ({}))) as { errors?: { field: string | null; message: string }[] };
    const first = body.errors?.[0];
    return { kind: 'rejected', field: first?.field ?? null, message: first?.message ?? `HTTP ${response.status}` };
  }
  // 404: the draft has not reached the server yet; 5xx, proxies: try again later.
  return { kind: 'retry' };
}

/** Send every queued file of the organisation; returns how many the server now has. */
export async function flushEvidence(org: string, fetchImpl: typeof fetch = fetch): Promise<number> {
  let received = 0;
  for (const item of await queuedEvidence(org)) {
    if (item.error) continue;
    const outcome = await uploadEvidence(item, fetchImpl);
    if (outcome.kind === 'received') {
      await dropEvidence(item.key);
      received += 1;
    } else if (outcome.kind === 'rejected') {
      await markRejected(item, outcome.field, outcome.message);
    }
  }
  return received;
}
