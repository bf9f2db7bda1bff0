import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, isRetryable, request } from '../src/api';

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
