// Follow page: /suivi/{trackingNumber}?token=… (the followUrl given by the backend).
import { ApiError } from '@signalement/web-common/api';
import { api } from '../lib/api';
import { append, clear, h } from '@signalement/web-common/dom';
import { formatDateTime } from '@signalement/web-common/format';
import { listReports, saveReport } from '../lib/queue';
import type { FollowUp } from '../lib/types';
import { serviceBlock } from './ack';
import { statusBadge, timelineList } from './follow-common';

export async function renderFollow(main: HTMLElement, trackingNumber: string, token: string | null): Promise<void> {
  clear(main);
  const h1 = h('h1', { tabindex: '-1' }, `Suivi du signalement ${trackingNumber}`);
  const body = h('div', { 'aria-live': 'polite' }, h('p', null, 'Chargement…'));
  main.append(h1, body);
  if (!token) {
    clear(body);
    body.append(h('p', { class: 'field-error' }, 'Ce lien de suivi est incomplet : utilisez le lien reçu après votre signalement ou par e-mail.'));
    return;
  }
  let f: FollowUp;
  try {
    f = await api.follow(trackingNumber, token);
  } catch (e) {
    clear(body);
    body.append(h('p', { class: 'field-error' }, e instanceof ApiError
      ? (e.status === 404 ? 'Signalement introuvable : vérifiez le lien de suivi.' : e.message)
      : 'Le suivi est indisponible hors connexion. Réessayez quand le réseau sera revenu.'));
    return;
  }
  clear(body);
  const known = (await listReports().catch(() => [])).find((r) => r.trackingNumber === f.trackingNumber);
  if (known && known.statusLabel !== f.statusLabel) await saveReport({ ...known, statusLabel: f.statusLabel });
  append(body, [
    h('p', { class: 'status-line', id: 'follow-status' }, 'Statut : ', statusBadge(f.statusLabel, f.status)),
    h('dl', { class: 'facts' },
      h('dt', null, 'Catégorie'), h('dd', null, f.category.label),
      h('dt', null, 'Reçu le'), h('dd', null, formatDateTime(f.receivedAt)),
      f.address || f.quartier ? [h('dt', null, 'Lieu'), h('dd', null, [f.address, f.quartier].filter(Boolean).join(' — '))] : null,
      h('dt', null, 'Délai de traitement'), h('dd', null, f.dueAt ? `Au plus tard le ${formatDateTime(f.dueAt)}` : 'Non communiqué'),
      h('dt', null, 'Nombre de signalements'), h('dd', null, String(f.reportCount)),
      h('dt', null, 'Service en charge'), h('dd', null, serviceBlock(f.service)),
    ),
    f.photos.length ? h('section', { 'aria-labelledby': 'ph-title' }, h('h2', { id: 'ph-title' }, 'Photos'),
      h('div', { class: 'gallery' }, f.photos.map((p, i) => h('a', { href: p.url }, h('img', { src: p.thumbnailUrl, alt: `Photo ${i + 1} du signalement`, width: '120', height: '120', loading: 'lazy' }))))) : null,
    f.afterPhotos.length ? h('section', { 'aria-labelledby': 'ap-title' }, h('h2', { id: 'ap-title' }, 'Après intervention'),
      h('div', { class: 'gallery' }, f.afterPhotos.map((p, i) => h('a', { href: p.url }, h('img', { src: p.thumbnailUrl, alt: `Photo ${i + 1} après intervention`, width: '120', height: '120', loading: 'lazy' }))))) : null,
    h('section', { 'aria-labelledby': 'tl-title' }, h('h2', { id: 'tl-title' }, 'Historique'), timelineList(f.timeline)),
    f.canReopen ? reopenForm(main, trackingNumber, token) : null,
    eraseContact(trackingNumber, token),
    known ? null : h('button', {
      type: 'button', class: 'btn btn-secondary',
      onclick: async (ev: Event) => {
        await saveReport({
          trackingNumber: f.trackingNumber, followToken: token, followUrl: location.href, receivedAt: f.receivedAt,
          categoryLabel: f.category.label, statusLabel: f.statusLabel, ack: null as never, savedAt: new Date().toISOString(),
        });
        const b = ev.currentTarget as HTMLButtonElement;
        b.replaceWith(h('p', { role: 'status' }, 'Ajouté à « Mes signalements ».'));
      },
    }, 'Ajouter à mes signalements'),
  ]);
}

/** "Ce n'est pas réparé" — allowed by the backend while canReopen. */
function reopenForm(main: HTMLElement, trackingNumber: string, token: string): HTMLElement {
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const input = h('input', { id: 'reopen-comment', type: 'text', maxlength: '2000', required: true, 'aria-describedby': 'reopen-hint' });
  return h('section', { class: 'step', 'aria-labelledby': 'reopen-title' },
    h('h2', { id: 'reopen-title' }, "Le problème n'est pas réglé ?"),
    h('form', {
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        error.hidden = true;
        if (!input.value.trim()) { error.textContent = 'Expliquez en une phrase ce qui ne va pas.'; error.hidden = false; input.focus(); return; }
        try {
          await api.reopen(trackingNumber, token, input.value.trim());
          await renderFollow(main, trackingNumber, token);
          (main.querySelector('h1') as HTMLElement | null)?.focus();
        } catch (err) {
          error.textContent = err instanceof ApiError ? err.message : 'Envoi impossible hors connexion. Réessayez plus tard.';
          error.hidden = false;
        }
      },
    },
    h('label', { for: 'reopen-comment' }, 'Votre commentaire'),
    h('p', { id: 'reopen-hint', class: 'hint' }, 'Par exemple « Le trou a été rebouché mais il s’est rouvert ».'),
    input, error,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'btn btn-secondary' }, 'Signaler que ce n’est pas réglé'))),
  );
}

/** GDPR: erase the reporter's e-mail for this report. */
function eraseContact(trackingNumber: string, token: string): HTMLElement {
  const status = h('p', { role: 'status' });
  const btn = h('button', {
    type: 'button', class: 'btn btn-link',
    onclick: async () => {
      if (!window.confirm('Effacer définitivement votre adresse e-mail de ce signalement ? Vous ne recevrez plus de nouvelles par e-mail.')) return;
      try {
        await api.eraseContact(trackingNumber, token);
        status.textContent = 'Votre adresse e-mail a été effacée de ce signalement.';
        btn.remove();
      } catch (err) {
        status.textContent = err instanceof ApiError ? err.message : 'Effacement impossible hors connexion. Réessayez plus tard.';
      }
    },
  }, 'Effacer mon adresse e-mail de ce signalement');
  return h('section', { 'aria-labelledby': 'data-title' }, h('h2', { id: 'data-title' }, 'Vos données'), btn, status);
}
