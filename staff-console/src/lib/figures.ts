// The mayor's key figures, each with the counts it is computed over, and the printable monthly
// report for the municipal council. Pure functions over the stats tables (GET /api/v1/stats/...),
// shared by the dashboard and the report so both say the same thing.
import { chartSvg } from './charts';
import { formatCount, formatDateMedium, formatHours, formatShare } from '@signalement/web-common/format';
import type { Row, StatsTable } from './types';

export interface Figure { id: string; label: string; value: string; raw: number | null; note: string }

const num = (v: unknown): number | null => (v == null || v === '' ? null : Number(v));

/** Key figures of a period: the response-time, backlog, deduplication and reopening totals. */
export function keyFigures(times: StatsTable, backlog: StatsTable, dedup: StatsTable, reopened: StatsTable): Figure[] {
  const t: Row = times.total ?? {}, b: Row = backlog.total ?? {}, d: Row = dedup.total ?? {}, r: Row = reopened.total ?? {};
  const pending = num(t.open_pending) ?? 0;
  return [
    { id: 'kpi-on-time', label: 'Résolues dans les délais', value: formatShare(num(t.on_time_share)), raw: num(t.on_time_share),
      note: `${formatCount(num(t.resolved_on_time))} à temps sur ${formatCount(num(t.on_time_base))} alertes comptées (résolues + encore ouvertes en retard)`
        + (pending ? ` ; ${formatCount(pending)} encore ouvertes avant leur échéance, pas encore comptées` : '') },
    { id: 'kpi-resolve-median', label: 'Délai médian de résolution', value: formatHours(num(t.resolve_median_h)), raw: num(t.resolve_median_h),
      note: `sur ${formatCount(num(t.resolved))} alertes résolues ; 90 % en moins de ${formatHours(num(t.resolve_p90_h))}` },
    { id: 'kpi-qualify-median', label: 'Délai médian de qualification', value: formatHours(num(t.qualify_median_h)), raw: num(t.qualify_median_h),
      note: `sur ${formatCount(num(t.qualified))} alertes qualifiées ; assignation : ${formatHours(num(t.assign_median_h))} sur ${formatCount(num(t.assigned))}` },
    { id: 'kpi-alerts', label: 'Alertes signalées dans la période', value: formatCount(num(t.alerts)), raw: num(t.alerts),
      note: `dont ${formatCount(num(t.still_open))} encore ouvertes à la fin de la période, ${formatCount(num(t.open_overdue))} avec l’échéance dépassée` },
    { id: 'kpi-backlog', label: 'Alertes encore ouvertes (à l’instant)', value: formatCount(num(b.open)), raw: num(b.open),
      note: `toutes périodes confondues, dont ${formatCount(num(b.overdue))} avec l’échéance dépassée` },
    { id: 'kpi-dedup', label: 'Signalements regroupés', value: formatShare(num(d.saved_share)), raw: num(d.saved_share),
      note: `${formatCount(num(d.reports))} signalements → ${formatCount(num(d.alerts))} alertes` },
    { id: 'kpi-reopened', label: 'Rouvertes « pas réparé »', value: formatShare(num(r.reopened_share)), raw: num(r.reopened_share),
      note: `${formatCount(num(r.reopened_alerts))} alertes sur ${formatCount(num(r.resolved))} résolues` },
  ];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The trend's charts; weeks still in progress are starred and their share and times left out (the API blanks them). */
export function trendCharts(trend: StatsTable): string {
  const labels = trend.rows.map((x) => { const w = String(x.key); return w.slice(8, 10) + '/' + w.slice(5, 7) + (x.in_progress === true ? '*' : ''); });
  const col = (k: string) => trend.rows.map((x) => num(x[k]));
  const current = trend.rows.filter((x) => x.in_progress === true).length;
  const note = current ? ` ${current} semaine(s) en cours (*) : des alertes y sont encore ouvertes avant leur échéance ou la semaine n’est pas finie.` : '';
  return chartSvg({ kind: 'line', title: 'Part des alertes résolues dans les délais, par semaine de signalement', desc: `${labels.length} semaines.${note}`,
    labels, max: 1, format: (v) => `${Math.round(v * 100)} %`, series: [{ name: 'Dans les délais', color: '#1e6b34', values: col('on_time_share') }] }) +
    chartSvg({ kind: 'line', title: 'Délai de résolution (heures), par semaine de signalement', desc: `Médiane et 90e centile des alertes résolues.${note}`,
      labels, format: (v) => `${Math.round(v)} h`, series: [
        { name: 'Médiane', color: '#1d4f91', values: col('resolve_median_h') },
        { name: '90e centile', color: '#a4380a', values: col('resolve_p90_h'), dashed: true }] }) +
    chartSvg({ kind: 'bar', title: 'Alertes signalées, résolues et encore ouvertes, par semaine de signalement', desc: 'Nombre d’alertes créées et, parmi elles, résolues et encore ouvertes.',
      labels, series: [{ name: 'Signalées', color: '#1d4f91', values: col('alerts') }, { name: 'Résolues', color: '#1e6b34', values: col('resolved') },
        { name: 'Encore ouvertes', color: '#a4380a', values: col('still_open') }] });
}

/** The first and last day (inclusive) of the month before {@code today}: the report the council reads. */
export function lastMonth(today: Date): { from: string; to: string; label: string } {
  const y = today.getMonth() === 0 ? today.getFullYear() - 1 : today.getFullYear();
  const m = today.getMonth() === 0 ? 12 : today.getMonth();
  const days = new Date(y, m, 0).getDate();
  const p = (n: number) => String(n).padStart(2, '0');
  const label = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric' }).format(new Date(y, m - 1, 1));
  return { from: `${y}-${p(m)}-01`, to: `${y}-${p(m)}-${p(days)}`, label };
}

/** The monthly report for the municipal council, as HTML (printed through the console's print stylesheet). */
export function monthlyReport(month: string, commune: string, times: StatsTable, trend: StatsTable, backlog: StatsTable,
  dedup: StatsTable, reopened: StatsTable): string {
  const figures = keyFigures(times, backlog, dedup, reopened);
  const rows = trend.rows.map((x) => `<tr><th scope="row">${esc(String(x.key))}</th><td>${formatCount(num(x.alerts))}</td><td>${formatCount(num(x.resolved))}</td>`
    + `<td>${formatCount(num(x.still_open))}</td><td>${formatShare(num(x.on_time_share))}</td><td>${x.in_progress === true ? 'période en cours' : ''}</td></tr>`).join('');
  return `<article class="report" aria-labelledby="report-title">
<h1 id="report-title">Rapport mensuel au conseil municipal — ${esc(month)}</h1>
<p class="report-meta">${esc(commune)} · alertes signalées du ${esc(formatDateMedium(times.from))} au ${esc(formatDateMedium(new Date(new Date(times.to).getTime() - 1).toISOString()))}, situation au ${esc(formatDateMedium(times.asOf))}. Données agrégées, sans donnée personnelle.</p>
<dl class="report-figures">${figures.map((f) => `<div class="report-figure" data-id="${f.id}" data-value="${f.raw ?? ''}"><dt>${esc(f.label)}</dt><dd><strong>${esc(f.value)}</strong> <span>${esc(f.note)}</span></dd></div>`).join('')}</dl>
<p class="report-rule">Part dans les délais = alertes résolues avant leur échéance ÷ (alertes résolues + alertes encore ouvertes dont l’échéance est dépassée). Une semaine « en cours » a des alertes encore ouvertes avant leur échéance : sa part dans les délais n’est pas encore connue et n’est pas tracée.</p>
<div class="report-charts">${trendCharts(trend)}</div>
<table class="stats"><caption>Par semaine de signalement</caption><thead><tr><th scope="col">Semaine du</th><th scope="col">Signalées</th><th scope="col">Résolues</th><th scope="col">Encore ouvertes</th><th scope="col">Part dans les délais</th><th scope="col">État</th></tr></thead><tbody>${rows}</tbody></table>
</article>`;
}
