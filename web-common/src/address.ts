// Addresses in a person's words, from our own API (no third-party geocoder sees what is typed or
// where the pin is): an as-you-type search box (an ARIA combobox) and the phrase under the pin.
import { request, type FetchLike } from './api';
import { h } from './dom';

export interface AddressHit {
  id?: string | null;
  label: string;
  street: string;
  number?: number | null;
  postcode?: string | null;
  lat: number;
  lon: number;
  exactNumber: boolean;
}

export interface NearestAddress {
  address?: AddressHit | null;
  distanceM?: number | null;
}

export const searchAddresses = (q: string, fetchImpl: FetchLike = fetch): Promise<AddressHit[]> =>
  request<AddressHit[]>(`/api/v1/geo/addresses?q=${encodeURIComponent(q)}`, {}, fetchImpl, 8000);

export const nearestAddress = (lat: number, lon: number, fetchImpl: FetchLike = fetch): Promise<NearestAddress> =>
  request<NearestAddress>(`/api/v1/geo/addresses/nearest?lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}`, {}, fetchImpl, 8000);

/** "devant le 12 Rue de Rivoli" when the pin is at the door, "près du 12 Rue de Rivoli (à 40 m)" farther. */
export function pinPhrase(n: NearestAddress | null | undefined): string | null {
  const a = n?.address;
  if (!a) return null;
  const d = Math.round(n?.distanceM ?? 0);
  const what = a.number != null ? `${a.label}` : a.label;
  const place = a.postcode ? `${what} (${a.postcode})` : what;
  if (d <= 15) return a.number != null ? `devant le ${place}` : `${place}`;
  return `${a.number != null ? 'près du' : 'près de :'} ${place}, à ${d} m`;
}

export interface AddressBoxOptions {
  id: string;
  label: string;
  hint?: string;
  onPick: (hit: AddressHit) => void;
  fetchImpl?: FetchLike;
}

/** An input that offers the commune's addresses as one types (arrow keys, Enter, Escape; a click). */
export function addressBox(opts: AddressBoxOptions): HTMLElement {
  const listId = `${opts.id}-list`;
  const input = h('input', {
    id: opts.id, type: 'search', autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': listId, spellcheck: 'false',
    'aria-describedby': opts.hint ? `${opts.id}-hint` : undefined,
    placeholder: 'ex. : 12 rue de Rivoli',
  }) as HTMLInputElement;
  const list = h('ul', { id: listId, role: 'listbox', class: 'address-list', 'aria-label': 'Adresses trouvées', hidden: true });
  const status = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  let hits: AddressHit[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
  const pick = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    input.value = hit.postcode ? `${hit.label}, ${hit.postcode}` : hit.label;
    close();
    opts.onPick(hit);
  };
  const highlight = (i: number) => {
    active = i;
    list.querySelectorAll('li').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) input.setAttribute('aria-activedescendant', `${listId}-${i}`); else input.removeAttribute('aria-activedescendant');
  };
  const render = () => {
    list.replaceChildren(...hits.map((hit, i) => h('li', {
      id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', class: 'address-option',
      onmousedown: (e: Event) => { e.preventDefault(); pick(i); },
    }, hit.label, hit.postcode ? h('span', { class: 'hint' }, ` ${hit.postcode}`) : null,
    hit.number != null && !hit.exactNumber ? h('span', { class: 'hint' }, ' (numéro le plus proche)') : null)));
    list.hidden = hits.length === 0;
    input.setAttribute('aria-expanded', String(hits.length > 0));
    status.textContent = input.value.trim().length >= 3 ? (hits.length ? `${hits.length} adresse${hits.length > 1 ? 's' : ''} proposée${hits.length > 1 ? 's' : ''}` : 'Aucune adresse trouvée') : '';
    active = -1;
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 3) { hits = []; render(); return; }
    timer = setTimeout(async () => {
      const mine = ++seq;
      try {
        const found = await searchAddresses(q, opts.fetchImpl);
        if (mine !== seq) return;
        hits = found;
      } catch {
        if (mine !== seq) return;
        hits = [];
      }
      render();
    }, 150);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && hits.length) { e.preventDefault(); highlight((active + 1) % hits.length); }
    else if (e.key === 'ArrowUp' && hits.length) { e.preventDefault(); highlight((active - 1 + hits.length) % hits.length); }
    else if (e.key === 'Enter' && hits.length) { e.preventDefault(); pick(active >= 0 ? active : 0); }
    else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  return h('div', { class: 'field address-box' },
    h('label', { for: opts.id }, opts.label),
    opts.hint ? h('p', { class: 'hint', id: `${opts.id}-hint` }, opts.hint) : null,
    input, list, status);
}
