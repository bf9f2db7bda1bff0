import { h } from '@signalement/web-common/dom';
import { formatDateTime } from '@signalement/web-common/format';
import type { TimelineEntry } from '../lib/types';

export function timelineList(entries: TimelineEntry[]): HTMLElement {
  if (!entries.length) return h('p', { class: 'hint' }, 'Pas encore d’historique.');
  return h('ol', { class: 'timeline' }, entries.map((t) => h('li', null,
    h('span', { class: 'tl-status' }, t.statusLabel),
    h('span', { class: 'tl-date' }, formatDateTime(t.at)),
    t.note ? h('span', { class: 'tl-note' }, t.note) : null,
  )));
}

export function statusBadge(label: string, status: string): HTMLElement {
  return h('span', { class: `badge badge-${status.toLowerCase()}` }, label);
}
