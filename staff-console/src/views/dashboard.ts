// The mayor's office dashboard: response times, share on time (counted honestly), weekly trend,
// backlog by age, deduplication and "not fixed" reopenings. Aggregates only; every table exports to CSV.
import { ApiError } from '@signalement/web-common/api';
import { api, query } from '../lib/api';
import { chartSvg } from '../lib/charts';
import { keyFigures, lastMonth, monthlyReport, trendCharts } from '../lib/figures';
import { announce, h, option } from '@signalement/web-common/dom';
import { formatCount, formatDateMedium, formatHours, formatShare, isoDay } from '@signalement/web-common/format';
import type { Column, Row, StatsTable } from '../lib/types';
import type { Cleanup, Ctx } from '../lib/view';

const DIMENSIONS: [string, string][] = [['category', 'Catégorie'], ['service', 'Service'], ['quartier', 'Quartier'], ['commune', 'Commune'], ['channel', 'Canal']];

export function formatCell(c: Column, v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '—';
  switch (c.kind) {
    case 'count': return formatCount(Number(v));
    case 'hours': return formatHours(Number(v));
    case 'share': return formatShare(Number(v));
    case 'ratio': return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(Number(v));
    case 'flag': return v === true || v === 'true' ? 'oui' : 'non';
    default: return String(v);
  }
}

/** The table in a scrollable region that keyboard users can focus and scroll. */
function tableEl(t: StatsTable, id: string, caption: string, columns: Column[] = t.columns): HTMLElement {
  const row = (r: Row, total = false) => h('tr', { class: total ? 'total' : undefined, 'data-key': String(r.key ?? '') },
    ...columns.map((c, i) => i === 0
      ? h('th', { scope: 'row' }, formatCell(c, r[c.key] ?? (total ? 'Total' : '')))
      : h('td', { class: 'num', 'data-col': c.key, 'data-value': r[c.key] == null ? '' : String(r[c.key]) }, formatCell(c, r[c.key]))));
  const body = t.rows.map((r) => row(r));
  const extra = body.slice(SHOWN_ROWS);
  extra.forEach((tr) => { tr.hidden = true; });
  const wrap = h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': `${id}-caption` }, h('table', { class: 'stats', id },
    h('caption', { id: `${id}-caption` }, caption),
    h('thead', null, h('tr', null, ...columns.map((c) => h('th', { scope: 'col' }, c.title)))),
    h('tbody', null, ...(t.total ? [row(t.total, true)] : []), ...body)));
  if (!extra.length) return wrap;
  const more = h('button', { type: 'button', class: 'btn btn-link', 'aria-controls': id, 'aria-expanded': 'false', id: `${id}-more` },
    `Afficher les ${extra.length} autres lignes`);
  more.addEventListener('click', () => {
    const open = more.getAttribute('aria-expanded') === 'true';
    extra.forEach((tr) => { tr.hidden = open; });
    more.setAttribute('aria-expanded', String(!open));
    more.textContent = open ? `Afficher les ${extra.length} autres lignes` : `Ne montrer que les ${SHOWN_ROWS} premières lignes`;
  });
  return h('div', null, wrap, more);
}

/** Long tables (a category per row) show their first rows; the rest unfold, and the CSV has them all. */
export const SHOWN_ROWS = 12;

async function downloadCsv(path: string, button: HTMLButtonElement, format = 'csv'): Promise<void> {
  button.disabled = true;
  try {
    const res = await api.raw(path + (path.includes('?') ? '&' : '?') + `format=${format}`, {}, 'text/csv');
    const blob = await res.blob();
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'export.csv';
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    announce(`Fichier ${name} téléchargé.`);
  } catch (e) {
    announce(`Export impossible : ${e instanceof Error ? e.message : ''}`);
  } finally {
    button.disabled = false;
  }
}

/** French spreadsheets (";" and decimal comma, what Excel in French opens in columns), and the international convention. */
function csvButton(path: string, label: string, id: string): HTMLElement {
  const b = h('button', { type: 'button', class: 'btn btn-secondary btn-small', id }, `Exporter en CSV`, h('span', { class: 'visually-hidden' }, ` : ${label}`));
  b.addEventListener('click', () => void downloadCsv(path, b));
  const intl = h('button', { type: 'button', class: 'btn btn-link btn-small', id: `${id}-intl` }, 'CSV international (« , » et « . »)', h('span', { class: 'visually-hidden' }, ` : ${label}`));
  intl.addEventListener('click', () => void downloadCsv(path, intl, 'csv-international'));
  return h('span', { class: 'csv-buttons' }, b, intl);
}

export function renderDashboard(ctx: Ctx): Cleanup {
  const params = new URLSearchParams(location.search);
  const today = new Date();
  const from = h('input', { id: 'd-from', type: 'date', required: true, value: params.get('from') ?? isoDay(new Date(today.getTime() - 90 * 86_400_000)) });
  const to = h('input', { id: 'd-to', type: 'date', required: true, value: params.get('to') ?? isoDay(today) });
  const by = h('select', { id: 'd-by' }, ...DIMENSIONS.map(([v, l]) => option(v, l, v === (params.get('by') ?? 'category'))));
  const current = h('input', { id: 'd-current', type: 'checkbox', checked: params.get('includeCurrent') === 'true' });
  current.addEventListener('change', () => void load());
  const printButton = h('button', { type: 'button', class: 'btn btn-secondary', id: 'print-report' }, 'Imprimer le rapport du mois');
  printButton.addEventListener('click', () => void printReport());
  // Hidden on screen; the print stylesheet shows it (and only it) while the report is being printed.
  const report = h('div', { id: 'report', hidden: true });
  const preset = (days: number, label: string) => h('button', {
    type: 'button', class: 'btn btn-small btn-secondary', onclick: () => {
      to.value = isoDay(new Date());
      from.value = isoDay(new Date(Date.now() - days * 86_400_000));
      void load();
    },
  }, label);
  const form = h('form', { class: 'filters', id: 'period-form', 'aria-label': 'Période et regroupement' },
    h('div', { class: 'field' }, h('label', { for: 'd-from' }, 'Du'), from),
    h('div', { class: 'field' }, h('label', { for: 'd-to' }, 'Au (inclus)'), to),
    h('div', { class: 'field' }, h('label', { for: 'd-by' }, 'Regrouper par'), by),
    h('div', { class: 'field actions' }, h('button', { type: 'submit', class: 'btn' }, 'Afficher'),
      preset(30, '30 derniers jours'), preset(91, '3 derniers mois'), preset(365, '12 derniers mois')),
    h('div', { class: 'field checkbox' }, current, h('label', { for: 'd-current' }, 'Tracer aussi les semaines en cours (chiffres provisoires)')));
  form.addEventListener('submit', (e) => { e.preventDefault(); void load(); });
  by.addEventListener('change', () => void load());
  const errorBox = h('p', { class: 'error', role: 'alert', hidden: true });
  const content = h('div', { id: 'dashboard-content', 'aria-busy': 'true' }, h('p', null, 'Calcul des indicateurs…'));
  ctx.main.append(
    h('h1', null, 'Tableau de bord du cabinet du maire'),
    h('p', { class: 'lead' }, 'Délais de traitement des signalements et respect des engagements, sur la période choisie. Données agrégées, sans donnée personnelle.'),
    h('p', { class: 'no-print' }, printButton), form, errorBox, content, report);
  let stopped = false;

  async function load(): Promise<void> {
    if (!from.value || !to.value || from.value > to.value) {
      errorBox.textContent = 'Choisissez une période valide (le début avant la fin).';
      errorBox.hidden = false;
      from.focus();
      return;
    }
    errorBox.hidden = true;
    const period = { from: from.value, to: to.value };
    history.replaceState(null, '', location.pathname + query({ ...period, by: by.value, ...(current.checked ? { includeCurrent: 'true' } : {}) }));
    content.setAttribute('aria-busy', 'true');
    const paths = {
      times: `/api/v1/stats/response-times${query({ ...period, by: by.value })}`,
      trend: `/api/v1/stats/trend${query(current.checked ? { ...period, includeCurrent: 'true' } : period)}`,
      backlog: `/api/v1/stats/backlog${query({ by: by.value })}`,
      dedup: `/api/v1/stats/deduplication${query({ ...period, by: by.value })}`,
      reopened: `/api/v1/stats/reopened${query({ ...period, by: by.value })}`,
    };
    try {
      const [times, trend, backlog, dedup, reopened] = await Promise.all(
        [paths.times, paths.trend, paths.backlog, paths.dedup, paths.reopened].map((p) => api.get<StatsTable>(p)));
      if (stopped) return;
      render(times, trend, backlog, dedup, reopened, paths);
      announce('Indicateurs mis à jour.');
    } catch (e) {
      errorBox.textContent = `Les indicateurs n’ont pas pu être calculés : ${e instanceof ApiError ? e.message : 'réseau indisponible'}.`;
      errorBox.hidden = false;
    } finally {
      content.setAttribute('aria-busy', 'false');
    }
  }

  function kpi(id: string, label: string, value: string, raw: number | null | undefined, note?: string): HTMLElement {
    return h('div', { class: 'kpi', id, 'data-value': raw == null ? '' : String(raw) },
      h('p', { class: 'kpi-label' }, label), h('p', { class: 'kpi-value' }, value), note ? h('p', { class: 'kpi-note' }, note) : null);
  }

  /** Last month's figures laid out for the municipal council, then the browser's print dialog (the print stylesheet shows only the report). */
  async function printReport(): Promise<void> {
    const m = lastMonth(new Date());
    const period = { from: m.from, to: m.to };
    printButton.disabled = true;
    try {
      const [times, trend, backlog, dedup, reopened] = await Promise.all([
        `/api/v1/stats/response-times${query(period)}`, `/api/v1/stats/trend${query(period)}`, '/api/v1/stats/backlog',
        `/api/v1/stats/deduplication${query(period)}`, `/api/v1/stats/reopened${query(period)}`].map((p) => api.get<StatsTable>(p)));
      if (stopped) return;
      report.dataset.from = m.from;
      report.dataset.to = m.to;
      report.innerHTML = monthlyReport(m.label, document.getElementById('commune-name')?.textContent ?? '', times, trend, backlog, dedup, reopened);
      document.body.classList.add('printing-report');
      announce(`Rapport de ${m.label} prêt à imprimer.`);
      window.print();
    } catch (e) {
      errorBox.textContent = `Le rapport n’a pas pu être préparé : ${e instanceof ApiError ? e.message : 'réseau indisponible'}.`;
      errorBox.hidden = false;
    } finally {
      printButton.disabled = false;
    }
  }
  const afterPrint = () => document.body.classList.remove('printing-report');
  window.addEventListener('afterprint', afterPrint);

  function render(times: StatsTable, trend: StatsTable, backlog: StatsTable, dedup: StatsTable, reopened: StatsTable, paths: Record<string, string>): void {
    const dimLabel = DIMENSIONS.find(([v]) => v === by.value)?.[1].toLowerCase() ?? '';
    const kpis = h('section', { 'aria-labelledby': 'kpi-title' }, h('h2', { id: 'kpi-title' }, `Chiffres clés du ${formatDateMedium(times.from)} au ${formatDateMedium(new Date(new Date(times.to).getTime() - 1).toISOString())}`),
      h('div', { class: 'kpis' }, ...keyFigures(times, backlog, dedup, reopened).map((f) => kpi(f.id, f.label, f.value, f.raw, f.note))),
      h('p', { class: 'hint' }, 'Part dans les délais = alertes résolues avant leur échéance ÷ (alertes résolues + alertes encore ouvertes dont l’échéance est dépassée à la fin de la période). Les alertes rejetées ou transmises à un autre organisme n’y entrent pas ; celles encore ouvertes avant leur échéance non plus, tant qu’on ne sait pas si elles seront résolues à temps.'));

    const charts = h('div', { class: 'charts' });
    charts.innerHTML = trendCharts(trend);
    const trendCols: Column[] = [{ key: 'key', title: 'Semaine du', kind: 'text' }, ...trend.columns.filter((c) =>
      ['alerts', 'resolved', 'resolve_median_h', 'resolve_p90_h', 'open_overdue', 'on_time_base', 'on_time_share', 'still_open', 'open_pending', 'in_progress'].includes(c.key))];

    const bt = backlog.total ?? {};
    const buckets = backlog.columns.filter((c) => c.key.startsWith('age_'));
    const backlogChart = h('div', { class: 'charts' });
    backlogChart.innerHTML = chartSvg({ kind: 'bar', title: 'Alertes encore ouvertes, selon depuis combien de temps', desc: 'Valeurs dans le tableau ci-dessous.',
      labels: buckets.map((c) => c.title), series: [{ name: 'Alertes encore ouvertes', color: '#1d4f91', values: buckets.map((c) => Number(bt[c.key] ?? 0)) }] });

    const section = (id: string, title: string, intro: string, csvPath: string, ...body: (HTMLElement | null)[]) =>
      h('section', { 'aria-labelledby': `${id}-title`, id: `sec-${id}` },
        h('div', { class: 'section-head' }, h('h2', { id: `${id}-title` }, title), csvButton(csvPath, title, `csv-${id}`)),
        h('p', { class: 'hint' }, intro), ...body);

    content.replaceChildren(kpis,
      section('times', `Délais de traitement par ${dimLabel}`, 'Délais comptés depuis le premier signalement jusqu’à la première qualification, assignation et résolution.',
        paths.times, tableEl(times, 'table-times', `Délais de traitement par ${dimLabel}`)),
      section('trend', 'Évolution hebdomadaire', 'Alertes regroupées par semaine de leur premier signalement. Une semaine « période en cours » (*) n’est pas finie ou a des alertes encore ouvertes avant leur échéance : sa part dans les délais et ses délais de résolution ne sont pas encore connus ; ils ne sont tracés que si vous le demandez.', paths.trend, charts,
        h('details', null, h('summary', null, 'Tableau des valeurs hebdomadaires'),
          tableEl(trend, 'table-trend', 'Évolution hebdomadaire', trendCols))),
      section('backlog', `Alertes encore ouvertes, selon depuis combien de temps, par ${dimLabel}`, 'Situation à l’instant, quelle que soit la période choisie.', paths.backlog, backlogChart,
        tableEl(backlog, 'table-backlog', `Alertes encore ouvertes, selon depuis combien de temps, par ${dimLabel}`)),
      section('dedup', 'Signalements et alertes (dédoublonnage)', 'Plusieurs signalements d’un même problème forment une seule alerte : autant d’interventions en double évitées.',
        paths.dedup, tableEl(dedup, 'table-dedup', `Signalements et alertes par ${dimLabel}`)),
      section('reopened', 'Alertes rouvertes « pas réparé »', 'Un signaleur peut indiquer qu’un problème annoncé comme résolu ne l’est pas : l’alerte est rouverte.',
        paths.reopened, tableEl(reopened, 'table-reopened', `Réouvertures par ${dimLabel}`)));
  }

  void load();
  return () => { stopped = true; window.removeEventListener('afterprint', afterPrint); document.body.classList.remove('printing-report'); };
}
