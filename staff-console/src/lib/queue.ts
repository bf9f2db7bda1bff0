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

/** Alerts per page of the queue (the dispatcher may choose). */
export const PAGE_SIZES = [25, 50, 100, 200];
export const DEFAULT_PAGE_SIZE = 200;

/** Where the queue stands: page 1-based as read in the URL (?page=3&size=50), size one of PAGE_SIZES. */
export interface Paging { page: number; size: number }

export function pagingFromSearch(search: string): Paging {
  const q = new URLSearchParams(search);
  const page = Math.floor(Number(q.get('page')));
  const size = Number(q.get('size'));
  return { page: Number.isFinite(page) && page >= 1 ? page : 1, size: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE };
}

/** The URL's query: the filters, then the page (omitted when 1) and size (omitted when the default). */
export function queueSearch(f: Filters, p: Paging): string {
  const q = new URLSearchParams(filtersToSearch(f));
  if (p.page > 1) q.set('page', String(p.page));
  if (p.size !== DEFAULT_PAGE_SIZE) q.set('size', String(p.size));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** How many pages `total` alerts make (at least one: an empty queue is one empty page). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

const int = new Intl.NumberFormat('fr-FR');

/** "4 100 alertes · page 3 sur 21 (n° 401 à 600)": what the dispatcher sees of the whole queue. */
export function pageSummary(total: number, p: Paging, shown: number): string {
  const pages = pageCount(total, p.size);
  const first = (p.page - 1) * p.size + 1;
  const head = `${int.format(total)} alerte${total > 1 ? 's' : ''}`;
  if (total === 0) return head.replace('0 alerte', 'Aucune alerte');
  return `${head} · page ${int.format(p.page)} sur ${int.format(pages)}`
    + (shown ? ` (${int.format(first)}${shown > 1 ? ` à ${int.format(first + shown - 1)}` : ''})` : '');
}

/** The count shown beside a status choice: a comma-separated choice adds its statuses up. */
export function statusCount(byStatus: Record<string, number> | null | undefined, choice: string): number | null {
  if (!byStatus) return null;
  const statuses = (choice || OPEN_STATUSES.join(',')).split(',');
  return statuses.reduce((sum, s) => sum + (byStatus[s] ?? 0), 0);
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
