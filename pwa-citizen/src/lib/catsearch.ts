// Category search a person can use: accents and case ignored, a typo forgiven ("lampadère",
// "encombrent"), every word of the query must match a word of the label or of its group. Client-side:
// the catalogue is already on the device (offline too).
import type { Category } from './types';

export function norm(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function words(s: string): string[] {
  return norm(s).split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** Optimal string alignment distance (Levenshtein + adjacent swaps), stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** How well one query word matches one label word: 0 = no match, higher = better. */
function wordScore(q: string, w: string): number {
  if (w === q) return 4;
  if (w.startsWith(q)) return 3;
  if (q.length >= 3 && w.includes(q)) return 2;
  if (q.length < 4) return 0;
  const max = q.length >= 8 ? 2 : 1;
  // A typo in the whole word, or in the beginning typed so far ("lampadère" → "lampadaire", "trotoi" → "trottoirs").
  if (editDistance(q, w, max) <= max) return 1.5;
  for (const n of [q.length - 1, q.length, q.length + 1]) {
    if (n < w.length && editDistance(q, w.slice(0, n), max) <= max) return 1;
  }
  return 0;
}

/**
 * Categories matching the query, best first: label matches before group matches, then the
 * commune's most reported, then alphabetical order.
 */
export function searchCategories(all: Category[], query: string, limit = 30): Category[] {
  const qs = words(query).filter((w) => w.length > 1 || /\d/.test(w));
  if (!qs.length) return [];
  const scored: { c: Category; score: number }[] = [];
  for (const c of all) {
    const lw = words(c.label);
    const gw = words(c.group);
    let score = 0;
    let ok = true;
    for (const q of qs) {
      const inLabel = Math.max(0, ...lw.map((w) => wordScore(q, w)));
      const inGroup = Math.max(0, ...gw.map((w) => wordScore(q, w))) * 0.5;
      const s = Math.max(inLabel, inGroup);
      if (s === 0) { ok = false; break; }
      score += s;
    }
    if (ok) scored.push({ c, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || (b.c.reportsLastYear ?? 0) - (a.c.reportsLastYear ?? 0) || a.c.label.localeCompare(b.c.label, 'fr'))
    .slice(0, limit)
    .map((s) => s.c);
}

/** The commune's most reported categories (at least one report over 12 months), most first. */
export function mostFrequent(all: Category[], n: number): Category[] {
  return all.filter((c) => (c.reportsLastYear ?? 0) > 0)
    .sort((a, b) => b.reportsLastYear - a.reportsLastYear || a.label.localeCompare(b.label, 'fr'))
    .slice(0, n);
}

/** Groups and their categories, most reported first (then alphabetical): what people report most is seen first. */
export function byFrequency<G extends { group: string; categories: Category[] }>(groups: G[]): G[] {
  const total = (g: G) => g.categories.reduce((s, c) => s + (c.reportsLastYear ?? 0), 0);
  return groups
    .map((g) => ({ ...g, categories: [...g.categories].sort((a, b) => (b.reportsLastYear ?? 0) - (a.reportsLastYear ?? 0) || a.label.localeCompare(b.label, 'fr')) }))
    .sort((a, b) => total(b) - total(a) || a.group.localeCompare(b.group, 'fr'));
}
