// Minimal DOM helpers for both front ends (no framework: keeps the citizen app's first-load JavaScript tiny).

export type Child = Node | string | number | null | undefined | false | Child[];
/** Attributes, plus: on* = event listener, class/className = class, text = textContent, dataset = data-*. */
export type Attrs = Record<string, unknown>;

/**
 * Creates an element: h('p', { class: 'hint', id: 'x' }, 'text', child, [more, children]).
 * null, undefined and false attributes and children are left out; true gives an empty attribute.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v as EventListener);
    else if (k === 'class' || k === 'className') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else {
      el.setAttribute(k, v === true ? '' : String(v));
      // The attribute is only the default: set the live state too (a date input's value, a checked box).
      if (k === 'value' || k === 'checked' || k === 'selected') (el as unknown as Record<string, unknown>)[k] = v;
    }
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function option(value: string, label: string, selected = false): HTMLOptionElement {
  const o = h('option', { value }, label);
  o.selected = selected;
  return o;
}

let liveTimer: ReturnType<typeof setTimeout> | undefined;
/** Announces a message to screen readers through the polite live region (#live, in both apps' index.html). */
export function announce(message: string): void {
  const live = document.getElementById('live');
  if (!live) return;
  // Emptied first, then filled a moment later, so that the same message said twice is read twice.
  live.textContent = '';
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => { live.textContent = message; }, 50);
}
