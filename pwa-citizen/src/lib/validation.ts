// Pure validation helpers: point-in-commune, email, description. Unit-tested in tests/validation.test.ts.
import type { AreaGeometry, CommuneFeature, Position } from './types';

export const DESCRIPTION_MAX = 2000;
export const EMAIL_MAX = 254;

/** Ray casting on one linear ring ([lon, lat] pairs). Points exactly on an edge count as inside. */
export function pointInRing(lon: number, lat: number, ring: Position[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[i][0], yi = ring[i][1];
    const xj = ring[j][0], yj = ring[j][1];
    if (onSegment(lon, lat, xi, yi, xj, yj)) return true;
    const crosses = (yi > lat) !== (yj > lat) && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi;
    if (crosses) inside = !inside;
  }
  return inside;
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  const cross = (px - ax) * (by - ay) - (py - ay) * (bx - ax);
  if (Math.abs(cross) > 1e-12) return false;
  return px >= Math.min(ax, bx) - 1e-12 && px <= Math.max(ax, bx) + 1e-12 && py >= Math.min(ay, by) - 1e-12 && py <= Math.max(ay, by) + 1e-12;
}

/** A polygon is an outer ring followed by holes. */
export function pointInPolygon(lon: number, lat: number, rings: Position[][]): boolean {
  if (rings.length === 0 || !pointInRing(lon, lat, rings[0])) return false;
  for (let k = 1; k < rings.length; k++) {
    if (pointInRing(lon, lat, rings[k]) && !onAnyEdge(lon, lat, rings[k])) return false;
  }
  return true;
}

function onAnyEdge(lon: number, lat: number, ring: Position[]): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    if (onSegment(lon, lat, ring[i][0], ring[i][1], ring[j][0], ring[j][1])) return true;
  }
  return false;
}

export function pointInGeometry(lon: number, lat: number, geometry: AreaGeometry): boolean {
  if (geometry.type === 'Polygon') return pointInPolygon(lon, lat, geometry.coordinates);
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.some((p) => pointInPolygon(lon, lat, p));
  return false;
}

export function isInCommune(lat: number, lon: number, commune: CommuneFeature | null | undefined): boolean {
  if (!commune || !commune.geometry) return true; // outline unknown: let the backend decide (it answers 422)
  return pointInGeometry(lon, lat, commune.geometry);
}

/** The served commune under a point, if any (the app follows the pin across borders). */
export function communeAt(lat: number, lon: number, communes: CommuneFeature[]): CommuneFeature | null {
  return communes.find((c) => c.geometry && pointInGeometry(lon, lat, c.geometry)) || null;
}

/** Pragmatic email check: one @, a dot in the domain, no spaces, RFC length limit. */
export function isValidEmail(value: string): boolean {
  const v = value.trim();
  if (v.length === 0 || v.length > EMAIL_MAX) return false;
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(v) && !v.includes('..');
}

export interface FieldError { field: string; message: string }

export interface DraftForValidation {
  hasPhoto: boolean;
  lat: number | null;
  lon: number | null;
  categoryCode: string | null;
  description: string;
  contactEmail: string;
}

export function outsideCommuneMessage(communeName: string): string {
  return `Cette position est en dehors de la commune de ${communeName}. Déplacez le repère sur la carte à l'intérieur du contour de la commune : nous ne pouvons traiter que les problèmes situés sur son territoire.`;
}

export function validateDescription(description: string): string | null {
  if ([...description].length > DESCRIPTION_MAX) {
    return `La description est trop longue (${[...description].length} caractères, ${DESCRIPTION_MAX} au maximum).`;
  }
  return null;
}

/** Everything the app checks before any upload. Messages are shown to the citizen (French). */
export function validateDraft(d: DraftForValidation, commune: CommuneFeature | null, communeName: string): FieldError[] {
  const errors: FieldError[] = [];
  if (d.lat === null || d.lon === null) {
    errors.push({ field: 'position', message: 'Indiquez la position du problème (localisation ou repère sur la carte).' });
  } else if (!isInCommune(d.lat, d.lon, commune)) {
    errors.push({ field: 'position', message: outsideCommuneMessage(communeName) });
  }
  if (!d.categoryCode) errors.push({ field: 'categoryCode', message: 'Choisissez une catégorie.' });
  const desc = validateDescription(d.description);
  if (desc) errors.push({ field: 'description', message: desc });
  if (d.contactEmail.trim() !== '' && !isValidEmail(d.contactEmail)) {
    errors.push({ field: 'contactEmail', message: "L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr)." });
  }
  return errors;
}
