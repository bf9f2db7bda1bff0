import { describe, expect, it } from 'vitest';
import { fmtAge, fmtDue, fmtHours, fmtShare } from '../src/lib/format';
import { formatCell } from '../src/views/dashboard';

describe('French formatting', () => {
  it('reads durations', () => {
    expect(fmtHours(0.5)).toBe('30 min');
    expect(fmtHours(5.25)).toBe('5,3 h');
    expect(fmtHours(72)).toBe('3 j');
    expect(fmtHours(null)).toBe('—');
  });
  it('reads shares', () => {
    expect(fmtShare(0.8234).replace(/\s/g, ' ')).toBe('82,3 %');
    expect(fmtShare(null)).toBe('—');
  });
  it('reads ages and deadlines', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(fmtAge('2026-01-10T09:00:00Z', now)).toBe('il y a 3 h');
    expect(fmtAge('2026-01-05T12:00:00Z', now)).toBe('il y a 5 j');
    expect(fmtDue('2026-01-10T10:00:00Z', now)).toBe('en retard de 2 h');
    expect(fmtDue('2026-01-10T12:30:00Z', now)).toBe('dans 30 min');
  });
  it('formats dashboard cells by column kind', () => {
    expect(formatCell({ key: 'k', title: 't', kind: 'hours' }, 1.5)).toBe('1,5 h');
    expect(formatCell({ key: 'k', title: 't', kind: 'count' }, 12345).replace(/\s/g, ' ')).toBe('12 345');
    expect(formatCell({ key: 'k', title: 't', kind: 'ratio' }, 1.456)).toBe('1,46');
    expect(formatCell({ key: 'k', title: 't', kind: 'share' }, null)).toBe('—');
  });
});
