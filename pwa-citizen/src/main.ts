import './style.css';
import { cachedConfig, loadConfig } from './lib/data';
import { announce, h } from '@signalement/web-common/dom';
import { flushOutbox, listOutbox } from './lib/queue';
import { isAppPath, parseRoute } from './lib/router';
import { applyTheme } from './lib/theme';
import type { AppConfig } from './lib/types';
import { renderFollow } from './views/follow';
import { renderMine } from './views/mine';
import { renderPrivacy } from './views/privacy';
import { renderReport } from './views/report';

const main = document.getElementById('main') as HTMLElement;
let config: AppConfig | null = cachedConfig();

function applyBrand(c: AppConfig | null): void {
  if (!c) return;
  applyTheme(c.primaryColor, c.accentColor);
  const name = document.getElementById('commune-name');
  if (name) name.textContent = c.communeName;
  const logo = document.getElementById('logo') as HTMLImageElement | null;
  if (logo) {
    if (c.logoUrl) { logo.src = c.logoUrl; logo.hidden = false; } else logo.hidden = true;
  }
}

const TITLES: Record<string, string> = {
  report: 'Signaler un problème',
  mine: 'Mes signalements',
  privacy: 'Vos données personnelles',
  follow: 'Suivi du signalement',
  notfound: 'Page introuvable',
};

async function render(focus: boolean): Promise<void> {
  const route = parseRoute(location);
  const commune = config?.communeName;
  document.title = `${TITLES[route.name]}${commune ? ` — ${commune}` : ''}`;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.tabs a')) {
    const active = parseRoute({ pathname: a.pathname, search: '' }).name === route.name;
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  switch (route.name) {
    case 'report': renderReport(main, { config: () => config, requestBackgroundSync }); break;
    case 'mine': await renderMine(main, { flushNow, config: () => config }); break;
    case 'privacy': renderPrivacy(main, config); break;
    case 'follow': await renderFollow(main, route.trackingNumber, route.token); break;
    default:
      main.replaceChildren(h('h1', { tabindex: '-1' }, 'Page introuvable'), h('p', null, h('a', { href: '/' }, 'Signaler un problème')));
  }
  if (focus) (main.querySelector('h1') as HTMLElement | null)?.focus();
}

function navigate(url: string): void {
  history.pushState(null, '', url);
  window.scrollTo(0, 0);
  void render(true);
}

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element).closest('a');
  if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin || !isAppPath(a.pathname)) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener('popstate', () => void render(true));

// ---------- outbox: send pending reports when the network comes back ----------
let flushing: Promise<void> | null = null;
async function flushNow(): Promise<void> {
  if (flushing) return flushing;
  flushing = (async () => {
    try {
      const pending = (await listOutbox()).filter((i) => i.state === 'pending');
      if (!pending.length) return;
      const r = await flushOutbox();
      // The backend asked to wait (429/503): try again as soon as it allows, not only at the next tick.
      if (r.retryAt) setTimeout(() => void flushNow(), Math.max(1000, Date.parse(r.retryAt) - Date.now()));
      if (r.sent) announce(r.sent > 1 ? `${r.sent} signalements en attente ont été envoyés.` : 'Votre signalement en attente a été envoyé.');
    } catch {
      /* stays queued */
    } finally {
      window.dispatchEvent(new Event('outbox-changed'));
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

function requestBackgroundSync(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.ready
    .then((reg) => (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register('signalement-outbox'))
    .catch(() => undefined); // no Background Sync: the online event / app start / timer below take over
}

// "Mes signalements (1 en attente)" in the navigation while reports wait in the outbox.
async function updatePendingCount(): Promise<void> {
  const el = document.getElementById('pending-count');
  if (!el) return;
  const n = (await listOutbox().catch(() => [])).filter((i) => i.state === 'pending').length;
  el.hidden = n === 0;
  el.textContent = n ? ` (${n} en attente)` : '';
}
window.addEventListener('outbox-changed', () => void updatePendingCount());

const offlineBanner = document.getElementById('offline');
function updateOnline(): void {
  if (offlineBanner) offlineBanner.hidden = navigator.onLine;
}
window.addEventListener('online', () => { updateOnline(); void flushNow(); });
window.addEventListener('offline', updateOnline);
setInterval(() => { if (navigator.onLine) void flushNow(); }, 30000);

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('message', (e) => {
    if (e.data?.type === 'outbox-flushed') window.dispatchEvent(new Event('outbox-changed'));
  });
  if (import.meta.env.PROD) {
    window.addEventListener('load', () => {
      // An existing registration is not re-checked by register(): ask for the new version at each launch,
      // so a new build's service worker (its precache for offline use) takes over now, not at the browser's leisure.
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => reg.update()).catch(() => undefined);
    });
  }
}

// ---------- start ----------
// Which build runs (VITE_BUILD_ID at build time): lets an upgrade be checked on a real device, and by the e2e test.
document.documentElement.dataset.build = import.meta.env.VITE_BUILD_ID || 'local';
applyBrand(config);
updateOnline();
const hadConfig = !!config;
void render(false);
void loadConfig().then((c) => {
  if (!c) return;
  const changed = JSON.stringify(c) !== JSON.stringify(config);
  config = c;
  applyBrand(c);
  if (!changed) return;
  // First visit: fill in the commune's name without re-rendering (that would drop work in progress).
  for (const el of document.querySelectorAll('[data-commune-name]')) el.textContent = c.communeName;
  document.title = document.title.replace(/ — .*$/, '') + ` — ${c.communeName}`;
  if (!hadConfig && parseRoute(location).name === 'privacy') void render(false);
});
void flushNow();
void updatePendingCount();
