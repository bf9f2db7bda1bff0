import { describe, expect, it } from 'vitest';
import { chartSvg, niceMax } from '../src/lib/charts';

describe('inline SVG charts', () => {
  it('has an accessible title and description, and escapes labels', () => {
    const svg = chartSvg({ kind: 'line', title: 'Délais <semaine>', desc: 'd', labels: ['05/01', '12/01'], series: [{ name: 'Médiane', color: '#000', values: [1, null] }] });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id=');
    expect(svg).toContain('Délais &lt;semaine&gt;');
    expect(svg).toContain('<circle');
  });
  it('draws one bar per value', () => {
    const svg = chartSvg({ kind: 'bar', title: 't', desc: 'd', labels: ['a', 'b', 'c'], series: [{ name: 's', color: '#000', values: [1, 2, 3] }] });
    expect(svg.match(/class="bar"/g)).toHaveLength(3);
  });
  it('rounds axes up to readable values', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(0.83)).toBe(1);
    expect(niceMax(130)).toBe(200);
    expect(niceMax(2400)).toBe(2500);
  });
});
