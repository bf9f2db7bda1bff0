// French wording of the codes the API uses.

export const STATUS_LABELS: Record<string, string> = {
  NEW: 'Nouvelle', QUALIFIED: 'Qualifiée', ASSIGNED: 'Assignée', IN_PROGRESS: 'En cours',
  RESOLVED: 'Résolue', CLOSED: 'Clôturée', REJECTED: 'Rejetée', FORWARDED: 'Transmise',
};
export const OPEN_STATUSES = ['NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS'];

/** Verb of a transition button, by target state. */
export const TRANSITION_VERBS: Record<string, string> = {
  QUALIFIED: 'Qualifier', ASSIGNED: 'Assigner', IN_PROGRESS: 'Marquer « en cours »', RESOLVED: 'Marquer résolue',
  CLOSED: 'Clôturer', REJECTED: 'Rejeter', FORWARDED: 'Transmettre',
};

export const REJECT_REASONS: Record<string, string> = {
  NOT_COMPETENT: 'Hors de la compétence de la commune',
  NOT_A_PROBLEM: 'Pas un problème',
  DUPLICATE: 'Doublon',
  CANNOT_ACT: 'Intervention impossible',
};

export const CHANNEL_LABELS: Record<string, string> = {
  pwa: 'Application', phone: 'Téléphone', counter: 'Accueil', email: 'Courriel', mail: 'Courrier', open311: 'Open311', field: 'Agent de terrain',
};
/** Channels a staff member enters on a citizen's behalf. */
export const STAFF_CHANNELS = ['phone', 'counter', 'mail', 'email'];

export const DUE_LABELS: Record<string, string> = { OVERDUE: 'En retard', DUE_SOON: 'Échéance proche', ON_TIME: 'Dans les délais' };

/** Statuses where a deadline no longer means anything (a merged duplicate is handled in the alert it joined). */
const NO_DEADLINE = new Set(['MERGED', 'REJECTED', 'FORWARDED', 'CLOSED', 'RESOLVED']);

/** The deadline's label for an alert in this status; empty when the deadline no longer applies. */
export function dueLabel(status: string, dueStatus: string): string {
  if (status === 'MERGED') return 'Sans objet (doublon fusionné)';
  if (NO_DEADLINE.has(status)) return '';
  return DUE_LABELS[dueStatus] ?? '';
}

/** Who did it, in French: the timeline stores "citizen" and "system" for people without an account. */
export function actorLabel(actor: string): string {
  if (actor === 'citizen') return 'un citoyen';
  if (actor === 'system') return 'le système (automatique)';
  if (actor.startsWith('open311')) return `une application partenaire (Open311${actor.includes(':') ? ` : ${actor.slice(actor.indexOf(':') + 1)}` : ''})`;
  return actor;
}

export const EVENT_LABELS: Record<string, string> = {
  CREATED: 'Création', REPORT_ADDED: 'Nouveau signalement', TRANSITION: 'Changement d’état', MERGED: 'Fusion',
  SPLIT: 'Séparation', REOPENED: 'Réouverture (« pas réparé »)', FIELD_NOTE: 'Note de terrain', MESSAGE: 'Message aux signaleurs',
  MODERATION: 'Modération (publication)', AUTO_CLOSED: 'Clôture automatique (délai de réouverture écoulé)',
  CITIZEN_UPDATE: 'Commentaire d’un habitant (Open311)', PHOTO_MISSING: 'Photo manquante',
  REMOTE_STATUS: 'Suivi chez l’organisme compétent (Open311)', FORWARD_RETRY: 'Nouvel envoi à l’organisme compétent (Open311)',
  CANT_FIX: 'Intervention impossible (terrain)', AFTER_PHOTO: 'Photo de terrain', MEASUREMENT: 'Mesure', MATERIAL: 'Matériel', TIME_SPENT: 'Temps passé',
};

export const ROLE_LABELS: Record<string, string> = { AGENT: 'Agent', DISPATCHER: 'Régulation', SUPERVISOR: 'Cabinet du maire', ADMIN: 'Administration' };

export function statusLabel(s: string | null | undefined): string {
  return s ? STATUS_LABELS[s] ?? s : '';
}
export function channelLabel(c: string | null | undefined): string {
  return c ? CHANNEL_LABELS[c] ?? c : 'Inconnu';
}
