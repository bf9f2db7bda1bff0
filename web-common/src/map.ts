// Leaflet pieces both apps' maps share: the commune and quartier outlines drawn from the backend's geo
// endpoints, which make a map readable without any basemap (tiles unconfigured or unreachable).
// Import it only from lazily loaded code: it pulls Leaflet in.
import L from 'leaflet';

const OUTLINE_COLOR = '#1d4f91';

/** Adds the basemap when a tile URL is configured (XYZ template); an empty URL leaves the outlines alone. */
export function addTiles(map: L.Map, url: string): void {
  if (url) L.tileLayer(url, { maxZoom: 19, attribution: '&copy; contributeurs OpenStreetMap' }).addTo(map);
}

/** The commune's boundary (GET /api/v1/geo/commune), thick and lightly filled. Not added to any map. */
export function communeOutline(feature: GeoJSON.Feature, fillOpacity = 0.04): L.GeoJSON {
  return L.geoJSON(feature, {
    style: { color: OUTLINE_COLOR, weight: 3, fill: true, fillColor: OUTLINE_COLOR, fillOpacity, interactive: false, className: 'commune-outline' },
  });
}

/**
 * Draws the quartiers as dashed outlines with their names as permanent labels, into `layer` (default: the map).
 * Below zoom 14 the names would cover each other: the map's element then gets the class labels-hidden,
 * which both apps' stylesheets use to hide them.
 */
export function addQuartierOutlines(map: L.Map, el: HTMLElement, quartiers: GeoJSON.FeatureCollection, layer: L.Map | L.LayerGroup = map): L.GeoJSON {
  const outlines = L.geoJSON(quartiers, {
    style: { color: '#555', weight: 1, dashArray: '4 4', fill: false, interactive: false, className: 'quartier-outline' },
    onEachFeature: (f, l) => {
      const name = (f.properties as { name?: string } | null)?.name;
      if (name) l.bindTooltip(name, { permanent: true, direction: 'center', className: 'quartier-label', interactive: false });
    },
  }).addTo(layer);
  const toggleLabels = () => el.classList.toggle('labels-hidden', map.getZoom() < 14);
  map.on('zoomend', toggleLabels);
  toggleLabels();
  return outlines;
}
