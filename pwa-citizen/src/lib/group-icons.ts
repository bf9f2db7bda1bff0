// One small icon per category group, drawn inline (no icon font, no external host): the group is
// recognised at a glance before its name is read. Matched on words of the group's name, so a
// commune pack's own groups get an icon too; anything unknown gets the generic pin.
import { norm } from './catsearch';

// 24×24 outline paths (stroke = currentColor).
const ICONS: [RegExp, string][] = [
  [/graffiti|tag|affiche/, 'M4 20l4-1 10-10-3-3L5 16l-1 4zM14 7l3 3M16 3l5 5'], // spray / pen
  [/eclairage|electric/, 'M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z'], // bulb
  [/proprete/, 'M5 7h14M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6'], // bin
  [/objets|abandon|encombrant/, 'M3 8l9-4 9 4-9 4-9-4zM3 8v8l9 4 9-4V8M12 12v8'], // box
  [/arbre|vegetau|espaces verts|jeux/, 'M12 22v-6M12 2a6 6 0 0 0-6 6c0 2 1 3.5 2 4.5A4 4 0 0 0 12 16a4 4 0 0 0 4-3.5c1-1 2-2.5 2-4.5a6 6 0 0 0-6-6z'], // tree
  [/eau/, 'M12 3s6 7 6 11a6 6 0 0 1-12 0c0-4 6-11 6-11z'], // drop
  [/auto|moto|velo|trottinette|stationnement/, 'M5 17h14M6 17v2M18 17v2M4 13l2-5h12l2 5v4H4v-4zM7.5 14h.01M16.5 14h.01'], // car
  [/mobilier|banc/, 'M4 10h16M5 14h14M6 14v5M18 14v5M6 6h12v4H6z'], // bench
  [/voirie|chaussee|trottoir|espace public/, 'M8 3L4 21M16 3l4 18M12 4v3M12 11v3M12 18v2'], // road
  [/batiment|communau/, 'M4 21h16M6 21V9l6-5 6 5v12M10 21v-5h4v5'], // building
  [/commerc|professionn/, 'M4 9l1-5h14l1 5M4 9h16v11H4zM9 20v-6h6v6'], // shop
];
const DEFAULT = 'M12 21s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12zM12 11.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z'; // pin

export function groupIconPath(group: string): string {
  const g = norm(group);
  return ICONS.find(([re]) => re.test(g))?.[1] ?? DEFAULT;
}

/** The icon as an element (decorative: the group's name is next to it). */
export function groupIcon(group: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'group-icon';
  span.setAttribute('aria-hidden', 'true');
  span.innerHTML = `<svg viewBox="0 0 24 24" width="28" height="28" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="${groupIconPath(group)}"/></svg>`;
  return span;
}
