import { describe, expect, it } from 'vitest';
import { alertsQuery, filtersFromSearch, filtersToSearch, newSince, sortByUrgency, EMPTY_FILTERS } from '../src/lib/queue';
import type { AlertSummary } from '../src/lib/types';

function alert(id: number, dueStatus: AlertSummary['dueStatus'], dueAt: string, reopenedCount = 0, status = 'NEW'): AlertSummary {
  return {
    id, version: 0, status, statusLabel: status, category: { code: 'c', label: 'C', group: 'G' }, service: null, team: null, agent: null,
    lat: 48.85, lon: 2.35, address: null, quartier: null, channel: 'pwa', reportCount: 1, firstReportAt: dueAt, lastReportAt: dueAt,
    dueAt, dueStatus, reopenedCount, thumbnailUrl: null, commune: { inseeCode: '75056', name: 'Paris' },
  };
}

describe('urgency order', () => {
  it('puts reopened first, then overdue, then due soon, then by due date', () => {
    const list = [
      alert(1, 'ON_TIME', '2026-01-05T00:00:00Z'),
      alert(2, 'OVERDUE', '2026-01-02T00:00:00Z'),
      alert(3, 'DUE_SOON', '2026-01-03T00:00:00Z'),
      alert(4, 'ON_TIME', '2026-01-04T00:00:00Z', 1, 'QUALIFIED'),
      alert(5, 'OVERDUE', '2026-01-01T00:00:00Z'),
      alert(6, 'ON_TIME', '2026-01-04T12:00:00Z'),
    ];
    expect(sortByUrgency(list).map((a) => a.id)).toEqual([4, 5, 2, 3, 6, 1]);
  });
  it('does not reorder the input array', () => {
    const list = [alert(1, 'ON_TIME', '2026-01-05T00:00:00Z'), alert(2, 'OVERDUE', '2026-01-02T00:00:00Z')];
    sortByUrgency(list);
    expect(list[0].id).toBe(1);
  });
  it('finds the alerts that arrived since the last poll', () => {
    const a = [alert(1, 'ON_TIME', '2026-01-05T00:00:00Z')];
    const b = [...a, alert(9, 'OVERDUE', '2026-01-02T00:00:00Z')];
    expect(newSince(a, b).map((x) => x.id)).toEqual([9]);
  });
});

describe('filters', () => {
  it('round-trip through the URL', () => {
    const f = { ...EMPTY_FILTERS, status: 'NEW', quartier: '7510101', minAgeHours: '72' };
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
    expect(filtersToSearch(EMPTY_FILTERS)).toBe('');
  });
  it('ask the API for open alerts by default, with only the chosen filters', () => {
    const q = new URLSearchParams(alertsQuery({ ...EMPTY_FILTERS, channel: 'phone' }).slice(1));
    expect(q.get('status')).toBe('NEW,QUALIFIED,ASSIGNED,IN_PROGRESS');
    expect(q.get('channel')).toBe('phone');
    expect(q.has('teamId')).toBe(false);
    expect(q.get('size')).toBe('200');
  });
});

import { normalizeDetail } from '../src/lib/alerts';

describe('alert page shape', () => {
  it('reads the summary flattened (docs/api.md) or nested under "alert"', () => {
    const nested = normalizeDetail({ alert: { id: 7, status: 'NEW' }, reports: [{ id: 1 }], allowedTransitions: ['QUALIFIED'] });
    expect(nested.id).toBe(7);
    expect(nested.status).toBe('NEW');
    expect(nested.reports).toHaveLength(1);
    expect(nested.nearby).toEqual([]);
    const flat = normalizeDetail({ id: 8, status: 'ASSIGNED', timeline: [] });
    expect(flat.id).toBe(8);
    expect(flat.allowedTransitions).toEqual([]);
  });
});
