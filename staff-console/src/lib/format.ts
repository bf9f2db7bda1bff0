// French formatting of dates, durations and shares.

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
const dateOnly = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'Europe/Paris' });
const time = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'medium', timeZone: 'Europe/Paris' });

export const fmtDateTime = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');
export const fmtDate = (iso: string | null | undefined): string => (iso ? dateOnly.format(new Date(iso)) : '—');
export const fmtTime = (d: Date): string => time.format(d);

const num1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const int = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** Hours as people read them: "45 min", "5,5 h", "3,2 j". */
export function fmtHours(h: number | null | undefined): string {
  if (h == null || Number.isNaN(h)) return '—';
  if (h < 1) return `${int.format(h * 60)} min`;
  if (h < 48) return `${num1.format(h)} h`;
  return `${num1.format(h / 24)} j`;
}

export function fmtShare(s: number | null | undefined): string {
  if (s == null || Number.isNaN(s)) return '—';
  return `${num1.format(s * 100)} %`;
}

export function fmtCount(n: number | null | undefined): string {
  return n == null ? '—' : int.format(n);
}

/** Age of an instant relative to now, in French ("il y a 3 h", "il y a 2 j"). */
export function fmtAge(iso: string, now: number = Date.now()): string {
  const h = (now - new Date(iso).getTime()) / 3_600_000;
  if (h < 1) return `il y a ${Math.max(0, Math.round(h * 60))} min`;
  if (h < 48) return `il y a ${Math.round(h)} h`;
  return `il y a ${Math.round(h / 24)} j`;
}

/** Time left before a due date ("dans 5 h", "en retard de 2 j"). */
export function fmtDue(iso: string, now: number = Date.now()): string {
  const h = (new Date(iso).getTime() - now) / 3_600_000;
  const a = Math.abs(h);
  const txt = a < 1 ? `${Math.round(a * 60)} min` : a < 48 ? `${Math.round(a)} h` : `${Math.round(a / 24)} j`;
  return h < 0 ? `en retard de ${txt}` : `dans ${txt}`;
}

/** YYYY-MM-DD of a date in Europe/Paris. */
export function isoDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}
