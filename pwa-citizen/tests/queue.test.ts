import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { resetDbForTests } from '../src/lib/db';
import {
  enqueue, flushOutbox, listOutbox, listReports, outcomeOf, buildRequest, type OutboxItem,
} from '../src/lib/queue';
import type { Acknowledgement } from '../src/lib/types';

function item(id: string, extra: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id, kind: 'report',
    payload: { categoryCode: 'VOIRIE_NID', lat: 48.8566, lon: 2.3522, accuracyM: 12, description: 'Nid de poule', channel: 'pwa' },
    photo: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer, photoType: 'image/jpeg',
    createdAt: new Date(Date.now() + Number(id.slice(-1)) || 0).toISOString(), state: 'pending', attempts: 0,
    summary: { categoryLabel: 'Nid de poule' }, ...extra,
  };
}

function ack(tn: string): Acknowledgement {
  return {
    trackingNumber: tn, receivedAt: '2026-11-25T21:00:00Z', status: 'NEW', statusLabel: 'Nouveau',
    category: { code: 'VOIRIE_NID', label: 'Nid de poule' }, service: { name: 'Voirie', email: null, phone: null, address: null }, dueAt: null,
    alertId: 1, joinedExistingAlert: false, reportCount: 1, quartier: null, address: null,
    followToken: 'tok-' + tn, followUrl: `/suivi/${tn}?token=tok-${tn}`,
    commune: { inseeCode: '75056', name: 'Paris', competence: 'COMMUNE', handledBy: 'Paris' },
  };
}

/** A fake backend honouring Idempotency-Key like the real one: same key → same acknowledgement. */
function fakeBackend() {
  const byKey = new Map<string, Acknowledgement>();
  let seq = 0;
  const calls: { url: string; key: string | null; body: unknown }[] = [];
  const fetchImpl = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const key = new Headers(init?.headers).get('Idempotency-Key');
    calls.push({ url: String(url), key, body: init?.body });
    let a = key ? byKey.get(key) : undefined;
    if (!a) { a = ack(`SIG-2026-${String(++seq).padStart(6, '0')}`); if (key) byKey.set(key, a); }
    return new Response(JSON.stringify(a), { status: 201, headers: { 'Content-Type': 'application/json' } });
  });
  return { fetchImpl, calls, created: () => seq };
}

beforeEach(() => {
  resetDbForTests();
  globalThis.indexedDB = new IDBFactory();
});

describe('offline queue', () => {
  it('sends a queued report as multipart with its Idempotency-Key and records the acknowledgement', async () => {
    const be = fakeBackend();
    await enqueue(item('key-1'));
    const r = await flushOutbox(be.fetchImpl);
    expect(r).toEqual({ sent: 1, rejected: 0, pending: 0 });
    expect(be.calls).toHaveLength(1);
    expect(be.calls[0].url).toBe('/api/v1/reports');
    expect(be.calls[0].key).toBe('key-1');
    const form = be.calls[0].body as FormData;
    expect(form).toBeInstanceOf(FormData);
    const report = JSON.parse(form.get('report') as string);
    expect(report).toMatchObject({ categoryCode: 'VOIRIE_NID', lat: 48.8566, lon: 2.3522, channel: 'pwa' });
    expect((form.get('photo') as Blob).type).toBe('image/jpeg');
    expect(await listOutbox()).toEqual([]);
    const reports = await listReports();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ trackingNumber: 'SIG-2026-000001', followToken: 'tok-SIG-2026-000001', idempotencyKey: 'key-1' });
    expect(await outcomeOf('key-1')).toMatchObject({ state: 'sent', ack: { trackingNumber: 'SIG-2026-000001' } });
  });

  it('keeps the report when the network is down and re-sends it later with the same key', async () => {
    await enqueue(item('key-1'));
    const offline = vi.fn(async () => { throw new TypeError('Failed to fetch'); });
    expect(await flushOutbox(offline)).toEqual({ sent: 0, rejected: 0, pending: 1 });
    const [kept] = await listOutbox();
    expect(kept).toMatchObject({ id: 'key-1', state: 'pending', attempts: 1 });
    expect(await outcomeOf('key-1')).toMatchObject({ state: 'pending' });

    const be = fakeBackend();
    expect(await flushOutbox(be.fetchImpl)).toMatchObject({ sent: 1 });
    expect(be.calls[0].key).toBe('key-1');
  });

  it('survives a reload (new connection to the database)', async () => {
    await enqueue(item('key-1'));
    resetDbForTests(); // what a page reload does to our connection; the data stays in IndexedDB
    const items = await listOutbox();
    expect(items.map((i) => i.id)).toEqual(['key-1']);
    expect(new Uint8Array(items[0].photo!)).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
  });

  it('never creates a report twice when the acknowledgement was lost in transit', async () => {
    const be = fakeBackend();
    await enqueue(item('key-1'));
    // The server creates the report but the answer never reaches the phone.
    const lossy = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => { await be.fetchImpl(url, init); throw new TypeError('connection reset'); });
    expect(await flushOutbox(lossy)).toMatchObject({ pending: 1 });
    expect(await flushOutbox(be.fetchImpl)).toMatchObject({ sent: 1 });
    expect(be.created()).toBe(1);
    expect(new Set(be.calls.map((c) => c.key))).toEqual(new Set(['key-1']));
    expect(await listReports()).toHaveLength(1);
  });

  it('concurrent flushes (online event + background sync) send each item once', async () => {
    const be = fakeBackend();
    await enqueue(item('key-1'));
    await enqueue(item('key-2'));
    const results = await Promise.all([flushOutbox(be.fetchImpl), flushOutbox(be.fetchImpl), flushOutbox(be.fetchImpl)]);
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(2);
    expect(be.fetchImpl).toHaveBeenCalledTimes(2);
    expect(be.created()).toBe(2);
  });

  it('marks a 4xx refusal as rejected with the backend detail and does not retry it', async () => {
    await enqueue(item('key-1'));
    const refuse = vi.fn(async () => new Response(JSON.stringify({
      type: 'about:blank', title: 'Unprocessable', status: 422, detail: 'Ce point est en dehors de Paris', field: 'lat',
    }), { status: 422, headers: { 'Content-Type': 'application/problem+json' } }));
    expect(await flushOutbox(refuse)).toEqual({ sent: 0, rejected: 1, pending: 0 });
    const out = await outcomeOf('key-1');
    expect(out.state).toBe('rejected');
    if (out.state === 'rejected') expect(out.problem).toMatchObject({ status: 422, detail: 'Ce point est en dehors de Paris', field: 'lat' });
    await flushOutbox(refuse);
    expect(refuse).toHaveBeenCalledTimes(1);
  });

  it('treats 5xx and 429 as temporary and stops at the first failure', async () => {
    await enqueue(item('key-1'));
    await enqueue(item('key-2'));
    const unavailable = vi.fn(async () => new Response('', { status: 503 }));
    expect(await flushOutbox(unavailable)).toEqual({ sent: 0, rejected: 0, pending: 2 });
    expect(unavailable).toHaveBeenCalledTimes(1);
    const tooMany = vi.fn(async () => new Response('{}', { status: 429 }));
    expect(await flushOutbox(tooMany)).toMatchObject({ pending: 2 });
    expect((await listOutbox()).every((i) => i.state === 'pending')).toBe(true);
  });

  it('builds a JSON "me too" request without the category code', async () => {
    const { url, init } = buildRequest(item('key-9', { kind: 'support', alertId: 17, photo: null }));
    expect(url).toBe('/api/v1/alerts/17/support');
    expect(new Headers(init.headers).get('Idempotency-Key')).toBe('key-9');
    expect(JSON.parse(init.body as string)).toEqual({ lat: 48.8566, lon: 2.3522, accuracyM: 12, description: 'Nid de poule', channel: 'pwa' });
  });

  it('keeps a report refused with 429 or 503, waits for Retry-After, then sends it with the same key', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-01T10:00:00Z'));
      const be = fakeBackend();
      const answers = [
        new Response(JSON.stringify({ status: 429, title: 'Trop de demandes', detail: 'Trop de demandes depuis votre adresse : réessayez dans 120 s.' }),
          { status: 429, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '120' } }),
        new Response('<html>maintenance</html>', { status: 503, headers: { 'Content-Type': 'text/html' } }),
      ];
      const fetchImpl = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => answers.shift() ?? be.fetchImpl(url, init));
      await enqueue(item('key-7'));

      const first = await flushOutbox(fetchImpl);
      expect(first).toEqual({ sent: 0, rejected: 0, pending: 1, retryAt: '2026-12-01T10:02:00.000Z' });
      let [kept] = await listOutbox();
      expect(kept.state).toBe('pending');
      expect(kept.notBefore).toBe('2026-12-01T10:02:00.000Z');

      // Before Retry-After: not even tried.
      vi.setSystemTime(new Date('2026-12-01T10:01:00Z'));
      expect(await flushOutbox(fetchImpl)).toEqual({ sent: 0, rejected: 0, pending: 1, retryAt: '2026-12-01T10:02:00.000Z' });
      expect(fetchImpl).toHaveBeenCalledTimes(1);

      // After it: tried again; a 503 without Retry-After keeps it too, for the next flush.
      vi.setSystemTime(new Date('2026-12-01T10:02:01Z'));
      expect(await flushOutbox(fetchImpl)).toEqual({ sent: 0, rejected: 0, pending: 1 });
      [kept] = await listOutbox();
      expect(kept.state).toBe('pending');
      expect(kept.notBefore).toBeUndefined();

      expect(await flushOutbox(fetchImpl)).toEqual({ sent: 1, rejected: 0, pending: 0 });
      expect(await listOutbox()).toHaveLength(0);
      expect(be.calls.map((c) => c.key)).toEqual(['key-7']);
      expect((await listReports())[0].idempotencyKey).toBe('key-7');
    } finally {
      vi.useRealTimers();
    }
  });
});
