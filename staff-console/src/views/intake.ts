// A report taken by phone, at the counter, by mail or e-mail, entered by staff on the citizen's behalf:
// the ordinary POST /api/v1/reports with the Bearer token and the channel, so one queue for every channel.
import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { announce, h, option } from '@signalement/web-common/dom';
import { addressBox, nearestAddress, pinPhrase } from '@signalement/web-common/address';
import { CHANNEL_LABELS, STAFF_CHANNELS } from '../lib/labels';
import { categories, config } from '../lib/reference';
import type { Acknowledgement } from '../lib/types';
import type { Cleanup, Ctx } from '../lib/view';

function uuid(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));
}

export function renderIntake(ctx: Ctx): Cleanup {
  let stopped = false;
  let map: import('leaflet').Map | null = null;
  let key = uuid();
  const channel = h('select', { id: 'in-channel', required: true }, ...STAFF_CHANNELS.map((c) => option(c, CHANNEL_LABELS[c], c === 'phone')));
  const category = h('select', { id: 'in-category', required: true }, option('', 'Choisir une catégorie'));
  const description = h('textarea', { id: 'in-description', rows: 4, maxlength: 2000 });
  const email = h('input', { id: 'in-email', type: 'email', autocomplete: 'off' });
  const lat = h('input', { id: 'in-lat', type: 'number', step: 'any', required: true, inputmode: 'decimal' });
  const lon = h('input', { id: 'in-lon', type: 'number', step: 'any', required: true, inputmode: 'decimal' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true, id: 'in-error' });
  const result = h('div', { id: 'in-result', role: 'status' });
  const mapBox = h('div', { class: 'map', id: 'intake-map' });
  const where = h('p', { id: 'in-where', 'aria-live': 'polite' });
  let placeOnMap: ((la: number, lo: number, zoom: boolean) => void) | null = null;
  let whereSeq = 0;
  // The address of the chosen place, in words, to read back to the caller.
  const describe = async (la: number, lo: number) => {
    const mine = ++whereSeq;
    where.textContent = 'Recherche de l’adresse…';
    try {
      const n = await nearestAddress(la, lo);
      if (mine === whereSeq) where.textContent = `Lieu choisi : ${pinPhrase(n) ?? 'aucune adresse à proximité'}.`;
    } catch {
      if (mine === whereSeq) where.textContent = '';
    }
  };
  const setPlace = (la: number, lo: number, zoom: boolean) => {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    placeOnMap?.(la, lo, zoom);
    void describe(la, lo);
  };
  const addressSearch = addressBox({
    id: 'in-address', label: 'Adresse donnée par le citoyen',
    hint: 'Tapez le numéro et la rue (les fautes de frappe sont tolérées), puis choisissez dans la liste.',
    onPick: (hit) => setPlace(hit.lat, hit.lon, true),
  });
  categories().then((groups) => groups.forEach((g) => category.append(h('optgroup', { label: g.group }, ...g.categories.map((c) => option(c.code, c.label)))))).catch(() => undefined);

  const f = (id: string, label: string, control: HTMLElement, hint?: string) => {
    if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
    return h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null, control);
  };
  const submit = h('button', { type: 'submit', class: 'btn', id: 'in-submit' }, 'Enregistrer le signalement');
  const form = h('form', { class: 'card', novalidate: true, id: 'intake-form' },
    f('in-channel', 'Reçu par', channel),
    f('in-category', 'Catégorie', category),
    h('fieldset', null, h('legend', null, 'Lieu du problème'),
      addressSearch,
      h('p', { class: 'hint', id: 'map-hint' }, 'Ou cliquez sur la carte à l’endroit indiqué par le citoyen, ou saisissez les coordonnées.'),
      mapBox, where,
      h('div', { class: 'row' }, f('in-lat', 'Latitude', lat), f('in-lon', 'Longitude', lon))),
    f('in-description', 'Description (mots du citoyen)', description),
    f('in-email', 'Courriel du citoyen (facultatif)', email, 'Pour qu’il reçoive l’accusé de réception et le suivi. Ne le saisissez qu’avec son accord.'),
    error, submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const problems: [HTMLElement, string][] = [];
    if (!category.value) problems.push([category, 'Choisissez une catégorie.']);
    if (!lat.value || !lon.value) problems.push([lat, 'Indiquez le lieu (carte ou coordonnées).']);
    if (email.value && !email.checkValidity()) problems.push([email, 'Le courriel n’est pas valide.']);
    if (problems.length) {
      error.textContent = problems.map((p) => p[1]).join(' ');
      error.hidden = false;
      problems[0][0].focus();
      return;
    }
    submit.disabled = true;
    try {
      const ack = await api.post<Acknowledgement>('/api/v1/reports', {
        categoryCode: category.value, lat: Number(lat.value), lon: Number(lon.value), channel: channel.value,
        description: description.value.trim() || undefined, contactEmail: email.value.trim() || undefined,
      }, { 'Idempotency-Key': key });
      key = uuid();
      const text = `Signalement ${ack.trackingNumber} enregistré ${ack.joinedExistingAlert ? `et rattaché à l’alerte existante n° ${ack.alertId} (${ack.reportCount} signalements)` : `: nouvelle alerte n° ${ack.alertId}`}.`;
      result.replaceChildren(h('p', { class: 'notice' }, text, ' ', h('a', { href: `/console/alertes/${ack.alertId}`, 'data-link': true, id: 'in-alert-link' }, `Ouvrir l’alerte n° ${ack.alertId}`)),
        h('p', null, 'Communiquez ce numéro de suivi au citoyen : ', h('strong', { id: 'in-tracking' }, ack.trackingNumber)));
      announce(text);
      description.value = '';
      email.value = '';
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : 'Le serveur ne répond pas. Réessayez (le signalement ne sera pas enregistré deux fois).';
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });

  ctx.main.append(h('h1', null, 'Saisir un signalement reçu par téléphone ou à l’accueil'),
    h('p', null, 'Le signalement rejoint la même file que ceux de l’application ; le canal et votre nom sont enregistrés.'),
    result, form);

  Promise.all([import('../map'), import('leaflet'), config().catch(() => null)]).then(([{ baseMap }, { default: L }, cfg]) => {
    if (stopped) return;
    map = baseMap(mapBox, 'Carte : cliquez pour placer le lieu du problème', false);
    if (cfg) map.setView([cfg.center.lat, cfg.center.lon], 13);
    let marker: import('leaflet').CircleMarker | null = null;
    const place = (la: number, lo: number) => {
      if (!marker) marker = L.circleMarker([la, lo], { radius: 9, color: '#b3261e', weight: 3, fillOpacity: 0.4 }).addTo(map!);
      else marker.setLatLng([la, lo]);
    };
    placeOnMap = (la, lo, zoom) => { place(la, lo); if (zoom) map!.setView([la, lo], 18); };
    if (lat.value && lon.value) place(Number(lat.value), Number(lon.value));
    map.on('click', (e: import('leaflet').LeafletMouseEvent) => setPlace(e.latlng.lat, e.latlng.lng, false));
    const typed = () => { if (lat.value && lon.value) { place(Number(lat.value), Number(lon.value)); void describe(Number(lat.value), Number(lon.value)); } };
    lat.addEventListener('change', typed);
    lon.addEventListener('change', typed);
  }).catch(() => undefined);
  return () => { stopped = true; map?.remove(); };
}
