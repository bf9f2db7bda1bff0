// Moderation: what the public may see of an alert (docs/privacy.md). A report's text is private until a
// dispatcher publishes it, as typed or edited (the original stays staff-only); a photo is private until
// published. Each call answers the alert page, as every dispatch action does.
import type { Api } from './api';
import type { AlertDetail, PhotoRef, ReportView } from './types';

export type TextState = 'PRIVATE' | 'PUBLISHED' | 'EDITED';

/** Where a report's text stands: private, published as typed, or published in an edited version. */
export function textState(r: Pick<ReportView, 'description' | 'publicDescription'>): TextState {
  if (r.publicDescription == null) return 'PRIVATE';
  return r.publicDescription === r.description ? 'PUBLISHED' : 'EDITED';
}

export const TEXT_STATE_LABELS: Record<TextState, string> = {
  PRIVATE: 'Texte non public (visible des seuls agents de la mairie)',
  PUBLISHED: 'Texte public, tel que saisi',
  EDITED: 'Texte public, dans une version modifiée',
};

export function photoLabel(p: Pick<PhotoRef, 'published'>): string {
  return p.published ? 'Photo publique' : 'Photo non publique';
}

/** Publishes the text: as typed when {@code publicText} is empty, else that edited version. */
export function publishText(api: Api, alertId: number, reportId: number, publicText?: string): Promise<AlertDetail> {
  const text = publicText?.trim();
  return api.put<AlertDetail>(`/api/v1/alerts/${alertId}/reports/${reportId}/publication`, text ? { publicText: text } : undefined);
}

export function withdrawText(api: Api, alertId: number, reportId: number): Promise<AlertDetail> {
  return api.delete<AlertDetail>(`/api/v1/alerts/${alertId}/reports/${reportId}/publication`);
}

export function setPhotoPublished(api: Api, alertId: number, key: string, published: boolean): Promise<AlertDetail> {
  const path = `/api/v1/alerts/${alertId}/photos/${encodeURIComponent(key)}/publication`;
  return published ? api.put<AlertDetail>(path) : api.delete<AlertDetail>(path);
}

/** A region blurred in a photo's public version, in the photo's pixels. */
export interface BlurBox { x: number; y: number; w: number; h: number; source?: string }

export const BLUR_SOURCE_LABELS: Record<string, string> = {
  face: 'Visage détecté',
  plate: 'Plaque détectée',
  staff: 'Zone ajoutée à la main',
};

/**
 * A box typed by a dispatcher (x, y, width, height in the photo's pixels), checked against the photo;
 * an error message in French when it does not fit.
 */
export function parseBox(values: { x: string; y: string; w: string; h: string }, width: number, height: number): BlurBox | string {
  const [x, y, w, h] = [values.x, values.y, values.w, values.h].map((v) => Number.parseInt(v, 10));
  if ([x, y, w, h].some((n) => !Number.isFinite(n))) return 'Indiquez x, y, largeur et hauteur en pixels.';
  if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
    return `La zone doit tenir dans la photo (${width} × ${height} pixels).`;
  }
  return { x, y, w, h, source: 'staff' };
}

/**
 * The box dragged from {@code a} to {@code b} (points on the photo as shown, {@code shown} its size on
 * screen) in the photo's own pixels, whichever way the drag went, clipped to the photo; null when it
 * is too small to be meant (a click or a slip of the finger: under 4 pixels on screen either way).
 */
export function boxFromDrag(a: { x: number; y: number }, b: { x: number; y: number },
  shown: { width: number; height: number }, width: number, height: number): BlurBox | null {
  if (shown.width <= 0 || shown.height <= 0) return null;
  if (Math.abs(b.x - a.x) < 4 || Math.abs(b.y - a.y) < 4) return null;
  const sx = width / shown.width;
  const sy = height / shown.height;
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  const x0 = Math.round(clamp(Math.min(a.x, b.x) * sx, width));
  const y0 = Math.round(clamp(Math.min(a.y, b.y) * sy, height));
  const x1 = Math.round(clamp(Math.max(a.x, b.x) * sx, width));
  const y1 = Math.round(clamp(Math.max(a.y, b.y) * sy, height));
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0, source: 'staff' };
}

/** Replaces the regions blurred in a photo's public version; the server makes that version again. */
export function setBlurBoxes(api: Api, alertId: number, key: string, boxes: BlurBox[]): Promise<AlertDetail> {
  return api.put<AlertDetail>(`/api/v1/alerts/${alertId}/photos/${encodeURIComponent(key)}/blur`,
    { boxes: boxes.map(({ x, y, w, h, source }) => ({ x, y, w, h, source: source ?? 'staff' })) });
}
