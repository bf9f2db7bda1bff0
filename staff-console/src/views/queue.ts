// The live triage queue: filters, list (most urgent first) and map of the same alerts, polled every 20 s.
import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { announce, h, option } from '@signalement/web-common/dom';
import { formatAge, formatDue, formatTime } from '@signalement/web-common/format';
import { CHANNEL_LABELS, OPEN_STATUSES, STATUS_LABELS, channelLabel, dueLabel, statusLabel } from '../lib/labels';
import { alertsQuery, filtersFromSearch, filtersToSearch, newSince, sortByUrgency, type Filters } from '../lib/queue';
import { categories, quartiers, services, teams } from '../lib/reference';
import type { AlertPage, AlertSummary } from '../lib/types';
import type { Ctx, Cleanup } from '../lib/view';

export const POLL_MS = 20_000;

export function renderQueue(ctx: Ctx, mapFirst: boolean): Cleanup {
  let filters = filtersFromSearch(location.search);
  let items: AlertSummary[] = [];
  let first = true;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let mapCtl: import('../map').AlertMap | null = null;

  const status = h('p', { class: 'queue-status', id: 'queue-status' }, 'Chargement de la file…');
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
    history.replaceState(null, '', location.pathname + filtersToSearch(filters));
    void load(true);
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
      const page = await api.get<AlertPage>(`/api/v1/alerts${alertsQuery(filters)}`);
      if (stopped) return;
      const sorted = sortByUrgency(page.items);
      const fresh = first ? [] : newSince(items, sorted);
      items = sorted;
      tbody.replaceChildren(...items.map(row));
      if (!items.length) tbody.append(h('tr', null, h('td', { colspan: 9 }, 'Aucune alerte ne correspond à ces filtres.')));
      const overdue = items.filter((a) => a.dueStatus === 'OVERDUE').length;
      const soon = items.filter((a) => a.dueStatus === 'DUE_SOON').length;
      status.textContent = `${page.total} alerte${page.total > 1 ? 's' : ''}${page.total > items.length ? ` (${items.length} affichées)` : ''}, dont ${overdue} en retard et ${soon} à échéance proche. Mis à jour à ${formatTime(new Date())}.`;
      errorBox.hidden = true;
      mapCtl?.setAlerts(items);
      if (fresh.length) announce(`${fresh.length} nouvelle${fresh.length > 1 ? 's' : ''} alerte${fresh.length > 1 ? 's' : ''} dans la file.`);
      else if (userAsked) announce(`File mise à jour : ${page.total} alertes.`);
      first = false;
    } catch (e) {
      if (stopped) return;
      errorBox.textContent = `La file n’a pas pu être mise à jour : ${e instanceof ApiError ? e.message : 'réseau indisponible'}. Nouvel essai dans 20 secondes.`;
      errorBox.hidden = false;
    } finally {
      if (!stopped) timer = setTimeout(() => void load(), document.hidden ? POLL_MS * 3 : POLL_MS);
    }
  }

  const listSection = h('section', { class: 'queue-list', 'aria-labelledby': 'list-title' }, h('h2', { id: 'list-title' }, 'Liste'), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Liste des alertes (défilement)' }, table));
  const mapSection = h('section', { class: 'queue-map', 'aria-labelledby': 'map-title' }, h('h2', { id: 'map-title' }, 'Carte'), mapBox);
  ctx.main.append(
    h('h1', null, mapFirst ? 'Carte des alertes' : 'File des alertes'),
    form, status, errorBox,
    h('div', { class: `queue-layout${mapFirst ? ' map-first' : ''}` }, ...(mapFirst ? [mapSection, listSection] : [listSection, mapSection])));
  import('../map').then(({ createAlertMap }) => {
    if (stopped) return;
    mapCtl = createAlertMap(mapBox, (id) => ctx.navigate(`/console/alertes/${id}`));
    mapCtl.setAlerts(items);
  }).catch(() => { mapBox.textContent = 'La carte n’a pas pu être chargée.'; });
  void load();
  return () => { stopped = true; if (timer) clearTimeout(timer); mapCtl?.destroy(); };
}
