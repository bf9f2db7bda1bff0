import { describe, expect, it } from 'vitest';
import { byFrequency, editDistance, mostFrequent, searchCategories } from '../src/lib/catsearch';
import { groupIconPath } from '../src/lib/group-icons';
import type { Category } from '../src/lib/types';

const cat = (code: string, label: string, group: string, reportsLastYear = 0): Category => ({
  code, label, group, reportsLastYear, deadlineHours: 48, dedupRadiusM: 30, serviceName: 'S', competence: 'COMMUNE', handledBy: 'Paris',
});
const ALL = [
  cat('lamp', 'Lampadaire éteint', 'Éclairage / Électricité', 2),
  cat('tag', 'Graffitis sur façade', 'Graffitis, tags, affiches et autocollants', 9),
  cat('bulky', 'Autres objets encombrants abandonnés', 'Objets abandonnés', 30),
  cat('hole', 'Trottoirs : affaissement, trou, bosse', 'Voirie et espace public', 12),
  cat('tree', 'Arbre : branche cassée', 'Arbres, végétaux et animaux'),
];

describe('category search', () => {
  it('ignores accents and case', () => {
    expect(searchCategories(ALL, 'ECLAIRAGE').map((c) => c.code)).toEqual(['lamp']);
    expect(searchCategories(ALL, 'facade').map((c) => c.code)).toEqual(['tag']);
  });
  it('forgives a typo', () => {
    expect(searchCategories(ALL, 'lampadère').map((c) => c.code)).toEqual(['lamp']);
    expect(searchCategories(ALL, 'encombrent').map((c) => c.code)).toEqual(['bulky']);
    expect(searchCategories(ALL, 'trotoir').map((c) => c.code)).toEqual(['hole']);
  });
  it('needs every word and finds nothing for nonsense', () => {
    expect(searchCategories(ALL, 'arbre cassée').map((c) => c.code)).toEqual(['tree']);
    expect(searchCategories(ALL, 'arbre lampadaire')).toEqual([]);
    expect(searchCategories(ALL, 'xyzzy')).toEqual([]);
  });
  it('ranks label matches before group matches, then by frequency', () => {
    const two = [cat('a', 'Tag sur mur', 'Propreté', 1), cat('b', 'Tag sur vitrine', 'Propreté', 5), cat('c', 'Affiche', 'Graffitis, tags')];
    expect(searchCategories(two, 'tag').map((c) => c.code)).toEqual(['b', 'a', 'c']);
  });
  it('bounds the edit distance', () => {
    expect(editDistance('lampadere', 'lampadaire', 2)).toBe(2);
    expect(editDistance('abcdef', 'zzzzzz', 1)).toBe(2);
    expect(editDistance('trottoir', 'trottior', 1)).toBe(1);
  });
});

describe('frequency order', () => {
  it('offers the commune\'s most reported categories first', () => {
    expect(mostFrequent(ALL, 3).map((c) => c.code)).toEqual(['bulky', 'hole', 'tag']);
    expect(mostFrequent(ALL, 10).some((c) => c.code === 'tree')).toBe(false); // never reported: not "frequent"
  });
  it('orders groups by their reports, alphabetical when none', () => {
    const groups = [{ group: 'Zèbre', categories: [] as Category[] }, { group: 'Eau', categories: [cat('x', 'Fuite', 'Eau', 1), cat('y', 'Bouche', 'Eau', 4)] }, { group: 'Arbres', categories: [] as Category[] }];
    const sorted = byFrequency(groups);
    expect(sorted.map((g) => g.group)).toEqual(['Eau', 'Arbres', 'Zèbre']);
    expect(sorted[0].categories.map((c) => c.code)).toEqual(['y', 'x']);
  });
});

describe('group icons', () => {
  it('gives known groups their own icon and unknown ones the pin', () => {
    const pin = groupIconPath('Quelque chose d’autre');
    expect(groupIconPath('Éclairage / Électricité')).not.toBe(pin);
    expect(groupIconPath('Graffitis, tags, affiches et autocollants')).not.toBe(groupIconPath('Éclairage public'));
    expect(groupIconPath('Eau')).not.toBe(pin);
  });
});
