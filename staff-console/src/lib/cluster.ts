// Marker clustering on a pixel grid: at a given zoom, points whose projected pixels fall in the
// same cell become one cluster placed at their mean position. Pure, so it is unit-tested.

export interface Point<T> { lat: number; lon: number; item: T }
export interface Cluster<T> { lat: number; lon: number; items: T[] }

/** Web Mercator pixel coordinates at zoom z (256-px tiles). */
export function project(lat: number, lon: number, zoom: number): { x: number; y: number } {
  const scale = 256 * 2 ** zoom;
  const s = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
  return { x: ((lon + 180) / 360) * scale, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale };
}

export function cluster<T>(points: Point<T>[], zoom: number, cellPx = 64, maxZoom = 17): Cluster<T>[] {
  if (zoom >= maxZoom) return points.map((p) => ({ lat: p.lat, lon: p.lon, items: [p.item] }));
  const cells = new Map<string, { lat: number; lon: number; items: T[] }>();
  for (const p of points) {
    const { x, y } = project(p.lat, p.lon, zoom);
    const key = `${Math.floor(x / cellPx)}:${Math.floor(y / cellPx)}`;
    const c = cells.get(key);
    if (c) {
      c.lat += p.lat; c.lon += p.lon; c.items.push(p.item);
    } else {
      cells.set(key, { lat: p.lat, lon: p.lon, items: [p.item] });
    }
  }
  return [...cells.values()].map((c) => ({ lat: c.lat / c.items.length, lon: c.lon / c.items.length, items: c.items }));
}
