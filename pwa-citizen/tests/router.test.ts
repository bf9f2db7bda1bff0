import { describe, expect, it } from 'vitest';
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
