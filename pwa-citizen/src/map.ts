// Lazily loaded map (Leaflet + its CSS live in their own chunk, fetched only when the map opens).
// The commune outline comes from the backend, so the map is usable without any basemap tile.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { fetchQuartiers } from '@signalement/web-common/api';
import { addQuartierOutlines, communeOutline } from '@signalement/web-common/map';
import { addBaseMap, type BaseMapSettings } from '@signalement/web-common/basemap';
import type { CommuneFeature, NearbyAlert } from './lib/types';

export interface MapOptions {
  commune: CommuneFeature | null;
  center: { lat: number; lon: number };
  position: { lat: number; lon: number; accuracyM: number | null } | null;
  /** The commune's base map (our own vector tiles by default); null = outlines only. */
  basemap: BaseMapSettings | null;
  /** The commune's colour, for the base map's main roads and boundaries. */
  primary: string;
  onMove: (lat: number, lon: number) => void;
  /** A marker of an open alert was chosen (its card offers "Moi aussi"). */
  onAlert: (alertId: number) => void;
}

export interface MapController {
  setPosition(lat: number, lon: number, accuracyM: number | null): void;
  setCommune(c: CommuneFeature | null): void;
  /** The open alerts around the pin, drawn as markers (FixMyStreet's habit: "already reported" seen on the map). */
  setAlerts(alerts: NearbyAlert[]): void;
  invalidate(): void;
  destroy(): void;
}

const pinIcon = L.divIcon({ className: 'pin', html: '<span></span>', iconSize: [30, 38], iconAnchor: [15, 36] });
// Smaller and of another shape than the pin: an existing alert is not where the citizen's report goes.
const alertIcon = (count: number) => L.divIcon({ className: 'alert-marker', html: `<span>${count > 9 ? '9+' : count}</span>`, iconSize: [26, 26], iconAnchor: [13, 13] });

export function createMap(box: HTMLElement, opts: MapOptions): MapController {
  const help = document.createElement('p');
  help.className = 'hint';
  help.id = 'map-help';
  help.textContent = 'Faites glisser le repère, ou touchez la carte à l’endroit du problème. Au clavier : déplacez la carte avec les flèches puis utilisez le bouton « Placer le repère au centre ».';
  const el = document.createElement('div');
  el.className = 'map';
  el.id = 'map';
  el.setAttribute('role', 'application');
  el.setAttribute('aria-label', 'Carte pour placer le repère du problème');
  el.setAttribute('aria-describedby', 'map-help');
  const centerBtn = document.createElement('button');
  centerBtn.type = 'button';
  centerBtn.className = 'btn btn-secondary';
  centerBtn.id = 'pin-center';
  centerBtn.textContent = 'Placer le repère au centre de la carte';
  box.append(help, el, centerBtn);

  const map = L.map(el, { zoomControl: true, attributionControl: true, keyboard: true }).setView([opts.center.lat, opts.center.lon], 16);
  void addBaseMap(map, opts.basemap, opts.primary).catch(() => undefined);
  let outline: L.GeoJSON | null = null;
  let marker: L.Marker | null = null;
  let circle: L.Circle | null = null;

  function place(lat: number, lon: number, accuracyM: number | null, notify: boolean): void {
    if (!marker) {
      marker = L.marker([lat, lon], { draggable: true, icon: pinIcon, title: 'Repère du problème', alt: 'Repère du problème', keyboard: true, autoPan: true }).addTo(map);
      marker.on('dragend', () => {
        const p = marker!.getLatLng();
        circle?.remove(); circle = null;
        opts.onMove(p.lat, p.lng);
      });
    } else {
      marker.setLatLng([lat, lon]);
    }
    circle?.remove();
    circle = accuracyM ? L.circle([lat, lon], { radius: accuracyM, weight: 1, color: '#1d4f91', fillOpacity: 0.1, interactive: false }).addTo(map) : null;
    if (notify) opts.onMove(lat, lon);
  }

  function setCommune(c: CommuneFeature | null): void {
    outline?.remove();
    outline = null;
    if (!c) return;
    outline = communeOutline(c as unknown as GeoJSON.Feature).addTo(map);
    if (!marker) map.fitBounds(outline.getBounds(), { padding: [10, 10] });
  }

  setCommune(opts.commune);
  const alertLayer = L.layerGroup().addTo(map);
  function setAlerts(alerts: NearbyAlert[]): void {
    alertLayer.clearLayers();
    for (const a of alerts) {
      const label = `Déjà signalé : ${a.category.label}, à ${Math.round(a.distanceM)} m (${a.reportCount} signalement${a.reportCount > 1 ? 's' : ''})`;
      const el = L.marker([a.lat, a.lon], { icon: alertIcon(a.reportCount), title: label, alt: label, keyboard: true, zIndexOffset: -100 })
        .on('click', () => opts.onAlert(a.alertId))
        .addTo(alertLayer)
        .getElement();
      el?.setAttribute('data-alert-marker', String(a.alertId));
      el?.setAttribute('aria-label', label); // its text is only the count

      // Leaflet gives the marker role=button and a tab stop but no key: Enter or Space choose it, as a button.
      el?.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); opts.onAlert(a.alertId); }
      });
    }
  }
  // Quartier outlines and names give bearings when there is no basemap (tiles unconfigured or unreachable).
  const quartiers = L.layerGroup().addTo(map);
  fetchQuartiers().then((fc) => addQuartierOutlines(map, el, fc, quartiers)).catch(() => undefined);
  if (opts.position) {
    place(opts.position.lat, opts.position.lon, opts.position.accuracyM, false);
    map.setView([opts.position.lat, opts.position.lon], 17);
  } else {
    const c = map.getCenter();
    place(c.lat, c.lng, null, true);
  }
  map.on('click', (e: L.LeafletMouseEvent) => place(e.latlng.lat, e.latlng.lng, null, true));
  centerBtn.addEventListener('click', () => { const c = map.getCenter(); place(c.lat, c.lng, null, true); });
  setTimeout(() => map.invalidateSize(), 0);

  return {
    setPosition: (lat, lon, acc) => { place(lat, lon, acc, false); map.setView([lat, lon], Math.max(map.getZoom(), 17)); },
    setCommune,
    setAlerts,
    invalidate: () => map.invalidateSize(),
    destroy: () => { map.remove(); box.replaceChildren(); },
  };
}
