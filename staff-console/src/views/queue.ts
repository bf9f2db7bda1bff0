// The live triage queue: filters, list (most urgent first) and map of the same alerts, polled every 20 s.
import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { announce, h, option } from '@signalement/web-common/dom';
import { formatAge, formatCount, formatDue, formatTime } from '@signalement/web-common/format';
import { CHANNEL_LABELS, OPEN_STATUSES, STATUS_LABELS, channelLabel, dueLabel, statusLabel } from '../lib/labels';
import { PAGE_SIZES, alertsQuery, filtersFromSearch, newSince, pageCount, pageSummary, pagingFromSearch, queueSearch, sortByUrgency, statusCount, type Filters, type Paging } from '../lib/queue';
import { categories, quartiers, services, teams } from '../lib/reference';
import type { AlertPage, AlertSummary } from '../lib/types';
import type { Ctx, Cleanup } from '../lib/view';

export const POLL_MS = 20_000;

export function renderQueue(ctx: Ctx, mapFirst: boolean): Cleanup {
  let filters = filtersFromSearch(location.search);
  let paging: Paging = pagingFromSearch(location.search);
  let total = 0;
  let items: AlertSummary[] = [];
  let first = true;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let mapCtl: import('../map').AlertMap | null = null;

  const status = h('p', { class: 'queue-status', id: 'queue-status' }, 'Chargement de la file…');
  const pageInfo = h('p', { class: 'queue-page', id: 'queue-page', 'aria-live': 'polite' });
  const byStatusLine = h('p', { class: 'queue-counts muted', id: 'queue-counts' });
  const errorBox = h('p', { class: 'error', role: 'alert', hidden: true });
  const tbody = h('tbody');
  const table = h('table', { class: 'queue', id: 'queue-table' },
    h('caption', { class: 'visually-hidden' }, 'Alertes de la file, les plus urgentes en premier'),
    h('thead', null, h('tr', null,
      ...['Urgence', 'Alerte', 'Lieu', 'État', 'Signalements', 'Reçue', 'Échéance', 'Canal', 'Équipe'].map((t) => h('th', { scope: 'col' }, t)))),
    tbody);
  const mapBox = h('div', { class: 'map', id: 'queue-map' });

  // ---- filters
  const sel = (id: string, label: string, opts: [string, string][], value: string) => {
    const s = h('select', { id: `f-${id}`, name: id }, option('', 'Tous'), ...opts.map(([v, l]) => option(v, l, v === value)));
    return { wrap: h('div', { class: 'field' }, h('label', { for: `f-${id}` }, label), s), s };
  };
  const fStatus = sel('status', 'État', [
    [OPEN_STATUSES.join(','), 'Ouvertes (toutes)'], ['NEW', 'À qualifier'], ...Object.entries(STATUS_LABELS).filter(([k]) => k !== 'NEW'),
  ], filters.status);
  fStatus.s.options[0].textContent = 'Ouvertes';
  const fCategory = sel('categoryCode', 'Catégorie', [], filters.categoryCode);
  const fService = sel('serviceId', 'Service', [], filters.serviceId);
  const fTeam = sel('teamId', 'Équipe', [], filters.teamId);
  const fQuartier = sel('quartier', 'Quartier', [], filters.quartier);
  const fAge = sel('minAgeHours', 'Ancienneté', [['24', 'Plus de 24 h'], ['72', 'Plus de 3 jours'], ['168', 'Plus de 7 jours'], ['720', 'Plus de 30 jours']], filters.minAgeHours);
  const fChannel = sel('channel', 'Canal', Object.entries(CHANNEL_LABELS), filters.channel);
  const all = [fStatus, fCategory, fService, fTeam, fQuartier, fAge, fChannel];
  const statusNames = [...fStatus.s.options].map((o) => o.textContent ?? '');
  const fSize = h('select', { id: 'f-size', name: 'size' }, ...PAGE_SIZES.map((n) => option(String(n), `${n} par page`, n === paging.size)));
  fSize.addEventListener('change', () => { paging = { page: 1, size: Number(fSize.value) }; go(); });
  categories().then((groups) => {
    for (const g of groups) {
      const og = h('optgroup', { label: g.group });
      for (const c of g.categories) og.append(option(c.code, c.label, c.code === filters.categoryCode));
      fCategory.s.append(og);
    }
  }).catch(() => undefined);
  services().then((list) => list.forEach((s) => fService.s.append(option(String(s.id), s.name, String(s.id) === filters.serviceId)))).catch(() => undefined);
  const loadTeams = () => {
    fTeam.s.replaceChildren(option('', 'Toutes'));
    teams(filters.serviceId || null).then((list) => list.forEach((t) => fTeam.s.append(option(String(t.id), t.name, String(t.id) === filters.teamId)))).catch(() => undefined);
  };
  loadTeams();
  quartiers().then((list) => list.forEach((q) => fQuartier.s.append(option(q.code, q.name, q.code === filters.quartier)))).catch(() => undefined);

  const form = h('form', { class: 'filters', 'aria-label': 'Filtres de la file' }, ...all.map((f) => f.wrap),
    h('div', { class: 'field' }, h('label', { for: 'f-size' }, 'Affichage'), fSize),
    h('div', { class: 'field actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'reset-filters', onclick: () => { for (const f of all) f.s.value = ''; apply(); } }, 'Effacer les filtres'),
      h('button', { type: 'button', class: 'btn btn-secondary', id: 'refresh', onclick: () => void load(true) }, 'Actualiser')));
  form.addEventListener('submit', (e) => e.preventDefault());
  for (const f of all) f.s.addEventListener('change', () => { if (f === fService) { fTeam.s.value = ''; } apply(); if (f === fService) loadTeams(); });

  function apply(): void {
    filters = {
      status: fStatus.s.value, categoryCode: fCategory.s.value, serviceId: fService.s.value, teamId: fTeam.s.value,
      quartier: fQuartier.s.value, channel: fChannel.s.value, minAgeHours: fAge.s.value,
    } satisfies Filters;
    paging = { ...paging, page: 1 };
    go();
  }

  /** To another page (or the same one after a filter change): the URL keeps it, for reloads and links. */
  function go(page = paging.page): void {
    // Past the last page known: load() falls back to the last page the server has.
    paging = { ...paging, page: Math.max(1, total ? Math.min(page, pageCount(total, paging.size)) : page) };
    history.replaceState(null, '', location.pathname + queueSearch(filters, paging));
    void load(true);
  }

  /** First / previous / "page n sur N" / next / last; both pagers (above and below the list) stay in step. */
  const pagers: HTMLElement[] = [];
  function pager(where: string): HTMLElement {
    const nav = h('nav', { class: 'pager', 'aria-label': `Pages de la file (${where})` });
    pagers.push(nav);
    return nav;
  }
  function drawPagers(): void {
    const pages = pageCount(total, paging.size);
    for (const nav of pagers) {
      const b = (label: string, text: string, to: number, disabled: boolean) => h('button', {
        type: 'button', class: 'btn btn-small btn-secondary', 'aria-label': label, 'data-page': to, disabled,
        onclick: () => go(to),
      }, text);
      nav.replaceChildren(
        b('Première page', '« Première', 1, paging.page <= 1),
        b('Page précédente', '‹ Précédente', paging.page - 1, paging.page <= 1),
        h('span', { class: 'pager-at' }, `Page ${paging.page} sur ${pages}`),
        b('Page suivante', 'Suivante ›', paging.page + 1, paging.page >= pages),
        b('Dernière page', 'Dernière »', pages, paging.page >= pages));
    }
  }

  function row(a: AlertSummary): HTMLTableRowElement {
    const now = Date.now();
    return h('tr', { class: `due-${a.dueStatus}`, 'data-alert-id': a.id },
      h('td', null, h('span', { class: `badge due-${a.dueStatus}` }, dueLabel(a.status, a.dueStatus) || '—'),
        a.reopenedCount > 0 ? h('span', { class: 'badge reopened' }, 'Rouverte') : null),
      h('td', null, h('a', { href: `/console/alertes/${a.id}`, 'data-link': true }, `n° ${a.id} — ${a.category.label}`)),
      h('td', null, a.address ?? '', a.quartier ? h('span', { class: 'muted' }, ` (${a.quartier.name})`) : null,
        // A deployment may serve several communes: say which one the alert is in.
        a.commune && a.commune.name !== a.quartier?.name ? h('span', { class: 'muted' }, ` — ${a.commune.name}`) : null),
      h('td', null, statusLabel(a.status)),
      h('td', { class: 'num' }, a.reportCount),
      h('td', null, h('time', { datetime: a.firstReportAt }, formatAge(a.firstReportAt, now))),
      h('td', null, h('time', { datetime: a.dueAt }, formatDue(a.dueAt, now))),
      h('td', null, channelLabel(a.channel)),
      h('td', null, a.team?.name ?? '—', a.agent ? ` · ${a.agent.name}` : ''));
  }

  async function load(userAsked = false): Promise<void> {
    if (timer) { clearTimeout(timer); timer = null; }
    try {
      let page = await api.get<AlertPage>(`/api/v1/alerts${alertsQuery(filters, paging.page - 1, paging.size)}`);
      if (stopped) return;
      // Past the end (alerts handled since, or an old link): the last page instead.
      if (!page.items.length && page.total > 0) {
        paging = { ...paging, page: pageCount(page.total, paging.size) };
        history.replaceState(null, '', location.pathname + queueSearch(filters, paging));
        page = await api.get<AlertPage>(`/api/v1/alerts${alertsQuery(filters, paging.page - 1, paging.size)}`);
        if (stopped) return;
      }
      total = page.total;
      const sorted = sortByUrgency(page.items);
      const fresh = first ? [] : newSince(items, sorted);
      items = sorted;
      tbody.replaceChildren(...items.map(row));
      if (!items.length) tbody.append(h('tr', null, h('td', { colspan: 9 }, 'Aucune alerte ne correspond à ces filtres.')));
      // Counts over the whole filtered queue, not only this page.
      const counts = page.counts;
      const overdue = counts ? counts.overdue : items.filter((a) => a.dueStatus === 'OVERDUE').length;
      const soon = counts ? counts.dueSoon : items.filter((a) => a.dueStatus === 'DUE_SOON').length;
      pageInfo.textContent = pageSummary(page.total, paging, items.length);
      pageInfo.dataset.total = String(page.total);
      status.textContent = `Dont ${formatCount(overdue)} en retard et ${formatCount(soon)} à échéance proche. Mis à jour à ${formatTime(new Date())}.`;
      status.dataset.overdue = String(overdue);
      status.dataset.dueSoon = String(soon);
      if (counts) {
        const by = counts.byStatus as Record<string, number>;
        // Each status choice says how many alerts it would show, the other filters applied.
        [...fStatus.s.options].forEach((o, i) => { o.textContent = `${statusNames[i]} (${formatCount(statusCount(by, o.value))})`; });
        byStatusLine.replaceChildren('Par état, avec les autres filtres : ', ...Object.entries(by).flatMap(([k, n], i) => [
          i ? ' · ' : '', h('span', { 'data-status-count': k }, `${statusLabel(k)} ${formatCount(n)}`)]));
      }
      drawPagers();
      errorBox.hidden = true;
      mapCtl?.setAlerts(items);
      if (fresh.length) announce(`${fresh.length} nouvelle${fresh.length > 1 ? 's' : ''} alerte${fresh.length > 1 ? 's' : ''} dans la file.`);
      else if (userAsked) announce(`File mise à jour : ${pageSummary(page.total, paging, items.length)}.`);
      first = false;
    } catch (e) {
      if (stopped) return;
      errorBox.textContent = `La file n’a pas pu être mise à jour : ${e instanceof ApiError ? e.message : 'réseau indisponible'}. Nouvel essai dans 20 secondes.`;
      errorBox.hidden = false;
    } finally {
      if (!stopped) timer = setTimeout(() => void load(), document.hidden ? POLL_MS * 3 : POLL_MS);
    }
  }

  const listSection = h('section', { class: 'queue-list', 'aria-labelledby': 'list-title' }, h('h2', { id: 'list-title' }, 'Liste'), pager('haut'), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Liste des alertes (défilement)' }, table), pager('bas'));
  const mapSection = h('section', { class: 'queue-map', 'aria-labelledby': 'map-title' }, h('h2', { id: 'map-title' }, 'Carte'), mapBox);
  ctx.main.append(
    h('h1', null, mapFirst ? 'Carte des alertes' : 'File des alertes'),
    form, pageInfo, status, byStatusLine, errorBox,
    h('div', { class: `queue-layout${mapFirst ? ' map-first' : ''}` }, ...(mapFirst ? [mapSection, listSection] : [listSection, mapSection])));
  import('../map').then(({ createAlertMap }) => {
    if (stopped) return;
    mapCtl = createAlertMap(mapBox, (id) => ctx.navigate(`/console/alertes/${id}`));
    mapCtl.setAlerts(items);
  }).catch(() => { mapBox.textContent = 'La carte n’a pas pu être chargée.'; });
  void load();
  return () => { stopped = true; if (timer) clearTimeout(timer); mapCtl?.destroy(); };
}
