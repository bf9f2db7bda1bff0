import { describe, expect, it } from 'vitest';
import { keyFigures, lastMonth, monthlyReport } from '../src/lib/figures';
import type { StatsTable } from '../src/lib/types';

const table = (name: string, total: StatsTable['total'], rows: StatsTable['rows'] = []): StatsTable => ({
  name, title: name, from: '2026-10-31T23:00:00Z', to: '2026-11-30T23:00:00Z', asOf: '2026-11-30T23:00:00Z', dimension: 'week', columns: [], total, rows,
});
const times = table('delais', { alerts: 120, qualified: 110, qualify_median_h: 2.5, assigned: 100, assign_median_h: 6, resolved: 80,
  resolve_median_h: 30, resolve_p90_h: 150, resolved_on_time: 60, open_overdue: 10, on_time_base: 90, on_time_share: 60 / 90, still_open: 35, open_pending: 25 });
const trend = table('tendance', null, [
  { key: '2026-11-02', alerts: 30, resolved: 28, still_open: 2, on_time_share: 0.75, resolve_median_h: 20, resolve_p90_h: 90, in_progress: false },
  { key: '2026-11-23', alerts: 40, resolved: 5, still_open: 35, on_time_share: null, resolve_median_h: null, resolve_p90_h: null, in_progress: true }]);
const backlog = table('stock', { open: 412, overdue: 57 });
const dedup = table('dedoublonnage', { reports: 150, alerts: 120, saved_share: 0.2 });
const reopened = table('reouvertures', { resolved: 80, reopened_alerts: 4, reopened_share: 0.05 });

describe('key figures', () => {
  it('say what each figure is computed over and how many are still open', () => {
    const f = Object.fromEntries(keyFigures(times, backlog, dedup, reopened).map((x) => [x.id, x]));
    expect(f['kpi-on-time'].value).toMatch(/^66,7\s?%$/);
    expect(f['kpi-on-time'].note).toContain('60 à temps sur 90 alertes comptées');
    expect(f['kpi-on-time'].note).toContain('25 encore ouvertes avant leur échéance');
    expect(f['kpi-resolve-median'].note).toContain('sur 80 alertes résolues');
    expect(f['kpi-qualify-median'].note).toContain('sur 110 alertes qualifiées');
    expect(f['kpi-alerts'].label).toBe('Alertes signalées dans la période');
    expect(f['kpi-alerts'].note).toContain('dont 35 encore ouvertes');
    expect(f['kpi-backlog'].label).toBe('Alertes encore ouvertes (à l’instant)');
  });
});

describe('monthly report', () => {
  it('is last month, January after December', () => {
    expect(lastMonth(new Date(2026, 11, 2))).toMatchObject({ from: '2026-11-01', to: '2026-11-30', label: 'novembre 2026' });
    expect(lastMonth(new Date(2027, 0, 15))).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(lastMonth(new Date(2028, 2, 1))).toMatchObject({ from: '2028-02-01', to: '2028-02-29' });
  });
  it('renders the key figures, the charts and the weeks, marking the one in progress', () => {
    const html = monthlyReport('novembre 2026', 'Paris', times, trend, backlog, dedup, reopened);
    expect(html).toContain('Rapport mensuel au conseil municipal — novembre 2026');
    for (const f of keyFigures(times, backlog, dedup, reopened)) {
      expect(html).toContain(`data-id="${f.id}"`);
      expect(html).toContain(f.value);
    }
    expect(html).toContain('data-value="412"');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('23/11*');
    expect(html).toMatch(/2026-11-23<\/th><td>40<\/td><td>5<\/td><td>35<\/td><td>—<\/td><td>période en cours/);
    expect(html).toMatch(/2026-11-02<\/th><td>30<\/td><td>28<\/td><td>2<\/td><td>75\s?%<\/td><td><\/td>/);
    expect(html.replace(/\s/g, ' ')).toMatch(/du 1 nov\.? 2026 au 30 nov\.? 2026/);
  });
});
