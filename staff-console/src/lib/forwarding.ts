// An alert's sending to the competent organisation over Open311 (docs/open311.md § 6), as the alert page
// shows it beside "Transmise à": where it stands, and for a failed one the "Renvoyer" button, once the
// cause is fixed (the organisation's key or service list, the endpoint an administrator recorded).
import { formatDateTimeShort } from '@signalement/web-common/format';
import type { Api } from './api';
import type { AlertDetail, Forwarding } from './types';

export const FORWARDING_STATE_LABELS: Record<Forwarding['state'], string> = {
  PENDING: 'En cours d’envoi',
  SENT: 'Reçue par l’organisme',
  DONE: 'Traitée par l’organisme',
  FAILED: 'Échec de la transmission',
};

/** What follows the state's label: the organisation's number and status, the next try, or why it failed. */
export function forwardingDetails(f: Forwarding): string {
  const parts: string[] = [];
  if (f.remoteId) parts.push(`n° ${f.remoteId} chez ${f.organisation}`);
  else parts.push(`vers ${f.organisation}`);
  // In the reporters' words, from the backend (alert/ForwardedProgress.statusWords).
  if (f.remoteStatus) parts.push(`statut : ${f.remoteStatusLabel ?? f.remoteStatus}`);
  if (f.state === 'PENDING' && f.attempts > 0) {
    parts.push(`${f.attempts} essai${f.attempts > 1 ? 's' : ''} sans réponse, prochain le ${formatDateTimeShort(f.nextAt)}`);
  }
  if (f.lastError) parts.push(f.state === 'FAILED' ? `motif : ${f.lastError}` : `dernière erreur : ${f.lastError}`);
  return parts.join(' — ');
}

/** Only a failed sending can be sent again; any other is still in the worker's hands, or done. */
export function canResend(f: Forwarding | null | undefined): boolean {
  return f?.state === 'FAILED';
}

/** Asks for a failed sending to be tried again; the answer is the alert page, its forwarding pending again. */
export function resendForwarding(api: Api, alertId: number): Promise<AlertDetail> {
  return api.post<AlertDetail>(`/api/v1/alerts/${alertId}/forwarding/retry`, {});
}
