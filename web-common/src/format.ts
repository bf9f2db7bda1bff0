// French formatting of dates, durations, distances and numbers, for both front ends.
// The citizen app spells dates out ("12 mars 2026 à 14:05"); the staff console's tables use the short forms.
// The formatters are built once (building an Intl formatter is slow); @__PURE__ lets the bundler drop the
// ones an app never uses.

const TZ = 'Europe/Paris';
const dateTimeLong = /* @__PURE__ */ new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: TZ });
const dateLong = /* @__PURE__ */ new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: TZ });
const dateTimeShort = /* @__PURE__ */ new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: TZ });
const dateMedium = /* @__PURE__ */ new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: TZ });
const time = /* @__PURE__ */ new Intl.DateTimeFormat('fr-FR', { timeStyle: 'medium', timeZone: TZ });
const num1 = /* @__PURE__ */ new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const int = /* @__PURE__ */ new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

// --- Dates

/** "12 mars 2026 à 14:05"; an unreadable date is shown as it came. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeLong.format(d);
}

/** "12 mars 2026"; an unreadable date is shown as it came. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateLong.format(d);
}

/** "12/03/2026 14:05", for tables. */
export const formatDateTimeShort = (iso: string | null | undefined): string => (iso ? dateTimeShort.format(new Date(iso)) : '—');
/** "12 mars 2026" with the month abbreviated where it is long ("12 déc. 2026"). */
export const formatDateMedium = (iso: string | null | undefined): string => (iso ? dateMedium.format(new Date(iso)) : '—');
/** "14:05:30". */
export const formatTime = (d: Date): string => time.format(d);

/** YYYY-MM-DD of a date in Europe/Paris. */
export function isoDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

// --- Durations

/** Hours as people read them: "45 min", "5,5 h", "3,2 j". */
export function formatHours(h: number | null | undefined): string {
  if (h == null || Number.isNaN(h)) return '—';
  if (h < 1) return `${int.format(h * 60)} min`;
  if (h < 48) return `${num1.format(h)} h`;
  return `${num1.format(h / 24)} j`;
}

/** Age of an instant relative to now, in French ("il y a 3 h", "il y a 2 j"). */
export function formatAge(iso: string, now: number = Date.now()): string {
  const h = (now - new Date(iso).getTime()) / 3_600_000;
  if (h < 1) return `il y a ${Math.max(0, Math.round(h * 60))} min`;
  if (h < 48) return `il y a ${Math.round(h)} h`;
  return `il y a ${Math.round(h / 24)} j`;
}

/** Time left before a due date ("dans 5 h", "en retard de 2 j"). */
export function formatDue(iso: string, now: number = Date.now()): string {
  const h = (new Date(iso).getTime() - now) / 3_600_000;
  const a = Math.abs(h);
  const txt = a < 1 ? `${Math.round(a * 60)} min` : a < 48 ? `${Math.round(a)} h` : `${Math.round(a / 24)} j`;
  return h < 0 ? `en retard de ${txt}` : `dans ${txt}`;
}

// --- Numbers

export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1).replace('.', ',')} km`;
}

export function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${Math.round(n / 1024)} Ko` : `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

export function formatShare(s: number | null | undefined): string {
  if (s == null || Number.isNaN(s)) return '—';
  return `${num1.format(s * 100)} %`;
}

export function formatCount(n: number | null | undefined): string {
  return n == null ? '—' : int.format(n);
}
