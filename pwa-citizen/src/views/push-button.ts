// Optional push opt-in. Firebase is only loaded when the commune enabled push AND the citizen asks for it.
// The FCM token is registered per report (POST /api/v1/reports/{n}/push?token=…); any failure leaves the
// app working exactly as without push.
import { api } from '../lib/api';
import { kvGet } from '../lib/db';
import { h } from '@signalement/web-common/dom';
import type { AppConfig } from '../lib/types';

export interface Followed { trackingNumber: string; followToken: string }

export function pushAvailable(config: AppConfig | null): boolean {
  return !!(config?.push?.enabled && config.push.firebase && typeof Notification !== 'undefined' && 'serviceWorker' in navigator);
}

async function registerAll(reports: Followed[], pushToken: string): Promise<number> {
  const results = await Promise.allSettled(reports.map((r) => api.registerPush(r.trackingNumber, r.followToken, pushToken)));
  return results.filter((r) => r.status === 'fulfilled').length;
}

/** Already opted in on this device: register new reports silently. */
export async function registerIfOptedIn(config: AppConfig | null, reports: Followed[]): Promise<void> {
  if (!pushAvailable(config) || Notification.permission !== 'granted') return;
  const token = await kvGet<string>('pushToken').catch(() => undefined);
  if (token) await registerAll(reports, token).catch(() => 0);
}

export function pushButton(config: AppConfig | null, reports: () => Promise<Followed[]> | Followed[]): HTMLElement | null {
  if (!pushAvailable(config)) return null;
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  const btn = h('button', {
    type: 'button', class: 'btn btn-secondary',
    onclick: async () => {
      btn.disabled = true;
      status.textContent = 'Activation des notifications…';
      try {
        const { enablePush } = await import('../push');
        const token = await enablePush(config!);
        const list = await reports();
        const ok = await registerAll(list, token);
        status.textContent = ok === list.length
          ? 'Notifications activées : vous serez prévenu des changements de statut.'
          : "Notifications activées sur cet appareil, mais l'inscription auprès de la commune a échoué pour certains signalements. Le suivi reste disponible dans « Mes signalements ».";
      } catch (e) {
        status.textContent = `Les notifications n'ont pas pu être activées (${e instanceof Error ? e.message : String(e)}). Le suivi reste disponible dans « Mes signalements ».`;
        btn.disabled = false;
      }
    },
  }, 'Recevoir les notifications de suivi');
  return h('div', { class: 'push' }, btn, status);
}
