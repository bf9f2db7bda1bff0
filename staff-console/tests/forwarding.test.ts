import { describe, expect, it } from 'vitest';
import { Api, memoryStore } from '../src/lib/api';
import { normalizeDetail } from '../src/lib/alerts';
import { FORWARDING_STATE_LABELS, canResend, forwardingDetails, resendForwarding } from '../src/lib/forwarding';
import type { Forwarding, Session } from '../src/lib/types';

const session: Session = {
  accessToken: 't', refreshToken: 'r', expiresIn: 300, tokenType: 'Bearer', obtainedAt: Date.now(),
  user: { id: 1, username: 'dispatch', displayName: 'Régulation', roles: ['DISPATCHER'], teamId: null, serviceIds: [1] },
};

const base: Forwarding = {
  organisation: 'Département', state: 'FAILED', attempts: 1, lastError: 'HTTP 400 : service_code not found',
  remoteId: null, remoteStatus: null, remoteStatusLabel: null, nextAt: '2026-03-12T13:05:00Z', sentAt: null,
};

describe('forwarding', () => {
  it('offers a new sending only for a failed one', () => {
    expect(canResend(base)).toBe(true);
    for (const state of ['PENDING', 'SENT', 'DONE'] as const) expect(canResend({ ...base, state })).toBe(false);
    expect(canResend(null)).toBe(false);
    expect(canResend(undefined)).toBe(false);
  });

  it('says where the sending stands, in French', () => {
    expect(FORWARDING_STATE_LABELS.FAILED).toBe('Échec de la transmission');
    expect(forwardingDetails(base)).toBe('vers Département — motif : HTTP 400 : service_code not found');
    // A stopped follow-up keeps the organisation's number.
    expect(forwardingDetails({ ...base, remoteId: 'DEP-7', lastError: 'HTTP 404 : inconnu' }))
      .toBe('n° DEP-7 chez Département — motif : HTTP 404 : inconnu');
    expect(forwardingDetails({ ...base, state: 'SENT', remoteId: 'DEP-7', remoteStatus: 'in_progress', remoteStatusLabel: 'intervention en cours', lastError: null }))
      .toBe('n° DEP-7 chez Département — statut : intervention en cours');
    expect(forwardingDetails({ ...base, state: 'SENT', remoteId: 'DEP-7', remoteStatus: 'some_local_status', lastError: null }))
      .toBe('n° DEP-7 chez Département — statut : some_local_status');
    // Pending again after a retry: nothing tried yet, nothing to say but where it goes.
    expect(forwardingDetails({ ...base, state: 'PENDING', attempts: 0, lastError: null })).toBe('vers Département');
    // The remote is down: the tries so far, the next one, and why.
    expect(forwardingDetails({ ...base, state: 'PENDING', attempts: 2, lastError: 'injoignable' }))
      .toMatch(/^vers Département — 2 essais sans réponse, prochain le 12\/03\/2026 14:05 — dernière erreur : injoignable$/);
  });

  it('asks the backend to send it again and reads the alert page it answers', async () => {
    const calls: { method: string; url: string; auth: string }[] = [];
    const api = new Api(memoryStore(session), async (input, init) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      calls.push({ method: init?.method ?? 'GET', url: String(input), auth: headers.Authorization ?? '' });
      return new Response(JSON.stringify({ alert: { id: 7, status: 'FORWARDED' }, forwarding: { ...base, state: 'PENDING', attempts: 0 } }),
        { status: 202, headers: { 'Content-Type': 'application/json' } });
    });
    const d = normalizeDetail(await resendForwarding(api, 7));
    expect(calls).toEqual([{ method: 'POST', url: '/api/v1/alerts/7/forwarding/retry', auth: 'Bearer t' }]);
    expect(d.forwarding?.state).toBe('PENDING');
    expect(canResend(d.forwarding)).toBe(false);
  });

  it('reads an alert page without forwarding as none', () => {
    expect(normalizeDetail({ alert: { id: 8 } }).forwarding).toBeNull();
  });
});
