import { append, clear, h } from '@signalement/web-common/dom';
import { formatDateTime } from '@signalement/web-common/format';
import type { OutboxItem } from '../lib/queue';
import type { Acknowledgement, AppConfig, ServiceContact } from '../lib/types';
import { pushButton, registerIfOptedIn } from './push-button';

export function serviceBlock(s: ServiceContact | null | undefined): HTMLElement {
  if (!s) return h('p', null, 'Service en cours de désignation.');
  return h('address', { class: 'service' },
    h('strong', null, s.name),
    s.email ? h('span', null, 'E-mail : ', h('a', { href: `mailto:${s.email}` }, s.email)) : null,
    s.phone ? h('span', null, 'Téléphone : ', h('a', { href: `tel:${s.phone.replace(/[^+\d]/g, '')}` }, s.phone)) : null,
    s.address ? h('span', null, 'Adresse : ', s.address) : null,
  );
}

export function followPath(trackingNumber: string, token: string): string {
  return `/suivi/${encodeURIComponent(trackingNumber)}?token=${encodeURIComponent(token)}`;
}

export function renderAck(main: HTMLElement, ack: Acknowledgement, config: AppConfig | null): void {
  clear(main);
  document.title = `Signalement ${ack.trackingNumber} enregistré`;
  const h1 = h('h1', { tabindex: '-1' }, 'Merci, votre signalement est bien reçu');
  append(main, [
    h1,
    h('div', { class: 'success', id: 'ack' },
      ack.joinedExistingAlert
        ? h('p', null, `Ce problème avait déjà été signalé : votre signalement s'y ajoute (${ack.reportCount} signalements au total).`)
        : null,
      h('dl', { class: 'facts' },
        h('dt', null, 'Numéro de suivi'), h('dd', { id: 'ack-tracking', class: 'tracking' }, ack.trackingNumber),
        h('dt', null, 'Date'), h('dd', null, formatDateTime(ack.receivedAt)),
        h('dt', null, 'Catégorie'), h('dd', null, ack.category?.label || '—'),
        ack.address || ack.quartier ? [h('dt', null, 'Lieu'), h('dd', null, [ack.address, ack.quartier].filter(Boolean).join(' — '))] : null,
        // One deployment may serve several communes: which one, and who handles it (the commune or its EPCI).
        ack.commune ? [h('dt', null, 'Commune'), h('dd', { id: 'ack-commune' }, ack.commune.handledBy && ack.commune.handledBy !== ack.commune.name
          ? `${ack.commune.name} — traité par ${ack.commune.handledBy}` : ack.commune.name)] : null,
        h('dt', null, 'Statut'), h('dd', null, ack.statusLabel),
        h('dt', null, 'Service en charge'), h('dd', null, serviceBlock(ack.service)),
        h('dt', null, 'Délai de traitement'), h('dd', { id: 'ack-due' }, ack.dueAt ? `Traitement prévu au plus tard le ${formatDateTime(ack.dueAt)}` : 'Non communiqué'),
      ),
      h('p', null, 'Conservez le numéro de suivi. Ce signalement apparaît dans « Mes signalements » sur cet appareil.'),
    ),
    h('div', { class: 'row' },
      h('a', { class: 'btn btn-primary', href: followPath(ack.trackingNumber, ack.followToken) }, 'Suivre ce signalement'),
      h('a', { class: 'btn btn-secondary', href: '/', 'data-new': '1' }, 'Faire un autre signalement'),
    ),
    pushButton(config, () => [ack]),
  ]);
  h1.focus();
  void registerIfOptedIn(config, [ack]);
}

export function renderPending(main: HTMLElement, item: OutboxItem): void {
  clear(main);
  document.title = "Signalement en attente d'envoi";
  const h1 = h('h1', { tabindex: '-1' }, "Signalement en attente d'envoi");
  main.append(
    h1,
    h('div', { class: 'notice', id: 'pending', 'data-pending-id': item.id },
      h('p', null, h('strong', null, "Pas de réseau pour l'instant : votre signalement est enregistré sur cet appareil.")),
      h('p', null, "Il sera envoyé automatiquement dès que la connexion reviendra, même si vous fermez l'application. Il ne sera pas envoyé en double."),
      h('p', null, `Catégorie : ${item.summary.categoryLabel}. Enregistré le ${formatDateTime(item.createdAt)}.`),
    ),
    h('div', { class: 'row' },
      h('a', { class: 'btn btn-primary', href: '/mes-signalements' }, 'Voir mes signalements'),
      h('a', { class: 'btn btn-secondary', href: '/' }, 'Faire un autre signalement'),
    ),
  );
  h1.focus();
}
