import { clear, h } from '@signalement/web-common/dom';
import type { AppConfig } from '../lib/types';

export function renderPrivacy(main: HTMLElement, config: AppConfig | null): void {
  const commune = config?.communeName || 'la commune';
  const days = config?.retentionDays;
  const reopen = config?.reopenDays;
  clear(main);
  main.append(
    h('h1', { tabindex: '-1' }, 'Vos données personnelles'),
    h('p', null, `Ce service est proposé par ${commune}, responsable du traitement. Il sert uniquement à recevoir vos signalements de problèmes dans l'espace public et à les faire traiter.`),
    h('h2', null, 'Ce que nous recueillons'),
    h('ul', null,
      h('li', null, "La photo que vous envoyez, réduite et débarrassée sur votre téléphone de ses métadonnées (position GPS de l'appareil, modèle, date)."),
      h('li', null, "L'emplacement du problème et la précision de la localisation."),
      h('li', null, 'La catégorie et la description que vous saisissez.'),
      h('li', null, 'Évitez de photographier des personnes reconnaissables ou des plaques d’immatriculation.'),
      h('li', null, 'Votre adresse e-mail, seulement si vous la donnez (facultatif) : sans e-mail, le signalement est anonyme.'),
    ),
    h('h2', null, 'Pourquoi'),
    h('p', null, "Pour transmettre le problème au service compétent, le localiser, vous informer de son traitement si vous l'avez demandé, et produire des statistiques anonymes. Base légale : mission d'intérêt public de la commune."),
    h('h2', null, 'Combien de temps'),
    h('p', null, days
      ? `Votre adresse e-mail est conservée ${days} jours après la clôture du signalement, puis effacée automatiquement.`
      : 'Votre adresse e-mail est conservée le temps du traitement du signalement, puis effacée automatiquement.',
      " Le signalement lui-même (photo, lieu, catégorie, description) est ensuite gardé sans aucune donnée permettant de vous identifier, pour l'historique des interventions et les statistiques.",
      reopen ? ` Un signalement résolu peut être rouvert pendant ${reopen} jours.` : ''),
    h('h2', null, 'Sur cet appareil'),
    h('p', null, "L'application garde sur votre téléphone la liste de vos signalements (numéro de suivi et code de suivi) et ceux en attente d'envoi. Rien n'est partagé avec des tiers, pas de publicité ni de mesure d'audience."),
    h('h2', null, 'Comment effacer vos données'),
    h('ul', null,
      h('li', null, "Sur cet appareil : « Retirer de cet appareil » dans Mes signalements, ou effacez les données du site dans votre navigateur."),
      h('li', null, "Votre adresse e-mail : « Effacer mon adresse e-mail de ce signalement » sur la page de suivi du signalement (lien reçu après l'envoi, ou dans Mes signalements)."),
      h('li', null, `Chez ${commune} : écrivez au service indiqué dans l'accusé de réception en donnant votre numéro de suivi, pour demander l'accès, la rectification ou l'effacement de vos données.`),
      h('li', null, "Vous pouvez aussi saisir la CNIL (cnil.fr) si vous estimez que vos droits ne sont pas respectés."),
    ),
    h('p', null, h('a', { href: '/' }, 'Retour au signalement')),
  );
}
