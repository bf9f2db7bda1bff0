import { describe, expect, it } from 'vitest';
import { alertsQuery, filtersFromSearch, filtersToSearch, newSince, sortByUrgency, EMPTY_FILTERS, DEFAULT_PAGE_SIZE, pageCount, pageSummary, pagingFromSearch, queueSearch, statusCount } from '../src/lib/queue';
import type { AlertSummary } from '../src/lib/types';

function alert(id: number, dueStatus: AlertSummary['dueStatus'], dueAt: string, reopenedCount = 0, status = 'NEW'): AlertSummary {
  return {
    id, version: 0, status, statusLabel: status, category: { code: 'c', label: 'C', group: 'G' }, service: null, team: null, agent: null,
    lat: 48.85, lon: 2.35, address: null, quartier: null, channel: 'pwa', reportCount: 1, firstReportAt: dueAt, lastReportAt: dueAt,
    dueAt, dueStatus, reopenedCount, thumbnailUrl: null, commune: { inseeCode: '75056', name: 'Paris' }, distanceM: null,
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

describe('queue paging', () => {
  it('reads the page and size from the URL, refusing nonsense', () => {
    expect(pagingFromSearch('?page=3&size=50')).toEqual({ page: 3, size: 50 });
    expect(pagingFromSearch('?page=-2&size=7')).toEqual({ page: 1, size: DEFAULT_PAGE_SIZE });
    expect(pagingFromSearch('?page=abc')).toEqual({ page: 1, size: DEFAULT_PAGE_SIZE });
  });
  it('writes filters, then page and size only when not the default', () => {
    expect(queueSearch({ ...EMPTY_FILTERS, channel: 'phone' }, { page: 1, size: DEFAULT_PAGE_SIZE })).toBe('?channel=phone');
    expect(queueSearch(EMPTY_FILTERS, { page: 4, size: 25 })).toBe('?page=4&size=25');
  });
  it('counts pages and says where the page is in the whole queue', () => {
    expect(pageCount(0, 200)).toBe(1);
    expect(pageCount(200, 200)).toBe(1);
    expect(pageCount(4100, 200)).toBe(21);
    expect(pageSummary(4100, { page: 3, size: 200 }, 200)).toBe('4\u202f100 alertes · page 3 sur 21 (401 à 600)');
    expect(pageSummary(4100, { page: 21, size: 200 }, 100)).toBe('4\u202f100 alertes · page 21 sur 21 (4\u202f001 à 4\u202f100)');
    expect(pageSummary(0, { page: 1, size: 200 }, 0)).toBe('Aucune alerte');
    expect(pageSummary(1, { page: 1, size: 200 }, 1)).toBe('1 alerte · page 1 sur 1 (1)');
  });
  it('adds up the counts of a status choice; open statuses when none is chosen', () => {
    const by = { NEW: 3, QUALIFIED: 2, ASSIGNED: 1, IN_PROGRESS: 4, RESOLVED: 10, CLOSED: 0, REJECTED: 0, FORWARDED: 0 };
    expect(statusCount(by, '')).toBe(10);
    expect(statusCount(by, 'NEW')).toBe(3);
    expect(statusCount(by, 'RESOLVED,CLOSED')).toBe(10);
    expect(statusCount(null, 'NEW')).toBeNull();
  });
});
