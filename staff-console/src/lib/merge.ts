// Merging a duplicate: alerts of different category groups are rarely one problem, so the server
// refuses such a merge (409, crossGroup) unless the request says the dispatcher confirmed it.
import { ApiError } from '@signalement/web-common/api';

/** The two groups of a refused cross-group merge, from the server's problem. */
export interface CrossGroup { keptGroup: string; otherGroup: string }

/** Whether two alerts' groups differ (an unknown group never counts as different: the server decides). */
export function differentGroups(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a !== b;
}

/** The body of POST /api/v1/alerts/{id}/merge. */
export function mergeBody(otherId: number, crossGroupConfirmed: boolean): { alertId: number; crossGroupConfirmed?: true } {
  return crossGroupConfirmed ? { alertId: otherId, crossGroupConfirmed: true } : { alertId: otherId };
}

/** The groups named by a 409 "merge to confirm", or null for any other error. */
export function crossGroupOf(e: unknown): CrossGroup | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null;
  const p = e.problem as unknown as Record<string, unknown>;
  return p.crossGroup === true ? { keptGroup: String(p.keptGroup ?? ''), otherGroup: String(p.otherGroup ?? '') } : null;
}

/** The confirmation asked before a cross-group merge, naming both groups. */
export function crossGroupQuestion(keptId: number, otherId: number, g: CrossGroup): string {
  return `Familles différentes : l’alerte n° ${otherId} relève de « ${g.otherGroup} », celle-ci (n° ${keptId}) de « ${g.keptGroup} ». `
    + 'Deux familles différentes décrivent rarement le même problème. Fusionner quand même ?';
}
