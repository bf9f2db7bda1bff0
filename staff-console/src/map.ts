// Leaflet map of alerts: commune and quartier outlines from the backend (useful with no basemap),
// markers clustered on a pixel grid at low zoom, optional tile layer.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { addQuartierOutlines, communeOutline } from '@signalement/web-common/map';
import { addBaseMap } from '@signalement/web-common/basemap';
import { cluster } from './lib/cluster';
import { commune, config, quartierShapes } from './lib/reference';
import type { AlertSummary } from './lib/types';
import { DUE_LABELS, statusLabel } from './lib/labels';

/** A raster override for this browser (localStorage "signalement.console.tileUrl"); else the commune's base map. */
export function tileUrl(): string {
  try {
    const v = localStorage.getItem('signalement.console.tileUrl');
    if (v !== null) return v;
  } catch {
    /* no storage */
  }
  return (import.meta.env.VITE_TILE_URL as string | undefined) ?? '';
}

export interface AlertMap {
  setAlerts(alerts: AlertSummary[]): void;
  invalidate(): void;
  destroy(): void;
  leaflet: L.Map;
}

function outlines(map: L.Map, el: HTMLElement, fit: boolean): void {
  commune().then((c) => {
    const layer = communeOutline(c, 0.03).addTo(map);
    if (fit) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  }).catch(() => undefined);
  quartierShapes().then((fc) => addQuartierOutlines(map, el, fc)).catch(() => undefined);
}

export function baseMap(el: HTMLElement, label: string, fit = true): L.Map {
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', label);
  const map = L.map(el, { keyboard: true, zoomControl: true, attributionControl: true }).setView([48.8566, 2.3522], 12);
  const override = tileUrl();
  config().then((c) => {
    if (fit) map.setView([c.center.lat, c.center.lon], 12);
    // The streets under the alerts: the commune's own vector tiles unless this browser asked for a raster source.
    const settings = override ? { kind: 'raster', url: override, attribution: '© les contributeurs d’OpenStreetMap', maxZoom: 19 } : c.basemap;
    return addBaseMap(map, settings, c.primaryColor || '#1d4f91');
  }).catch(() => undefined);
  outlines(map, el, fit);
  setTimeout(() => map.invalidateSize(), 0);
  return map;
}

export function createAlertMap(el: HTMLElement, onOpen: (id: number) => void): AlertMap {
  const map = baseMap(el, 'Carte des alertes de la file (la liste ci-contre présente les mêmes alertes)');
  const layer = L.layerGroup().addTo(map);
  let alerts: AlertSummary[] = [];

  function draw(): void {
    layer.clearLayers();
    const groups = cluster(alerts.map((a) => ({ lat: a.lat, lon: a.lon, item: a })), map.getZoom());
    for (const g of groups) {
      if (g.items.length === 1) {
        const a = g.items[0];
        const title = `Alerte n° ${a.id}, ${a.category.label}, ${statusLabel(a.status)}, ${DUE_LABELS[a.dueStatus] ?? ''}`;
        const icon = L.divIcon({ className: `alert-pin due-${a.dueStatus}`, html: `<span aria-hidden="true">${a.reportCount}</span>`, iconSize: [28, 28], iconAnchor: [14, 14] });
        L.marker([g.lat, g.lon], { icon, title, alt: title, keyboard: true }).on('click', () => onOpen(a.id)).addTo(layer);
      } else {
        const overdue = g.items.filter((a) => a.dueStatus === 'OVERDUE').length;
        const title = `${g.items.length} alertes regroupées${overdue ? `, dont ${overdue} en retard` : ''} : zoomer`;
        const size = g.items.length < 10 ? 34 : g.items.length < 100 ? 42 : 50;
        const icon = L.divIcon({ className: `alert-cluster${overdue ? ' has-overdue' : ''}`, html: `<span aria-hidden="true">${g.items.length}</span>`, iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
        L.marker([g.lat, g.lon], { icon, title, alt: title, keyboard: true })
          .on('click', () => map.setView([g.lat, g.lon], Math.min(18, map.getZoom() + 2)))
          .addTo(layer);
      }
    }
  }
  map.on('zoomend', draw);
  return {
    setAlerts(list) { alerts = list; draw(); },
    invalidate: () => map.invalidateSize(),
    destroy: () => map.remove(),
    leaflet: map,
  };
}
