// Staff console: a small router over the views, sign-in gate by role.
import './style.css';
import { api } from './lib/api';
import { h } from '@signalement/web-common/dom';
import { ROLE_LABELS } from './lib/labels';
import { clearReference, config } from './lib/reference';
import { renderLogin } from './views/login';
import { renderQueue } from './views/queue';
import { renderAlert } from './views/alert';
import { renderIntake } from './views/intake';
import { renderDashboard } from './views/dashboard';
import type { Cleanup, Ctx } from './lib/view';


const BASE = '/console';
const main = document.getElementById('main') as HTMLElement;
let cleanup: Cleanup;

const DISPATCH = ['DISPATCHER', 'ADMIN'];
const DASHBOARD = ['SUPERVISOR', 'ADMIN'];

function home(): string {
  return api.hasRole(...DISPATCH) ? `${BASE}/` : api.hasRole(...DASHBOARD) ? `${BASE}/dashboard` : `${BASE}/connexion`;
}

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void route();
}

const ctx: Ctx = { navigate, main };

function nav(): void {
  const el = document.getElementById('nav')!;
  const who = document.getElementById('who')!;
  el.replaceChildren();
  who.replaceChildren();
  const s = api.session;
  if (!s) return;
  const links: [string, string][] = [];
  if (api.hasRole(...DISPATCH)) links.push([`${BASE}/`, 'File des alertes'], [`${BASE}/carte`, 'Carte'], [`${BASE}/saisie`, 'Saisir un signalement']);
  if (api.hasRole(...DASHBOARD)) links.push([`${BASE}/dashboard`, 'Tableau de bord']);
  const here = location.pathname.replace(/\/$/, '') || BASE;
  for (const [href, label] of links) {
    const a = h('a', { href, 'data-link': true }, label);
    if ((href.replace(/\/$/, '') || BASE) === here) a.setAttribute('aria-current', 'page');
    el.append(a);
  }
  who.append(
    h('span', null, `${s.user.displayName} (${s.user.roles.map((r) => ROLE_LABELS[r] ?? r).join(', ')})`),
    h('button', { type: 'button', class: 'btn btn-link', onclick: async () => { await api.logout(); clearReference(); navigate(`${BASE}/connexion`); } }, 'Se déconnecter'),
  );
}

async function route(): Promise<void> {
  if (typeof cleanup === 'function') cleanup();
  cleanup = undefined;
  const path = location.pathname.replace(/\/+$/, '') || BASE;
  const signedIn = !!api.session;
  nav();
  main.replaceChildren();
  const guard = (roles: string[]): boolean => {
    if (!signedIn) { navigate(`${BASE}/connexion?retour=${encodeURIComponent(location.pathname + location.search)}`, true); return false; }
    if (!api.hasRole(...roles)) {
      main.append(h('h1', null, 'Accès refusé'), h('p', null, 'Votre rôle ne donne pas accès à cette page. '), h('p', null, h('a', { href: home(), 'data-link': true }, 'Retour à l’accueil')));
      return false;
    }
    return true;
  };
  let m: RegExpMatchArray | null;
  if (path === `${BASE}/connexion`) {
    if (signedIn) { navigate(home(), true); return; }
    document.title = 'Connexion — Console des signalements';
    cleanup = renderLogin(ctx, () => {
      const back = new URLSearchParams(location.search).get('retour');
      navigate(back && back.startsWith(BASE) ? back : home(), true);
    });
  } else if (path === BASE || path === `${BASE}/carte`) {
    if (!signedIn) { guard(DISPATCH); return; }
    if (!api.hasRole(...DISPATCH) && api.hasRole(...DASHBOARD)) { navigate(`${BASE}/dashboard`, true); return; }
    if (!guard(DISPATCH)) return;
    document.title = 'File des alertes — Console des signalements';
    cleanup = renderQueue(ctx, path.endsWith('/carte'));
  } else if ((m = path.match(/^\/console\/alertes\/(\d+)$/))) {
    if (!guard([...DISPATCH, 'SUPERVISOR'])) return;
    cleanup = await renderAlert(ctx, Number(m[1]));
  } else if (path === `${BASE}/saisie`) {
    if (!guard(DISPATCH)) return;
    document.title = 'Saisir un signalement — Console des signalements';
    cleanup = renderIntake(ctx);
  } else if (path === `${BASE}/dashboard`) {
    if (!guard(DASHBOARD)) return;
    document.title = 'Tableau de bord — Console des signalements';
    cleanup = renderDashboard(ctx);
  } else {
    main.append(h('h1', null, 'Page introuvable'), h('p', null, h('a', { href: home(), 'data-link': true }, 'Retour à l’accueil')));
  }
  // Move focus to the page title so keyboard and screen-reader users start at the top of the new page.
  const h1 = main.querySelector('h1');
  if (h1 && document.activeElement !== document.body) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
}

document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (new URL(a.href).origin !== location.origin) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener('popstate', () => void route());
api.onSignedOut = () => navigate(`${BASE}/connexion?retour=${encodeURIComponent(location.pathname + location.search)}`, true);
api.schedule();
config().then((c) => { document.getElementById('commune-name')!.textContent = c.communeName; }).catch(() => undefined);
void route();
