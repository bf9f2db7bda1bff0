// The report flow: photo → position (GPS + draggable pin) → category → description → email →
// nearby alerts ("moi aussi") → send. Everything is checked on the device before any upload.
import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { loadCategories, loadCommune } from '../lib/data';
import { announce, clear, h } from '@signalement/web-common/dom';
import { addressBox, nearestAddress, pinPhrase } from '@signalement/web-common/address';
import { formatBytes, formatDateTime, formatDistance, plural } from '@signalement/web-common/format';
import { processPhoto, type ProcessedPhoto } from '../lib/photo';
import { enqueue, flushOutbox, outcomeOf, removeOutboxItem, type OutboxItem } from '../lib/queue';
import type { Acknowledgement, AppConfig, Category, CategoryGroup, CommuneFeature, NearbyAlert, ReportPayload } from '../lib/types';
import { uuid } from '../lib/uuid';
import { byFrequency, mostFrequent, searchCategories } from '../lib/catsearch';
import { groupIcon } from '../lib/group-icons';
import { applyTheme } from '../lib/theme';
import { communeAt, isInCommune, outsideCommuneMessage, validateDraft, type FieldError, DESCRIPTION_MAX } from '../lib/validation';
import { renderAck, renderPending } from './ack';
import type { MapController } from '../map';

interface Draft {
  photo: ProcessedPhoto | null;
  photoUrl: string | null;
  lat: number | null;
  lon: number | null;
  accuracyM: number | null;
  source: 'gps' | 'map' | 'search' | null;
  categoryCode: string | null;
  description: string;
  contactEmail: string;
}

function emptyDraft(): Draft {
  return { photo: null, photoUrl: null, lat: null, lon: null, accuracyM: null, source: null, categoryCode: null, description: '', contactEmail: '' };
}

// Kept at module level so that a look at the privacy notice does not lose the form.
let draft: Draft = emptyDraft();

export interface ReportContext {
  /** The current config (it may arrive after the first render). */
  config: () => AppConfig | null;
  requestBackgroundSync: () => void;
}

const SLOW_NETWORK_MS = 15000;

const FIELD_TARGET: Record<string, string> = {
  photo: 'photo-camera', position: 'locate-btn', lat: 'locate-btn', lon: 'locate-btn', accuracyM: 'locate-btn',
  categoryCode: 'cat-search', description: 'description', contactEmail: 'email',
};

export function renderReport(main: HTMLElement, ctx: ReportContext): void {
  // One deployment may serve several communes: the app follows the pin (branding, catalogue, who handles it).
  let communes: CommuneFeature[] = [];
  let placeName: string | null = null;
  const communeName = () => placeName || ctx.config()?.communeName || 'la commune';
  let commune: CommuneFeature | null = null;
  let groups: CategoryGroup[] = [];
  /** Whether `groups` is the catalogue of the commune under the pin (then the default one must not replace it). */
  let placeCatalogue = false;
  let selectedGroup: string | null = null;
  let map: MapController | null = null;
  let nearbyTimer: ReturnType<typeof setTimeout> | undefined;
  let nearbySeq = 0;
  let nearbyAlerts: NearbyAlert[] = [];
  let sending = false;

  const allCategories = (): Category[] => groups.flatMap((g) => g.categories);
  const categoryByCode = (code: string | null) => allCategories().find((c) => c.code === code) || null;

  // ---------- layout ----------
  const errorSummary = h('div', { id: 'form-errors', class: 'error-summary', tabindex: '-1', hidden: true });

  // Photo
  const photoStatus = h('p', { id: 'photo-status', class: 'hint', 'aria-live': 'polite' });
  const photoPreview = h('div', { class: 'photo-preview' });
  const onPhoto = (ev: Event) => {
    const input = ev.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void choosePhoto(file);
  };
  const cameraInput = h('input', { id: 'photo-camera', type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden', onchange: onPhoto });
  const galleryInput = h('input', { id: 'photo-gallery', type: 'file', accept: 'image/jpeg,image/png,image/webp,image/*', class: 'visually-hidden', onchange: onPhoto });
  const photoSection = h('section', { class: 'step', 'aria-labelledby': 'step-photo' },
    h('h2', { id: 'step-photo' }, h('span', { class: 'num', 'aria-hidden': 'true' }, '1'), 'Photo'),
    h('p', { class: 'hint' }, 'Une photo aide les services à comprendre et localiser le problème. Évitez d’y faire figurer des personnes.'),
    h('div', { class: 'photo-buttons' },
      h('div', { class: 'file-btn' }, cameraInput, h('label', { for: 'photo-camera', class: 'btn btn-primary' }, 'Prendre une photo')),
      h('div', { class: 'file-btn' }, galleryInput, h('label', { for: 'photo-gallery', class: 'btn btn-secondary' }, 'Choisir dans la galerie')),
    ),
    photoPreview, photoStatus,
  );

  // Position
  const posStatus = h('p', { id: 'pos-status', 'aria-live': 'polite' });
  const posError = h('p', { id: 'pos-error', class: 'field-error', hidden: true });
  const posCommune = h('p', { id: 'pos-commune', class: 'hint', hidden: true });
  const mapBox = h('div', { id: 'map-box', hidden: true });
  const mapToggle = h('button', { type: 'button', id: 'map-toggle', class: 'btn btn-secondary', 'aria-expanded': 'false', 'aria-controls': 'map-box', onclick: () => void toggleMap() }, 'Ajuster sur la carte');
  const locateBtn = h('button', { type: 'button', id: 'locate-btn', class: 'btn btn-primary', onclick: () => locate() }, 'Utiliser ma position');
  const addressSearch = addressBox({
    id: 'address-search', label: 'Ou cherchez une adresse',
    hint: 'Tapez le numéro et la rue, puis choisissez dans la liste.',
    onPick: (hit) => {
      setPosition(hit.lat, hit.lon, null, 'search');
      announce(`Repère placé au ${hit.label}`);
    },
  });
  const posSection = h('section', { class: 'step', 'aria-labelledby': 'step-pos' },
    h('h2', { id: 'step-pos' }, h('span', { class: 'num', 'aria-hidden': 'true' }, '2'), 'Emplacement'),
    h('div', { class: 'row' }, locateBtn, mapToggle),
    addressSearch,
    posStatus, posCommune, posError, mapBox,
  );

  // Category
  const catSearch = h('input', { id: 'cat-search', type: 'search', autocomplete: 'off', 'aria-describedby': 'cat-hint cat-chosen', oninput: () => renderCategoryList() });
  const frequentBox = h('div', { id: 'cat-frequent' });
  const groupBar = h('div', { class: 'chips group-grid', role: 'group', 'aria-label': 'Groupes de catégories' });
  const catList = h('div', { id: 'cat-list' });
  const catChosen = h('p', { id: 'cat-chosen', class: 'chosen', 'aria-live': 'polite' });
  const catSection = h('section', { class: 'step', 'aria-labelledby': 'step-cat' },
    h('h2', { id: 'step-cat' }, h('span', { class: 'num', 'aria-hidden': 'true' }, '3'), 'Catégorie'),
    h('label', { for: 'cat-search' }, 'Rechercher une catégorie'),
    h('p', { id: 'cat-hint', class: 'hint' }, 'Tapez un mot (ex. : tag, trottoir, lampadaire) ou choisissez un groupe ci-dessous.'),
    catSearch, catList, frequentBox, groupBar, catChosen,
  );

  // Description and email
  const descInput = h('input', {
    id: 'description', type: 'text', maxlength: String(DESCRIPTION_MAX), autocomplete: 'off', 'aria-describedby': 'description-hint',
    value: draft.description, oninput: (e: Event) => { draft.description = (e.target as HTMLInputElement).value; },
  });
  const emailInput = h('input', {
    id: 'email', type: 'email', autocomplete: 'email', inputmode: 'email', 'aria-describedby': 'email-hint',
    value: draft.contactEmail, oninput: (e: Event) => { draft.contactEmail = (e.target as HTMLInputElement).value; },
  });
  const detailsSection = h('section', { class: 'step', 'aria-labelledby': 'step-desc' },
    h('h2', { id: 'step-desc' }, h('span', { class: 'num', 'aria-hidden': 'true' }, '4'), 'Précisions'),
    h('div', { class: 'field' },
      h('label', { for: 'description' }, 'Description (facultatif)'),
      h('p', { id: 'description-hint', class: 'hint' }, 'Une phrase suffit, par exemple « Trou profond devant le n° 12 ».'),
      descInput),
    h('div', { class: 'field' },
      h('label', { for: 'email' }, 'Votre e-mail (facultatif)'),
      h('p', { id: 'email-hint', class: 'hint' }, 'Pour recevoir le suivi par e-mail. Sans e-mail, votre signalement reste anonyme.'),
      emailInput),
  );

  // Nearby alerts
  const nearbyBox = h('section', { id: 'nearby', class: 'nearby', 'aria-labelledby': 'nearby-title', hidden: true });

  const sendBtn = h('button', { type: 'submit', id: 'send-btn', class: 'btn btn-primary btn-large' }, 'Envoyer le signalement');
  const form = h('form', { novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void submit(); } },
    // "Already reported here" right under the position, before the category list: seen first.
    errorSummary, photoSection, posSection, nearbyBox, catSection, detailsSection,
    h('div', { class: 'send' }, sendBtn,
      h('p', { class: 'hint' }, 'Vos données servent uniquement au traitement du signalement. ', h('a', { href: '/confidentialite' }, 'En savoir plus sur vos données'))),
  );

  clear(main);
  main.append(
    h('h1', { tabindex: '-1' }, 'Signaler un problème'),
    h('p', { class: 'lead' }, 'Nid-de-poule, tag, dépôt sauvage… signalez-le aux services de ', h('span', { 'data-commune-name': '' }, communeName()), " en moins d'une minute."),
    form,
  );

  // ---------- photo ----------
  function renderPhoto(): void {
    clear(photoPreview);
    if (draft.photo && draft.photoUrl) {
      photoPreview.append(
        h('img', { src: draft.photoUrl, alt: 'Aperçu de la photo choisie', width: String(draft.photo.width), height: String(draft.photo.height) }),
        h('p', { class: 'hint' }, `Photo prête : ${draft.photo.width} × ${draft.photo.height} px, ${formatBytes(draft.photo.blob.size)}, sans données de localisation ni métadonnées.`),
        h('button', { type: 'button', class: 'btn btn-link', onclick: () => { setPhoto(null); announce('Photo retirée'); } }, 'Retirer la photo'),
      );
    }
  }

  function setPhoto(p: ProcessedPhoto | null): void {
    if (draft.photoUrl) URL.revokeObjectURL(draft.photoUrl);
    draft.photo = p;
    draft.photoUrl = p ? URL.createObjectURL(p.blob) : null;
    renderPhoto();
  }

  async function choosePhoto(file: File): Promise<void> {
    photoStatus.textContent = 'Préparation de la photo…';
    photoSection.setAttribute('aria-busy', 'true');
    try {
      const p = await processPhoto(file);
      setPhoto(p);
      photoStatus.textContent = 'Photo ajoutée.';
      if (draft.lat === null) locate();
    } catch (e) {
      photoStatus.textContent = e instanceof Error ? e.message : "La photo n'a pas pu être préparée.";
    } finally {
      photoSection.removeAttribute('aria-busy');
    }
  }

  // ---------- position ----------
  function renderPosition(): void {
    if (draft.lat === null || draft.lon === null) {
      posStatus.textContent = 'Position non renseignée. Utilisez votre position, cherchez une adresse ou placez le repère sur la carte.';
    } else {
      // Where the pin is, in words ("devant le 12 Rue de Rivoli"); coordinates only while the address is looked up.
      const where = pinAddress ?? (addressPending ? 'recherche de l’adresse…' : 'aucune adresse à proximité');
      posStatus.textContent = draft.source === 'gps'
        ? `Position trouvée : ${where} (précision ± ${Math.round(draft.accuracyM ?? 0)} m).${(draft.accuracyM ?? 0) > 50 ? ' Précision faible : vérifiez le repère sur la carte.' : ''}`
        : `Repère placé : ${where}.`;
    }
    const outside = draft.lat !== null && draft.lon !== null && !isInCommune(draft.lat, draft.lon, commune);
    posError.hidden = !outside;
    posError.textContent = outside ? outsideCommuneMessage(communeName()) : '';
    if (outside) announce(posError.textContent);
  }

  /**
   * When the deployment serves several communes and the pin is in another one than the outline in
   * use: that commune's outline, colours, name and catalogue, and the line saying who handles it.
   */
  function followPlace(): void {
    if (communes.length < 2 || draft.lat === null || draft.lon === null) return;
    const here = communeAt(draft.lat, draft.lon, communes);
    if (!here) return; // outside every served commune: renderPosition says so
    const p = here.properties;
    posCommune.hidden = false;
    posCommune.textContent = `Commune : ${p.name}. Votre signalement sera traité par ${p.territoryName && p.territoryName !== p.name
      ? `la commune de ${p.name} ou ${p.territoryName}, selon le problème` : `la commune de ${p.name}`}.`;
    if (commune?.properties.inseeCode === p.inseeCode) return;
    commune = here;
    placeName = p.name;
    map?.setCommune(here);
    applyTheme(p.primaryColor, p.accentColor);
    for (const el of document.querySelectorAll('[data-commune-name]')) el.textContent = p.name;
    const brand = document.getElementById('commune-name');
    if (brand) brand.textContent = p.name;
    const logo = document.getElementById('logo') as HTMLImageElement | null;
    if (logo) {
      if (p.logoUrl) { logo.src = p.logoUrl; logo.hidden = false; } else logo.hidden = true;
    }
    announce(posCommune.textContent);
    void api.categoriesOf(p.inseeCode).then((g) => {
      if (commune?.properties.inseeCode !== p.inseeCode) return; // the pin moved on meanwhile
      placeCatalogue = true;
      groups = byFrequency(g);
      if (!categoryByCode(draft.categoryCode)) { draft.categoryCode = null; selectedGroup = null; }
      clear(catList);
      renderGroups();
      renderCategoryList();
      renderChosen();
    }).catch(() => undefined);
    renderPosition();
  }

  function setPosition(lat: number, lon: number, accuracyM: number | null, source: 'gps' | 'map' | 'search'): void {
    draft.lat = lat; draft.lon = lon; draft.accuracyM = accuracyM; draft.source = source;
    pinAddress = null;
    addressPending = true;
    followPlace();
    renderPosition();
    if (map && source !== 'map') map.setPosition(lat, lon, accuracyM);
    scheduleNearby();
    scheduleAddress();
  }

  // The address under the pin, from our own API, a moment after the pin stops moving.
  let pinAddress: string | null = null;
  let addressPending = false;
  let addressTimer: ReturnType<typeof setTimeout> | undefined;
  let addressSeq = 0;
  function scheduleAddress(): void {
    clearTimeout(addressTimer);
    addressTimer = setTimeout(async () => {
      if (draft.lat === null || draft.lon === null) return;
      const mine = ++addressSeq;
      try {
        const n = await nearestAddress(draft.lat, draft.lon);
        if (mine !== addressSeq) return;
        pinAddress = pinPhrase(n);
      } catch {
        if (mine !== addressSeq) return;
        pinAddress = `${draft.lat.toFixed(5).replace('.', ',')} ; ${draft.lon.toFixed(5).replace('.', ',')}`; // offline: coordinates
      }
      addressPending = false;
      renderPosition();
    }, 250);
  }

  function locate(): void {
    if (!('geolocation' in navigator)) {
      posStatus.textContent = "La localisation n'est pas disponible sur cet appareil : placez le repère sur la carte.";
      void toggleMap(true);
      return;
    }
    posStatus.textContent = 'Recherche de votre position…';
    navigator.geolocation.getCurrentPosition(
      (p) => { setPosition(p.coords.latitude, p.coords.longitude, p.coords.accuracy, 'gps'); announce(posStatus.textContent || ''); },
      (err) => {
        posStatus.textContent = err.code === err.PERMISSION_DENIED
          ? "L'accès à votre position a été refusé : placez le repère sur la carte."
          : "Votre position n'a pas pu être déterminée : placez le repère sur la carte.";
        announce(posStatus.textContent);
        void toggleMap(true);
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 },
    );
  }

  async function toggleMap(forceOpen = false): Promise<void> {
    const open = mapBox.hidden || forceOpen;
    mapBox.hidden = !open;
    mapToggle.setAttribute('aria-expanded', String(open));
    mapToggle.textContent = open ? 'Masquer la carte' : 'Ajuster sur la carte';
    if (!open || map) { map?.invalidate(); return; }
    mapBox.append(h('p', { class: 'hint', id: 'map-loading' }, 'Chargement de la carte…'));
    try {
      const { createMap } = await import('../map');
      mapBox.querySelector('#map-loading')?.remove();
      map = createMap(mapBox, {
        commune,
        center: draft.lat !== null && draft.lon !== null ? { lat: draft.lat, lon: draft.lon } : ctx.config()?.center || { lat: 48.8566, lon: 2.3522 },
        position: draft.lat !== null && draft.lon !== null ? { lat: draft.lat, lon: draft.lon, accuracyM: draft.accuracyM } : null,
        basemap: ctx.config()?.basemap ?? null,
        primary: ctx.config()?.primaryColor || '#1d4f91',
        onMove: (lat, lon) => setPosition(lat, lon, null, 'map'),
        // A marker of an open alert leads to its card, where "Moi aussi" is one tap.
        onAlert: (alertId) => {
          const btn = nearbyBox.querySelector<HTMLButtonElement>(`[data-alert-id="${alertId}"]`);
          btn?.scrollIntoView({ block: 'center' });
          btn?.focus();
        },
      });
      map.setAlerts(nearbyAlerts);
    } catch {
      mapBox.querySelector('#map-loading')?.remove();
      mapBox.append(h('p', { class: 'field-error' }, "La carte n'a pas pu être chargée. Vérifiez votre connexion ou utilisez votre position."));
    }
  }

  // ---------- categories ----------
  // Groups as tiles with an icon, the commune's most reported first (byFrequency).
  function renderGroups(): void {
    clear(groupBar);
    for (const g of groups) {
      groupBar.append(h('button', {
        type: 'button', class: 'chip group-tile', 'aria-pressed': String(selectedGroup === g.group),
        onclick: () => { selectedGroup = selectedGroup === g.group ? null : g.group; catSearch.value = ''; renderGroups(); renderCategoryList(); scheduleNearby(); },
      }, groupIcon(g.group), g.group));
    }
  }

  /** "Les plus signalées ici": the commune's most reported categories, one tap away, while nothing is searched or opened. */
  function renderFrequent(show: boolean): string[] {
    clear(frequentBox);
    const top = show ? mostFrequent(allCategories(), 6) : [];
    if (!top.length) return [];
    const fs = h('fieldset', { class: 'radios frequent' }, h('legend', null, `Les plus signalées à ${communeName()}`));
    for (const c of top) {
      const id = `freq-${c.code}`;
      fs.append(h('div', { class: 'radio' },
        h('input', { type: 'radio', name: 'frequentCategory', id, value: c.code, checked: draft.categoryCode === c.code, onchange: () => { chooseCategory(c.code); renderCategoryList(); } }),
        h('label', { for: id }, c.label, h('span', { class: 'hint' }, ` (${c.group})`)),
      ));
    }
    frequentBox.append(fs, h('p', { class: 'hint' }, 'Sinon, choisissez un groupe :'));
    return top.map((c) => c.code);
  }

  function renderCategoryList(): void {
    clear(catList);
    const q = catSearch.value.trim();
    let list: Category[] = [];
    let legend = '';
    const frequent = renderFrequent(!q && !selectedGroup);
    if (q) {
      // Accent- and typo-tolerant, every word must match; label matches first, then the most reported.
      list = searchCategories(allCategories(), q, 30);
      legend = list.length ? `Catégories correspondant à « ${catSearch.value.trim()} »` : '';
      if (!list.length) catList.append(h('p', { class: 'hint', role: 'status' }, 'Aucune catégorie ne correspond. Essayez un autre mot ou choisissez un groupe.'));
    } else if (selectedGroup) {
      list = groups.find((g) => g.group === selectedGroup)?.categories || [];
      legend = `Catégories du groupe « ${selectedGroup} »`;
    }
    const chosen = categoryByCode(draft.categoryCode);
    if (chosen && !list.some((c) => c.code === chosen.code) && !frequent.includes(chosen.code)) list = [chosen, ...list];
    if (!list.length) return;
    const fs = h('fieldset', { class: 'radios' }, h('legend', null, legend || 'Catégorie choisie'));
    for (const c of list) {
      const id = `cat-${c.code}`;
      fs.append(h('div', { class: 'radio' },
        h('input', { type: 'radio', name: 'categoryCode', id, value: c.code, checked: draft.categoryCode === c.code, onchange: () => chooseCategory(c.code) }),
        h('label', { for: id }, c.label, q ? h('span', { class: 'hint' }, ` (${c.group})`) : null),
      ));
    }
    catList.append(fs);
    if (q) announce(plural(list.length, 'catégorie trouvée', 'catégories trouvées'));
  }

  function chooseCategory(code: string): void {
    draft.categoryCode = code;
    renderChosen();
    scheduleNearby();
  }

  function renderChosen(): void {
    const c = categoryByCode(draft.categoryCode);
    catChosen.textContent = c ? `Catégorie choisie : ${c.label} — traité par ${c.serviceName}.` : '';
  }

  // ---------- nearby alerts ("moi aussi") ----------
  function scheduleNearby(): void {
    clearTimeout(nearbyTimer);
    nearbyTimer = setTimeout(() => void loadNearby(), 300);
  }

  async function loadNearby(): Promise<void> {
    const seq = ++nearbySeq;
    if (draft.lat === null || draft.lon === null || !isInCommune(draft.lat, draft.lon, commune)) {
      nearbyBox.hidden = true;
      nearbyAlerts = [];
      map?.setAlerts([]);
      return;
    }
    // As soon as the position is known: every kind of problem around; once a group or a category is
    // chosen, that group's only (the backend reads the group from any of its categories).
    const groupCategory = draft.categoryCode
      ?? (selectedGroup ? groups.find((g) => g.group === selectedGroup)?.categories[0]?.code ?? null : null);
    let alerts: NearbyAlert[] = [];
    try {
      alerts = await api.nearby(draft.lat, draft.lon, groupCategory);
    } catch {
      alerts = []; // offline or backend unreachable: the citizen can still send (it will be queued)
    }
    if (seq !== nearbySeq) return;
    nearbyAlerts = alerts;
    map?.setAlerts(alerts);
    clear(nearbyBox);
    nearbyBox.hidden = alerts.length === 0;
    if (!alerts.length) return;
    nearbyBox.append(
      h('h2', { id: 'nearby-title' }, 'Déjà signalé à proximité ?'),
      h('p', { class: 'hint' }, "Même problème ? « Moi aussi » ajoute votre signalement au sien : il sera traité plus vite."),
      h('ul', { class: 'cards' }, alerts.map((a) => h('li', { class: 'nearby-card' },
        a.thumbnailUrl
          ? h('img', { src: a.thumbnailUrl, alt: `Photo du signalement existant : ${a.category.label}`, width: '64', height: '64', loading: 'lazy' })
          : h('div', { class: 'thumb-empty', 'aria-hidden': 'true' }, 'Sans photo'),
        h('div', { class: 'nearby-text' },
          h('p', { class: 'card-title' }, a.category.label),
          h('p', null, `À ${formatDistance(a.distanceM)}${a.address ? ` — ${a.address}` : ''}`),
          h('p', { title: `depuis le ${formatDateTime(a.firstReportAt)}` }, h('strong', null, plural(a.reportCount, 'signalement', 'signalements')), ` · ${a.statusLabel}`),
        ),
        h('button', {
          type: 'button', class: 'btn btn-accent', 'data-alert-id': String(a.alertId),
          'aria-label': `Moi aussi : ajouter mon signalement à « ${a.category.label} » à ${formatDistance(a.distanceM)}`,
          onclick: () => void submit(a.alertId),
        }, 'Moi aussi'),
      ))),
    );
  }

  // ---------- errors ----------
  function showErrors(errors: FieldError[], title = 'Le signalement ne peut pas encore être envoyé :'): void {
    clear(errorSummary);
    for (const el of main.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    if (!errors.length) { errorSummary.hidden = true; return; }
    errorSummary.append(
      h('h2', null, title),
      h('ul', null, errors.map((e) => {
        const target = FIELD_TARGET[e.field] || 'send-btn';
        document.getElementById(target)?.setAttribute('aria-invalid', 'true');
        return h('li', null, h('a', { href: `#${target}`, onclick: (ev: Event) => { ev.preventDefault(); document.getElementById(target)?.focus(); } }, e.message));
      })),
    );
    errorSummary.hidden = false;
    errorSummary.focus();
  }

  // ---------- send ----------
  function payload(): ReportPayload {
    const p: ReportPayload = { categoryCode: draft.categoryCode || '', lat: draft.lat!, lon: draft.lon!, channel: 'pwa' };
    if (draft.accuracyM !== null && draft.source === 'gps') p.accuracyM = Math.round(draft.accuracyM * 10) / 10;
    if (draft.description.trim()) p.description = draft.description.trim();
    if (draft.contactEmail.trim()) p.contactEmail = draft.contactEmail.trim();
    return p;
  }

  async function submit(supportAlertId?: number): Promise<void> {
    if (sending) return;
    const errors = validateDraft({ ...draft, hasPhoto: !!draft.photo, categoryCode: supportAlertId ? 'support' : draft.categoryCode }, commune, communeName());
    if (errors.length) { showErrors(errors); return; }
    showErrors([]);
    sending = true;
    sendBtn.disabled = true;
    sendBtn.textContent = 'Envoi en cours…';
    announce('Envoi en cours');
    const cat = categoryByCode(draft.categoryCode);
    // The Idempotency-Key is generated here, once, and stays with the report until the backend has it.
    const item: OutboxItem = {
      id: uuid(),
      kind: supportAlertId ? 'support' : 'report',
      alertId: supportAlertId,
      payload: payload(),
      photo: !supportAlertId && draft.photo ? await draft.photo.blob.arrayBuffer() : null,
      photoType: 'image/jpeg',
      createdAt: new Date().toISOString(),
      state: 'pending',
      attempts: 0,
      summary: { categoryLabel: cat?.label || 'Signalement', description: draft.description.trim() || undefined },
    };
    try {
      await enqueue(item); // on the device first: nothing is lost if the upload or the page dies
      if (navigator.onLine !== false) {
        // On a poor network, do not keep the citizen waiting: after SLOW_NETWORK_MS the report is shown as
        // "en attente d'envoi" while the upload goes on in the background (same Idempotency-Key).
        const flush = flushOutbox().catch(() => undefined).finally(() => window.dispatchEvent(new Event('outbox-changed')));
        await Promise.race([flush, new Promise((r) => setTimeout(r, SLOW_NETWORK_MS))]);
      }
      const outcome = await outcomeOf(item.id);
      if (outcome.state === 'sent') {
        finish();
        renderAck(main, outcome.ack as Acknowledgement, ctx.config());
      } else if (outcome.state === 'rejected') {
        await removeOutboxItem(item.id); // the citizen corrects and sends again (with a new key)
        const p = outcome.problem;
        const field = p.field && FIELD_TARGET[p.field] ? p.field : 'send';
        showErrors([{ field, message: p.detail || p.title || `Erreur ${p.status}` }], "Le signalement a été refusé :");
      } else {
        ctx.requestBackgroundSync();
        window.dispatchEvent(new Event('outbox-changed'));
        finish();
        renderPending(main, item);
        // If it goes through while the citizen is still looking at this screen, show the acknowledgement.
        const onChange = async () => {
          if (!document.querySelector(`[data-pending-id="${item.id}"]`)) { window.removeEventListener('outbox-changed', onChange); return; }
          const o = await outcomeOf(item.id);
          if (o.state === 'sent') {
            window.removeEventListener('outbox-changed', onChange);
            renderAck(main, o.ack, ctx.config());
            announce('Votre signalement a été envoyé.');
          }
        };
        window.addEventListener('outbox-changed', onChange);
      }
    } catch (e) {
      showErrors([{ field: 'send', message: e instanceof ApiError ? e.message : `Enregistrement impossible sur cet appareil : ${String(e)}` }]);
    } finally {
      sending = false;
      sendBtn.disabled = false;
      sendBtn.textContent = 'Envoyer le signalement';
    }
  }

  function finish(): void {
    map?.destroy();
    map = null;
    if (draft.photoUrl) URL.revokeObjectURL(draft.photoUrl);
    draft = emptyDraft();
  }

  // ---------- initial state ----------
  renderPhoto();
  renderPosition();
  catList.append(h('p', { class: 'hint' }, 'Chargement des catégories…'));
  void loadCategories().then((g) => {
    // The default commune's catalogue, unless the pin's commune's came first (it may answer sooner).
    if (placeCatalogue) return;
    groups = byFrequency(g || []);
    clear(catList);
    if (!groups.length) {
      catList.append(h('p', { class: 'field-error' }, 'Les catégories ne sont pas disponibles pour le moment. Vérifiez votre connexion puis rechargez la page.'));
      return;
    }
    selectedGroup = categoryByCode(draft.categoryCode)?.group || null;
    renderGroups();
    renderCategoryList();
    renderChosen();
  });
  void loadCommune().then((c) => {
    if (!commune) commune = c;
    renderPosition();
    map?.setCommune(commune);
    scheduleNearby();
  });
  void api.communes().then((fc) => {
    communes = fc.features || [];
    followPlace();
  }).catch(() => undefined); // offline: the cached outline and catalogue of the last commune stay
}
