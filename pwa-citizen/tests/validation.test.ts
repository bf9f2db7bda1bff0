import { describe, expect, it } from 'vitest';
import { communeAt, isInCommune, isValidEmail, pointInGeometry, validateDescription, validateDraft, DESCRIPTION_MAX } from '../src/lib/validation';
import type { CommuneFeature, MultiPolygonGeometry } from '../src/lib/types';

// A square commune around Paris centre with a square hole, plus a separate island polygon.
const square = [[2.30, 48.83], [2.40, 48.83], [2.40, 48.88], [2.30, 48.88], [2.30, 48.83]];
const hole = [[2.33, 48.84], [2.34, 48.84], [2.34, 48.85], [2.33, 48.85], [2.33, 48.84]];
const island = [[2.50, 48.90], [2.52, 48.90], [2.52, 48.92], [2.50, 48.92], [2.50, 48.90]];
const geometry: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[square, hole], [island]] };
const commune: CommuneFeature = { type: 'Feature', geometry, properties: { name: 'Paris', inseeCode: '75056' } };

describe('point in commune', () => {
  it('accepts a point inside the outer ring', () => {
    expect(isInCommune(48.8566, 2.3522, commune)).toBe(true);
  });
  it('refuses a point outside every polygon', () => {
    expect(isInCommune(48.80, 2.35, commune)).toBe(false);
    expect(isInCommune(48.8566, 2.45, commune)).toBe(false);
  });
  it('refuses a point in a hole', () => {
    expect(isInCommune(48.845, 2.335, commune)).toBe(false);
  });
  it('accepts a point in the second polygon of a MultiPolygon', () => {
    expect(isInCommune(48.91, 2.51, commune)).toBe(true);
  });
  it('treats a point on the boundary as inside', () => {
    expect(pointInGeometry(2.30, 48.85, geometry)).toBe(true);
    expect(pointInGeometry(2.35, 48.83, geometry)).toBe(true);
  });
  it('works on a concave polygon', () => {
    // U shape: the notch (2.5, 0.8) is outside.
    const u = { type: 'Polygon' as const, coordinates: [[[0, 0], [3, 0], [3, 1], [2, 1], [2, 0.5], [1, 0.5], [1, 1], [0, 1], [0, 0]]] };
    expect(pointInGeometry(1.5, 0.8, u)).toBe(false);
    expect(pointInGeometry(2.5, 0.8, u)).toBe(true);
    expect(pointInGeometry(1.5, 0.2, u)).toBe(true);
  });
  it('lets the backend decide when the outline is unknown', () => {
    expect(isInCommune(0, 0, null)).toBe(true);
  });
});

describe('email', () => {
  it.each(['a@b.fr', 'prenom.nom@mairie-exemple.fr', ' x+tag@sub.domain.org '])('accepts %s', (e) => {
    expect(isValidEmail(e)).toBe(true);
  });
  it.each(['', 'abc', 'a@b', 'a b@c.fr', 'a@@b.fr', '@b.fr', 'a@b..fr', 'a@.fr', `${'x'.repeat(250)}@b.fr`])('refuses %s', (e) => {
    expect(isValidEmail(e)).toBe(false);
  });
});

describe('description and draft', () => {
  it('accepts up to 2000 characters, refuses more', () => {
    expect(validateDescription('x'.repeat(DESCRIPTION_MAX))).toBeNull();
    expect(validateDescription('x'.repeat(DESCRIPTION_MAX + 1))).toMatch(/trop longue/);
  });
  it('counts characters, not UTF-16 units', () => {
    expect(validateDescription('🚧'.repeat(DESCRIPTION_MAX))).toBeNull();
  });
  const ok = { hasPhoto: true, lat: 48.8566, lon: 2.3522, categoryCode: 'VOIRIE_NID', description: 'Trou', contactEmail: '' };
  it('accepts a complete draft', () => {
    expect(validateDraft(ok, commune, 'Paris')).toEqual([]);
  });
  it('refuses a position outside the commune with a message naming it', () => {
    const errs = validateDraft({ ...ok, lat: 48.7, lon: 2.1 }, commune, 'Paris');
    expect(errs).toHaveLength(1);
    expect(errs[0].field).toBe('position');
    expect(errs[0].message).toContain('en dehors de la commune de Paris');
  });
  it('reports missing category, missing position and a bad email', () => {
    const errs = validateDraft({ ...ok, lat: null, lon: null, categoryCode: null, contactEmail: 'pas-un-email' }, commune, 'Paris');
    expect(errs.map((e) => e.field).sort()).toEqual(['categoryCode', 'contactEmail', 'position']);
  });
});

describe('the commune under the pin (one deployment, several communes)', () => {
  // Two neighbours sharing the border x = 7.75, as Strasbourg and Schiltigheim do.
  const west: CommuneFeature = { type: 'Feature', properties: { name: 'Strasbourg', inseeCode: '67482' },
    geometry: { type: 'Polygon', coordinates: [[[7.70, 48.58], [7.75, 48.58], [7.75, 48.62], [7.70, 48.62], [7.70, 48.58]]] } };
  const east: CommuneFeature = { type: 'Feature', properties: { name: 'Schiltigheim', inseeCode: '67447' },
    geometry: { type: 'Polygon', coordinates: [[[7.75, 48.58], [7.80, 48.58], [7.80, 48.62], [7.75, 48.62], [7.75, 48.58]]] } };
  it('switches as the pin crosses the border', () => {
    expect(communeAt(48.60, 7.749, [west, east])?.properties.inseeCode).toBe('67482');
    expect(communeAt(48.60, 7.751, [west, east])?.properties.inseeCode).toBe('67447');
  });
  it('finds none outside every served commune', () => {
    expect(communeAt(48.60, 7.85, [west, east])).toBeNull();
    expect(communeAt(48.60, 7.72, [])).toBeNull();
  });
});
