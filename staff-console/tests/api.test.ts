import { describe, expect, it } from 'vitest';
import { ApiError } from '@signalement/web-common/api';
import { Api, memoryStore, query } from '../src/lib/api';
import type { Session } from '../src/lib/types';

const session = (token: string): Session => ({
  accessToken: token, refreshToken: `r-${token}`, expiresIn: 300, tokenType: 'Bearer', obtainedAt: Date.now(),
  user: { id: 1, username: 'dispatch', displayName: 'Régulation', roles: ['DISPATCHER'], teamId: null, serviceIds: [1] },
});

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('staff API client', () => {
  it('sends the Bearer token, refreshes once on 401 and retries', async () => {
    const calls: string[] = [];
    const store = memoryStore(session('old'));
    const api = new Api(store, async (input, init) => {
      const url = String(input);
      const auth = (init?.headers as Record<string, string> | undefined)?.Authorization ?? '';
      calls.push(`${url} ${auth}`);
      if (url === '/api/v1/auth/refresh') {
        expect(JSON.parse(String(init?.body))).toEqual({ refreshToken: 'r-old' });
        const { obtainedAt: _o, ...s } = session('new');
        return json(200, s);
      }
      return auth === 'Bearer new' ? json(200, { total: 0, items: [] }) : json(401, { title: 'Non authentifié', status: 401 });
    });
    const page = await api.get<{ total: number }>('/api/v1/alerts');
    expect(page.total).toBe(0);
    expect(calls).toEqual(['/api/v1/alerts Bearer old', '/api/v1/auth/refresh ', '/api/v1/alerts Bearer new']);
    expect(store.get()?.refreshToken).toBe('r-new');
  });

  it('signs out when the refresh is refused', async () => {
    const store = memoryStore(session('old'));
    let signedOut = false;
    const api = new Api(store, async () => json(401, { status: 401 }));
    api.onSignedOut = () => { signedOut = true; };
    await expect(api.get('/api/v1/alerts')).rejects.toBeInstanceOf(ApiError);
    expect(signedOut).toBe(true);
    expect(store.get()).toBeNull();
  });

  it('turns problems into French errors with the allowed transitions', async () => {
    const api = new Api(memoryStore(session('t')), async () => json(409, { title: 'Conflit', status: 409, detail: 'Transition interdite', allowed: ['QUALIFIED'] }));
    const err = (await api.post("/api/v1/alerts/1/transitions", { to: "CLOSED" }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('Transition interdite');
    expect(err.problem.allowed).toEqual(['QUALIFIED']);
  });

  it('says so in French when the credentials are wrong', async () => {
    const api = new Api(memoryStore(), async () => json(401, { status: 401, title: 'Unauthorized' }));
    await expect(api.login('x', 'y')).rejects.toThrow('Identifiant ou mot de passe incorrect.');
  });

  it('builds query strings from non-empty values', () => {
    expect(query({ from: '2026-01-01', by: '', x: null })).toBe('?from=2026-01-01');
    expect(query({})).toBe('');
  });
});
