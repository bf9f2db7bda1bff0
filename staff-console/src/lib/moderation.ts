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

/** Replaces the regions blurred in a photo's public version; the server makes that version again. */
export function setBlurBoxes(api: Api, alertId: number, key: string, boxes: BlurBox[]): Promise<AlertDetail> {
  return api.put<AlertDetail>(`/api/v1/alerts/${alertId}/photos/${encodeURIComponent(key)}/blur`,
    { boxes: boxes.map(({ x, y, w, h, source }) => ({ x, y, w, h, source: source ?? 'staff' })) });
}
