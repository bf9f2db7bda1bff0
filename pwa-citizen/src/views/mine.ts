// "Mes signalements": reports made from this device (tracking number + follow token kept in IndexedDB),
// plus the ones still waiting in the outbox.
import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { append, clear, h } from '@signalement/web-common/dom';
import { formatDateTime } from '@signalement/web-common/format';
import { listOutbox, listReports, removeOutboxItem, removeReport, saveReport, type OutboxItem, type StoredReport } from '../lib/queue';
import { followPath } from './ack';
import { statusBadge, timelineList } from './follow-common';
import { pushButton } from './push-button';
import type { AppConfig } from '../lib/types';

export interface MineContext { flushNow: () => Promise<void>; config: () => AppConfig | null }

export async function renderMine(main: HTMLElement, ctx: MineContext): Promise<void> {
  const h1 = h('h1', { tabindex: '-1' }, 'Mes signalements');
  const outboxBox = h('section', { 'aria-labelledby': 'outbox-title', id: 'outbox' });
  const listBox = h('section', { 'aria-labelledby': 'sent-title', id: 'sent' });
  clear(main);
  append(main, [h1, h('p', { class: 'hint' }, 'Les signalements faits depuis cet appareil. Ils ne sont enregistrés que sur cet appareil.'), outboxBox, listBox,
    pushButton(ctx.config(), () => listReports())]);

  async function renderOutbox(): Promise<void> {
    const items = await listOutbox();
    clear(outboxBox);
    if (!items.length) return;
    append(outboxBox, [
      h('h2', { id: 'outbox-title' }, 'Pas encore envoyés'),
      h('ul', { class: 'cards' }, items.map((i) => outboxCard(i))),
      items.some((i) => i.state === 'pending')
        ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: async () => { await ctx.flushNow(); await refresh(); } }, 'Réessayer maintenant')
        : null,
    ]);
  }

  function outboxCard(i: OutboxItem): HTMLElement {
    return h('li', { class: 'card', 'data-outbox-id': i.id },
      h('p', { class: 'card-title' }, i.kind === 'support' ? `« Moi aussi » — ${i.summary.categoryLabel}` : i.summary.categoryLabel),
      i.state === 'pending'
        ? h('p', null, h('span', { class: 'badge badge-pending' }, "En attente d'envoi"), ` · enregistré le ${formatDateTime(i.createdAt)}`)
        : h('p', null, h('span', { class: 'badge badge-rejected' }, 'Refusé'), ` · ${i.problem?.detail || i.lastError || 'refusé par le serveur'}`),
      i.summary.description ? h('p', null, i.summary.description) : null,
      i.state === 'rejected'
        ? h('button', { type: 'button', class: 'btn btn-link', onclick: async () => { await removeOutboxItem(i.id); await refresh(); } }, 'Supprimer ce signalement refusé')
        : null,
    );
  }

  async function renderReports(): Promise<void> {
    const reports = await listReports();
    clear(listBox);
    listBox.append(h('h2', { id: 'sent-title' }, 'Envoyés'));
    if (!reports.length) {
      listBox.append(h('p', null, 'Aucun signalement envoyé depuis cet appareil. ', h('a', { href: '/' }, 'Signaler un problème')));
      return;
    }
    const ul = h('ul', { class: 'cards' });
    listBox.append(ul);
    for (const r of reports) ul.append(reportCard(r));
  }

  function reportCard(r: StoredReport): HTMLElement {
    const status = h('p', { class: 'status' }, statusBadge(r.statusLabel, 'known'), h('span', { class: 'hint' }, ' (dernier statut connu)'));
    const timeline = h('div');
    const card = h('li', { class: 'card', 'data-tracking': r.trackingNumber },
      h('p', { class: 'card-title' }, h('a', { href: followPath(r.trackingNumber, r.followToken) }, r.trackingNumber), ` — ${r.categoryLabel}`),
      h('p', null, `Envoyé le ${formatDateTime(r.receivedAt)}`),
      status,
      h('details', null, h('summary', null, 'Historique'), timeline),
      h('button', {
        type: 'button', class: 'btn btn-link',
        'aria-label': `Retirer ${r.trackingNumber} de cet appareil`,
        onclick: async () => { await removeReport(r.trackingNumber); await refresh(); },
      }, 'Retirer de cet appareil'),
    );
    timeline.append(h('p', { class: 'hint' }, 'Chargement…'));
    api.follow(r.trackingNumber, r.followToken).then(async (f) => {
      clear(status);
      status.append('Statut : ', statusBadge(f.statusLabel, f.status));
      clear(timeline);
      timeline.append(timelineList(f.timeline));
      if (f.statusLabel !== r.statusLabel) await saveReport({ ...r, statusLabel: f.statusLabel });
    }).catch((e) => {
      clear(timeline);
      timeline.append(h('p', { class: 'hint' }, e instanceof ApiError && e.status === 404
        ? 'Ce signalement est introuvable (il a peut-être été effacé à la fin de sa durée de conservation).'
        : 'Historique indisponible hors connexion.'));
    });
    return card;
  }

  async function refresh(): Promise<void> {
    await Promise.all([renderOutbox(), renderReports()]);
  }

  await refresh();
  const onChange = () => { if (main.contains(h1)) void refresh(); else window.removeEventListener('outbox-changed', onChange); };
  window.addEventListener('outbox-changed', onChange);
}
