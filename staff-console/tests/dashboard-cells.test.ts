import { describe, expect, it } from 'vitest';
import { formatCell } from '../src/views/dashboard';

describe('dashboard cells', () => {
  it('formats dashboard cells by column kind', () => {
    expect(formatCell({ key: 'k', title: 't', kind: 'hours' }, 1.5)).toBe('1,5 h');
    expect(formatCell({ key: 'k', title: 't', kind: 'count' }, 12345).replace(/\s/g, ' ')).toBe('12 345');
    expect(formatCell({ key: 'k', title: 't', kind: 'ratio' }, 1.456)).toBe('1,46');
    expect(formatCell({ key: 'k', title: 't', kind: 'share' }, null)).toBe('—');
    expect(formatCell({ key: 'k', title: 't', kind: 'flag' }, true)).toBe('oui');
    expect(formatCell({ key: 'k', title: 't', kind: 'flag' }, false)).toBe('non');
  });
});
