import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, isRetryable, request } from '../src/lib/api';
import { isAppPath, isBackendPath, parseRoute } from '../src/lib/router';

describe('router', () => {
  it('maps the paths the backend falls back to index.html for', () => {
    expect(parseRoute({ pathname: '/', search: '' })).toEqual({ name: 'report' });
    expect(parseRoute({ pathname: '/mes-signalements', search: '' })).toEqual({ name: 'mine' });
    expect(parseRoute({ pathname: '/confidentialite/', search: '' })).toEqual({ name: 'privacy' });
    expect(parseRoute({ pathname: '/suivi/SIG-2026-000042', search: '?token=abc' }))
      .toEqual({ name: 'follow', trackingNumber: 'SIG-2026-000042', token: 'abc' });
    expect(parseRoute({ pathname: '/suivi/SIG-1', search: '' })).toMatchObject({ token: null });
  });
  it('leaves backend paths to the server', () => {
    for (const p of ['/api/v1/config', '/console', '/console/alerts', '/q/health', '/open311/v2/services.json', '/suivi', '/suivi/a/b']) {
      expect(isAppPath(p), p).toBe(false);
    }
  });
  it('knows the backend paths the service worker must not touch', () => {
    for (const p of ['/api', '/api/v1/reports', '/q/health', '/q/openapi', '/console', '/console/', '/open311/v2/requests.json']) {
      expect(isBackendPath(p), p).toBe(true);
    }
    for (const p of ['/', '/assets/index-abc.js', '/suivi/SIG-1', '/question', '/apis', '/consoles']) {
      expect(isBackendPath(p), p).toBe(false);
    }
  });
});

describe('api errors', () => {
  it('turns a problem+json answer into an ApiError carrying detail and field', async () => {
    const f = async () => new Response(JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail: "L'adresse e-mail n'est pas valide.", field: 'contactEmail' }),
      { status: 400, headers: { 'Content-Type': 'application/problem+json' } });
    const err = (await request('/api/v1/reports', {}, f).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe("L'adresse e-mail n'est pas valide.");
    expect(err.field).toBe('contactEmail');
    expect(isRetryable(err)).toBe(false);
  });
  it('keeps the status when the body is not JSON', async () => {
    const err = (await request('/x', {}, async () => new Response('<html>', { status: 502 })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(502);
    expect(isRetryable(err)).toBe(true);
  });
  it('reports a failed fetch as a retryable NetworkError', async () => {
    const err = (await request('/x', {}, async () => { throw new TypeError('Failed to fetch'); }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(isRetryable(err)).toBe(true);
  });
  it('sends Accept for JSON and problem+json', async () => {
    let accept = '';
    await request('/x', {}, async (_u, init) => { accept = new Headers(init?.headers).get('Accept') || ''; return new Response('{}', { status: 200 }); });
    expect(accept).toContain('application/json');
    expect(accept).toContain('application/problem+json');
  });
});
