// History-API router for the paths the backend falls back to index.html for.
export type Route =
  | { name: 'report' }
  | { name: 'mine' }
  | { name: 'privacy' }
  | { name: 'follow'; trackingNumber: string; token: string | null }
  | { name: 'notfound' };

export function parseRoute(loc: { pathname: string; search: string }): Route {
  const path = loc.pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') return { name: 'report' };
  if (path === '/mes-signalements') return { name: 'mine' };
  if (path === '/confidentialite') return { name: 'privacy' };
  const m = /^\/suivi\/([^/]+)$/.exec(path);
  if (m) return { name: 'follow', trackingNumber: decodeURIComponent(m[1]), token: new URLSearchParams(loc.search).get('token') };
  return { name: 'notfound' };
}

/** Backend paths the service worker must never answer (API, health/OpenAPI, staff console, Open311). */
export function isBackendPath(pathname: string): boolean {
  return /^\/(api|console|q|open311)(\/|$)/.test(pathname);
}

/** Paths this app renders itself (anything else, e.g. /console or /api, goes to the server). */
export function isAppPath(pathname: string): boolean {
  return parseRoute({ pathname, search: '' }).name !== 'notfound';
}
