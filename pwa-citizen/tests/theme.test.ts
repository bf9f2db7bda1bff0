import { describe, expect, it } from 'vitest';
import { contrastRatio, ensureContrast, textOn } from '../src/lib/theme';

describe('theme contrast', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 0);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 1);
  });
  it('picks readable text colour', () => {
    expect(textOn('#ffeb3b')).toBe('#000000');
    expect(textOn('#1d4f91')).toBe('#ffffff');
  });
  it('darkens a light primary colour until it passes AA on white', () => {
    const c = ensureContrast('#7fc8ff');
    expect(contrastRatio(c, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(ensureContrast('#1d4f91')).toBe('#1d4f91');
  });
});
