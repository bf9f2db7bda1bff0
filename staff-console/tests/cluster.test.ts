import { describe, expect, it } from 'vitest';
import { cluster, project } from '../src/lib/cluster';

describe('clustering', () => {
  const pts = [
    { lat: 48.8566, lon: 2.3522, item: 'a' },
    { lat: 48.8567, lon: 2.3523, item: 'b' },
    { lat: 48.8800, lon: 2.2900, item: 'c' },
  ];
  it('groups close points at low zoom and keeps far ones apart', () => {
    const c = cluster(pts, 12);
    expect(c).toHaveLength(2);
    const big = c.find((x) => x.items.length === 2)!;
    expect(big.items.sort()).toEqual(['a', 'b']);
    expect(big.lat).toBeCloseTo(48.85665, 5);
  });
  it('groups everything when zoomed far out', () => {
    expect(cluster(pts, 3)).toHaveLength(1);
  });
  it('shows every point at street level', () => {
    expect(cluster(pts, 17)).toHaveLength(3);
  });
  it('projects like Web Mercator', () => {
    const p = project(0, 0, 0);
    expect(p.x).toBeCloseTo(128);
    expect(p.y).toBeCloseTo(128);
  });
});
