/// <reference path="./vectorgrid.d.ts" />
// The base map: by default the commune pack's own vector tiles (GET /tiles/{z}/{x}/{y}), drawn on
// canvas by Leaflet.VectorGrid in the commune's colours — no position or address goes to a
// third-party tile server; an external raster source only when the commune configured one. Import it
// only from lazily loaded code: it pulls Leaflet (and VectorGrid, ~30 KB gzip, on first use) in.
import L from 'leaflet';

export interface BaseMapSettings {
  kind: string;
  url?: string | null;
  attribution?: string | null;
  maxZoom: number;
}

type Style = Record<string, unknown> | Record<string, unknown>[];

/** Per-layer styles of the OpenMapTiles-like schema (tilemaker's names); unknown layers are not drawn. */
export function vectorStyles(primary: string): Record<string, Style | ((p: Record<string, unknown>) => Style)> {
  const area = (fillColor: string, fillOpacity = 1) => ({ fill: true, fillColor, fillOpacity, stroke: false, weight: 0 });
  const road = (p: Record<string, unknown>): Style => {
    const cls = String(p.class ?? '');
    if (['motorway', 'trunk', 'primary'].includes(cls)) return { color: primary, weight: 4, opacity: 0.55 };
    if (['secondary', 'tertiary'].includes(cls)) return { color: '#ffffff', weight: 4, opacity: 1 };
    if (['minor', 'service', 'residential', 'living_street', 'unclassified'].includes(cls)) return { color: '#ffffff', weight: 2.5, opacity: 1 };
    if (['path', 'footway', 'pedestrian', 'track', 'cycleway'].includes(cls)) return { color: '#c9c3b8', weight: 1, dashArray: '3 3' };
    if (['rail', 'transit'].includes(cls)) return { color: '#9a9a9a', weight: 1 };
    return [];
  };
  return {
    water: area('#a9cbe8'),
    waterway: { color: '#a9cbe8', weight: 2 },
    waterway_detail: { color: '#a9cbe8', weight: 1 },
    park: area('#cfe6c2'),
    landcover: area('#dcebd0', 0.8),
    landuse: (p) => (['residential', 'suburb', 'neighbourhood'].includes(String(p.class)) ? [] : area('#e9e4dc', 0.7)),
    building: { fill: true, fillColor: '#dad5cd', fillOpacity: 1, color: '#c8c2b8', weight: 0.5 },
    transportation: road,
    transportation_main: road,
    transportation_mid: road,
    transportation_detail: road,
    boundary: { color: primary, weight: 1, opacity: 0.4, dashArray: '4 4' },
  };
}

/** Adds the commune's base map under everything else; resolves once the layer is on the map. */
export async function addBaseMap(map: L.Map, settings: BaseMapSettings | null | undefined, primary = '#1d4f91'): Promise<L.Layer | null> {
  if (!settings || settings.kind === 'none' || !settings.url) return null;
  const attribution = settings.attribution ?? '';
  if (settings.kind === 'raster') return L.tileLayer(settings.url, { maxZoom: 19, attribution }).addTo(map);
  // VectorGrid is a classic script extending the global L.
  (window as unknown as { L: typeof L }).L = L;
  await import('leaflet.vectorgrid');
  const styles = vectorStyles(primary);
  const vectorGrid = (L as unknown as { vectorGrid: { protobuf: (url: string, o: object) => L.Layer } }).vectorGrid;
  const layer = vectorGrid.protobuf(settings.url, {
    rendererFactory: (L as unknown as { canvas: { tile: unknown } }).canvas.tile,
    // Styles by layer name; a layer without one (labels, points, house numbers) is not drawn.
    vectorTileLayerStyles: new Proxy(styles, { get: (t, k: string) => t[k] ?? [] }),
    interactive: false,
    maxZoom: 20,
    attribution,
    className: 'basemap',
  });
  overzoom(layer as unknown as Overzoomable, settings.maxZoom);
  layer.addTo(map);
  (layer as unknown as { bringToBack?: () => void }).bringToBack?.();
  return layer;
}

interface Feature { type: number; properties: Record<string, unknown>; geometry: { x: number; y: number }[][]; box?: number[] }
interface VLayer { extent: number; features: Feature[] }
interface VTile { layers: Record<string, VLayer> }
interface Coords { x: number; y: number; z: number }
interface Overzoomable { _getVectorTilePromise(c: Coords): Promise<VTile> }

/**
 * Beyond the pack's last zoom (14), draws each tile from its z14 parent's geometry, scaled and
 * shifted, instead of stretching a 256-pixel picture of the parent (blurred streets at zoom 17).
 * The parent is fetched once (and kept by the browser's cache); only features crossing the tile
 * are drawn.
 */
function overzoom(layer: Overzoomable, nativeZoom: number): void {
  const fetchTile = layer._getVectorTilePromise.bind(layer);
  const parents = new Map<string, Promise<VTile>>();
  layer._getVectorTilePromise = (c: Coords) => {
    const dz = c.z - nativeZoom;
    if (dz <= 0) return fetchTile(c);
    const px = c.x >> dz;
    const py = c.y >> dz;
    const key = `${px}/${py}`;
    let parent = parents.get(key);
    if (!parent) {
      if (parents.size >= 8) parents.clear();
      parent = fetchTile({ x: px, y: py, z: nativeZoom }).then(withBoxes);
      parents.set(key, parent);
    }
    return parent.then((t) => child(t, 1 << dz, c.x - (px << dz), c.y - (py << dz)));
  };
}

function withBoxes(t: VTile): VTile {
  for (const l of Object.values(t.layers)) {
    for (const f of l.features) {
      let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
      for (const ring of f.geometry) for (const p of ring) { x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y); }
      f.box = [x0, y0, x1, y1];
    }
  }
  return t;
}

function child(t: VTile, scale: number, ox: number, oy: number): VTile {
  const layers: Record<string, VLayer> = {};
  for (const [name, l] of Object.entries(t.layers)) {
    const size = l.extent / scale;
    const margin = size / 16;
    const wx0 = ox * size - margin; const wy0 = oy * size - margin;
    const wx1 = (ox + 1) * size + margin; const wy1 = (oy + 1) * size + margin;
    const features: Feature[] = [];
    for (const f of l.features) {
      const b = f.box!;
      if (b[2] < wx0 || b[0] > wx1 || b[3] < wy0 || b[1] > wy1) continue;
      features.push({
        type: f.type, properties: f.properties,
        geometry: f.geometry.map((ring) => ring.map((p) => ({ x: p.x * scale - ox * l.extent, y: p.y * scale - oy * l.extent }))),
      });
    }
    layers[name] = { extent: l.extent, features };
  }
  return { layers };
}
