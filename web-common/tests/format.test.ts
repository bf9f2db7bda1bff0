import { describe, expect, it } from 'vitest';
import { formatAge, formatDue, formatHours, formatShare, formatBytes, formatDate, formatDateTime, formatDistance, plural } from '../src/format';

describe('French formatting', () => {
  it('reads durations', () => {
    expect(formatHours(0.5)).toBe('30 min');
    expect(formatHours(5.25)).toBe('5,3 h');
    expect(formatHours(72)).toBe('3 j');
    expect(formatHours(null)).toBe('—');
  });
  it('reads shares', () => {
    expect(formatShare(0.8234).replace(/\s/g, ' ')).toBe('82,3 %');
    expect(formatShare(null)).toBe('—');
  });
  it('reads ages and deadlines', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(formatAge('2026-01-10T09:00:00Z', now)).toBe('il y a 3 h');
    expect(formatAge('2026-01-05T12:00:00Z', now)).toBe('il y a 5 j');
    expect(formatDue('2026-01-10T10:00:00Z', now)).toBe('en retard de 2 h');
    expect(formatDue('2026-01-10T12:30:00Z', now)).toBe('dans 30 min');
  });
  it('reads distances, sizes and counts', () => {
    expect(formatDistance(42.4)).toBe('42 m');
    expect(formatDistance(1530)).toBe('1,5 km');
    expect(formatBytes(300 * 1024)).toBe('300 Ko');
    expect(formatBytes(2.5 * 1024 * 1024)).toBe('2,5 Mo');
    expect(plural(1, 'signalement', 'signalements')).toBe('1 signalement');
    expect(plural(3, 'signalement', 'signalements')).toBe('3 signalements');
  });
  it('spells dates out in Paris time for citizens, and shows an unreadable one as it came', () => {
    expect(formatDateTime('2026-03-12T13:05:00Z').replace(/\s/g, ' ')).toBe('12 mars 2026 à 14:05');
    expect(formatDate('2026-07-01T23:30:00Z')).toBe('2 juillet 2026');
    expect(formatDateTime('demain')).toBe('demain');
    expect(formatDateTime(null)).toBe('—');
  });
});

import { pinPhrase } from '../src/address';

describe('pinPhrase', () => {
  const hit = { label: '12 Rue de Rivoli', street: 'Rue de Rivoli', number: 12, postcode: '75004', lat: 48.8556, lon: 2.3599, exactNumber: true };
  it('says "devant le" at the door and "près du … à N m" farther', () => {
    expect(pinPhrase({ address: hit, distanceM: 4.2 })).toBe('devant le 12 Rue de Rivoli (75004)');
    expect(pinPhrase({ address: hit, distanceM: 42.4 })).toBe('près du 12 Rue de Rivoli (75004), à 42 m');
  });
  it('says nothing when no address is near', () => {
    expect(pinPhrase({ address: null, distanceM: null })).toBeNull();
    expect(pinPhrase(null)).toBeNull();
  });
});
