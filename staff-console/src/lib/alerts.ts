// The alert page's shape: docs/api.md describes AlertDetail as AlertSummary + {reports, timeline, …};
// the backend may also nest the summary under "alert". Both are read the same way.
import type { AlertDetail, AlertSummary } from './types';

export function normalizeDetail(raw: unknown): AlertDetail {
  const r = raw as Record<string, unknown> & { alert?: AlertSummary };
  const { alert, ...rest } = r;
  const d = (alert && typeof alert === 'object' ? { ...alert, ...rest } : r) as unknown as AlertDetail;
  d.reports ??= [];
  d.timeline ??= [];
  d.nearby ??= [];
  d.afterPhotos ??= [];
  d.beforePhotos ??= [];
  d.allowedTransitions ??= [];
  d.forwarding ??= null;
  return d;
}
