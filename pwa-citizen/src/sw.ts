/// <reference lib="webworker" />
// Service worker: precaches the app shell (hashed assets, index.html, icons, the lazily loaded map chunk),
// serves app routes offline, and sends the outbox on Background Sync.
// It never answers /api/ requests (no API response is ever cached) and does not touch /console, /q/, /open311
// or any other backend path: those requests go straight to the network as if there were no service worker.
import { kvGet, kvSet } from './lib/db';
import { flushOutbox } from './lib/queue';
import { isAppPath, isBackendPath } from './lib/router';

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE__: string[];
declare const __VERSION__: string;

const CACHE = `signalement-shell-${__VERSION__}`;
const SHELL = '/index.html';
const PRECACHE = new Set(__PRECACHE__);
const SYNC_TAG = 'signalement-outbox';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll([...PRECACHE])).then(() => self.skipWaiting()));
});

// The previous version's cache is kept one more version: a page still running the old build can lazily
// load its own (hashed) chunks, e.g. the map, after this version took over.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const versions = ((await kvGet<string[]>('shellCaches').catch(() => undefined)) || []).filter((k) => k !== CACHE);
    const keep = new Set([CACHE, ...versions.slice(-1)]);
    for (const key of await caches.keys()) {
      if (key.startsWith('signalement-shell-') && !keep.has(key)) await caches.delete(key);
    }
    await kvSet('shellCaches', [...keep]).catch(() => undefined);
    await self.clients.claim();
  })());
});

async function navigation(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (res) => {
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) await cache.put(SHELL, res.clone());
    return res;
  });
  const timeout = new Promise<Response | undefined>((resolve) => setTimeout(() => resolve(undefined), 4000));
  let res: Response | undefined;
  try {
    res = await Promise.race([network, timeout]);
    if (res && res.status < 500) return res;
  } catch {
    /* offline: fall through to the cached shell */
  }
  // Offline, slow, or the server is failing (5xx): the cached shell still lets citizens report (queued).
  const cached = await cache.match(SHELL);
  if (cached) return cached;
  return res ?? network; // nothing cached yet: wait for the network whatever it takes
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isBackendPath(url.pathname)) return;
  if (request.mode === 'navigate') {
    if (isAppPath(url.pathname)) event.respondWith(navigation(request));
    return;
  }
  if (PRECACHE.has(url.pathname)) {
    event.respondWith(caches.open(CACHE).then(async (c) => (await c.match(url.pathname)) || fetch(request)));
  } else if (url.pathname.startsWith('/assets/')) {
    // A hashed asset of an older build (kept above): immutable, so any cached copy is right.
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  }
});

async function notifyClients(): Promise<void> {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage({ type: 'outbox-flushed' });
}

self.addEventListener('sync', (event: Event) => {
  const e = event as ExtendableEvent & { tag: string };
  if (e.tag !== SYNC_TAG) return;
  e.waitUntil((async () => {
    const r = await flushOutbox();
    await notifyClients();
    if (r.pending > 0) throw new Error('still pending'); // ask the browser to retry later
  })());
});

// Web push (FCM). The payload is shown as is; a click opens the follow page when the payload gives one.
self.addEventListener('push', (event) => {
  let data: { notification?: { title?: string; body?: string }; data?: Record<string, string>; title?: string; body?: string } = {};
  try { data = event.data?.json() ?? {}; } catch { data = { body: event.data?.text() }; }
  const title = data.notification?.title || data.title || 'Votre signalement';
  const body = data.notification?.body || data.body || 'Le statut de votre signalement a changé.';
  const url = data.data?.followUrl || data.data?.url || '/mes-signalements';
  event.waitUntil(self.registration.showNotification(title, { body, icon: '/icons/icon-192.png', data: { url } }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url || '/mes-signalements';
  event.waitUntil(self.clients.openWindow(url));
});
