// Offline outbox. Every report is written to IndexedDB *before* the first upload attempt, with the
// Idempotency-Key generated when the citizen pressed "send". It leaves the outbox only in the same
// transaction that records the backend's acknowledgement, so a reload or crash at any point either
// keeps it (and it is re-sent with the same key: the backend answers with the same report) or finds it
// acknowledged. Flushes are serialised with the Web Locks API (shared by tabs and the service worker).
import { ApiError, NetworkError, isRetryable, readProblem, type FetchLike } from '@signalement/web-common/api';
import { OUTBOX, REPORTS, done, openDb, promisify } from './db';
import type { Problem } from '@signalement/web-common/api';
import type { Acknowledgement, ReportPayload } from './types';

export type OutboxKind = 'report' | 'support';

export interface OutboxItem {
  /** The Idempotency-Key (UUID v4), generated once when the citizen pressed send. */
  id: string;
  kind: OutboxKind;
  /** For "me too" (support) items. */
  alertId?: number;
  payload: ReportPayload;
  /** Processed JPEG bytes (ArrayBuffer: storable everywhere, unlike Blob on some engines). */
  photo?: ArrayBuffer | null;
  photoType?: string;
  createdAt: string;
  state: 'pending' | 'rejected';
  attempts: number;
  lastAttemptAt?: string;
  lastError?: string;
  /** Not sent again before this time: the backend said to wait (429 rate limit, 503 with Retry-After). */
  notBefore?: string;
  problem?: Problem;
  /** What "Mes signalements" shows while waiting. */
  summary: { categoryLabel: string; description?: string };
}

export interface StoredReport {
  trackingNumber: string;
  followToken: string;
  followUrl: string;
  receivedAt: string;
  categoryLabel: string;
  statusLabel: string;
  idempotencyKey?: string;
  ack: Acknowledgement;
  savedAt: string;
}

export type Outcome =
  | { state: 'sent'; ack: Acknowledgement }
  | { state: 'pending'; item: OutboxItem }
  | { state: 'rejected'; item: OutboxItem; problem: Problem }
  | { state: 'unknown' };

export async function enqueue(item: OutboxItem): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(OUTBOX, 'readwrite');
  tx.objectStore(OUTBOX).put(item);
  await done(tx);
}

export async function listOutbox(): Promise<OutboxItem[]> {
  const db = await openDb();
  const items = (await promisify(db.transaction(OUTBOX).objectStore(OUTBOX).getAll())) as OutboxItem[];
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function getOutboxItem(id: string): Promise<OutboxItem | undefined> {
  const db = await openDb();
  return (await promisify(db.transaction(OUTBOX).objectStore(OUTBOX).get(id))) as OutboxItem | undefined;
}

export async function removeOutboxItem(id: string): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(OUTBOX, 'readwrite');
  tx.objectStore(OUTBOX).delete(id);
  await done(tx);
}

export async function listReports(): Promise<StoredReport[]> {
  const db = await openDb();
  const items = (await promisify(db.transaction(REPORTS).objectStore(REPORTS).getAll())) as StoredReport[];
  return items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

export async function findReportByKey(idempotencyKey: string): Promise<StoredReport | undefined> {
  const db = await openDb();
  const idx = db.transaction(REPORTS).objectStore(REPORTS).index('idempotencyKey');
  return (await promisify(idx.get(idempotencyKey))) as StoredReport | undefined;
}

export function toStoredReport(ack: Acknowledgement, idempotencyKey?: string, fallbackLabel = ''): StoredReport {
  return {
    trackingNumber: ack.trackingNumber,
    followToken: ack.followToken,
    followUrl: ack.followUrl,
    receivedAt: ack.receivedAt,
    categoryLabel: ack.category?.label || fallbackLabel,
    statusLabel: ack.statusLabel,
    idempotencyKey,
    ack,
    savedAt: new Date().toISOString(),
  };
}

/** Keeps a report for "Mes signalements" (also used when following a link received by email). */
export async function saveReport(r: StoredReport): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(REPORTS, 'readwrite');
  tx.objectStore(REPORTS).put(r);
  await done(tx);
}

export async function removeReport(trackingNumber: string): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(REPORTS, 'readwrite');
  tx.objectStore(REPORTS).delete(trackingNumber);
  await done(tx);
}

/** Atomically records the acknowledgement and drops the outbox item. */
async function commitSent(item: OutboxItem, ack: Acknowledgement): Promise<void> {
  const db = await openDb();
  const tx = db.transaction([OUTBOX, REPORTS], 'readwrite');
  tx.objectStore(REPORTS).put(toStoredReport(ack, item.id, item.summary.categoryLabel));
  tx.objectStore(OUTBOX).delete(item.id);
  await done(tx);
}

async function updateItem(item: OutboxItem): Promise<void> {
  const db = await openDb();
  const tx = db.transaction(OUTBOX, 'readwrite');
  // Only update if it is still there (another context may have sent it meanwhile).
  const store = tx.objectStore(OUTBOX);
  const existing = await promisify(store.get(item.id));
  if (existing) store.put(item);
  await done(tx);
}

/** Builds the HTTP request for an outbox item, exactly as docs/api.md describes. */
export function buildRequest(item: OutboxItem): { url: string; init: RequestInit } {
  const headers: Record<string, string> = { 'Idempotency-Key': item.id, Accept: 'application/json' };
  if (item.kind === 'support') {
    if (item.alertId === undefined) throw new Error('alertId manquant');
    const { categoryCode: _ignored, ...rest } = item.payload;
    void _ignored;
    headers['Content-Type'] = 'application/json';
    return { url: `/api/v1/alerts/${item.alertId}/support`, init: { method: 'POST', headers, body: JSON.stringify(rest) } };
  }
  if (item.photo) {
    const form = new FormData();
    // A plain text part (no filename): the backend binds `report` as a string and parses the JSON.
    form.append('report', JSON.stringify(item.payload));
    form.append('photo', new Blob([item.photo], { type: item.photoType || 'image/jpeg' }), 'photo.jpg');
    return { url: '/api/v1/reports', init: { method: 'POST', headers, body: form } };
  }
  headers['Content-Type'] = 'application/json';
  return { url: '/api/v1/reports', init: { method: 'POST', headers, body: JSON.stringify(item.payload) } };
}

export async function sendItem(item: OutboxItem, fetchImpl: FetchLike = fetch, timeoutMs = 60000): Promise<Acknowledgement> {
  const { url, init } = buildRequest(item);
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  let res: Response;
  try {
    res = await fetchImpl(url, { ...init, signal: ctrl.signal });
  } catch (e) {
    throw new NetworkError(e);
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) throw new ApiError(await readProblem(res));
  return (await res.json()) as Acknowledgement;
}

const LOCK_NAME = 'signalement-outbox';
let localChain: Promise<unknown> = Promise.resolve();

/** Runs `fn` exclusively across tabs and the service worker (Web Locks), or within this context otherwise. */
export function withOutboxLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks && typeof locks.request === 'function') {
    return locks.request(LOCK_NAME, () => fn()) as Promise<T>;
  }
  const run = localChain.then(fn, fn);
  localChain = run.catch(() => undefined);
  return run;
}

export interface FlushResult {
  sent: number; rejected: number; pending: number;
  /** The earliest time a waiting item may be sent again, when the backend asked to wait. */
  retryAt?: string;
}

/**
 * Sends pending items oldest first. Stops at the first retryable failure (the network is probably down).
 * A 4xx refusal marks the item "rejected" (shown with the backend's detail; never retried automatically).
 * "Too many requests" (429) and "unavailable" (503) are not refusals: the item stays pending and is not
 * sent again before the Retry-After the backend gave (FlushResult.retryAt says when).
 */
export async function flushOutbox(fetchImpl: FetchLike = fetch, onlyId?: string): Promise<FlushResult> {
  return withOutboxLock(async () => {
    const result: FlushResult = { sent: 0, rejected: 0, pending: 0 };
    const items = (await listOutbox()).filter((i) => i.state === 'pending' && (!onlyId || i.id === onlyId));
    let networkDown = false;
    const now = Date.now();
    const later = (at: string) => { if (!result.retryAt || at < result.retryAt) result.retryAt = at; };
    for (const item of items) {
      if (networkDown) { result.pending++; continue; }
      if (item.notBefore && Date.parse(item.notBefore) > now) { result.pending++; later(item.notBefore); continue; }
      const attempt: OutboxItem = { ...item, attempts: item.attempts + 1, lastAttemptAt: new Date().toISOString() };
      try {
        const ack = await sendItem(attempt, fetchImpl);
        await commitSent(attempt, ack);
        result.sent++;
      } catch (e) {
        if (isRetryable(e)) {
          attempt.lastError = e instanceof Error ? e.message : String(e);
          const wait = e instanceof ApiError ? e.problem.retryAfterSeconds : undefined;
          attempt.notBefore = wait === undefined ? undefined : new Date(Date.now() + wait * 1000).toISOString();
          if (attempt.notBefore) later(attempt.notBefore);
          await updateItem(attempt);
          result.pending++;
          networkDown = true;
        } else {
          const problem: Problem = e instanceof ApiError ? e.problem : { status: 0, detail: String(e) };
          await updateItem({ ...attempt, state: 'rejected', problem, lastError: problem.detail });
          result.rejected++;
        }
      }
    }
    return result;
  });
}

/** What became of an item after a flush (it may have been sent by another tab or the service worker). */
export async function outcomeOf(id: string): Promise<Outcome> {
  const item = await getOutboxItem(id);
  if (item) return item.state === 'rejected' ? { state: 'rejected', item, problem: item.problem || { status: 0 } } : { state: 'pending', item };
  const report = await findReportByKey(id);
  if (report) return { state: 'sent', ack: report.ack };
  return { state: 'unknown' };
}
