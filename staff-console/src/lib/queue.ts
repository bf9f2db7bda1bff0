// The triage queue: filters <-> URL/API query, and the urgency order (same rule as the backend:
// reopened first, then overdue, then due soon, then by due date).
import type { AlertSummary } from './types';
import { OPEN_STATUSES } from './labels';

export interface Filters {
  status: string; // comma-separated statuses, "" = open ones
  categoryCode: string;
  serviceId: string;
  teamId: string;
  quartier: string;
  channel: string;
  minAgeHours: string;
}

export const EMPTY_FILTERS: Filters = { status: '', categoryCode: '', serviceId: '', teamId: '', quartier: '', channel: '', minAgeHours: '' };
const KEYS = Object.keys(EMPTY_FILTERS) as (keyof Filters)[];

export function filtersFromSearch(search: string): Filters {
  const q = new URLSearchParams(search);
  const f = { ...EMPTY_FILTERS };
  for (const k of KEYS) f[k] = q.get(k) ?? '';
  return f;
}

export function filtersToSearch(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of KEYS) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The API query of the queue: open statuses unless a status is chosen. */
export function alertsQuery(f: Filters, page = 0, size = 200): string {
  const q = new URLSearchParams();
  q.set('status', f.status || OPEN_STATUSES.join(','));
  for (const k of KEYS) if (k !== 'status' && f[k]) q.set(k, f[k]);
  q.set('page', String(page));
  q.set('size', String(size));
  return `?${q.toString()}`;
}

const DUE_RANK: Record<string, number> = { OVERDUE: 0, DUE_SOON: 1, ON_TIME: 2 };

export function urgencyCompare(a: AlertSummary, b: AlertSummary): number {
  const ra = a.reopenedCount > 0 && OPEN_STATUSES.includes(a.status) ? 0 : 1;
  const rb = b.reopenedCount > 0 && OPEN_STATUSES.includes(b.status) ? 0 : 1;
  if (ra !== rb) return ra - rb;
  const da = DUE_RANK[a.dueStatus] ?? 3, db = DUE_RANK[b.dueStatus] ?? 3;
  if (da !== db) return da - db;
  const t = new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime();
  return t !== 0 ? t : a.id - b.id;
}

export function sortByUrgency(items: AlertSummary[]): AlertSummary[] {
  return [...items].sort(urgencyCompare);
}

/** What changed between two polls, for the live region ("2 nouvelles alertes"). */
export function newSince(before: AlertSummary[], after: AlertSummary[]): AlertSummary[] {
  const seen = new Set(before.map((a) => a.id));
  return after.filter((a) => !seen.has(a.id));
}
