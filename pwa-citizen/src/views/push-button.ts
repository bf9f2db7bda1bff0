// Optional push opt-in. Firebase is only loaded when the commune enabled push AND the citizen asks for it.
import { h } from '../lib/dom';
import type { AppConfig } from '../lib/types';

export function pushButton(config: AppConfig | null): HTMLElement | null {
  if (!config?.push?.enabled || !config.push.firebase) return null;
  if (typeof Notification === 'undefined' || !('serviceWorker' in navigator)) return null;
  const status = h('p', { class: 'hint', 'aria-live': 'polite' });
  const btn = h('button', {
    type: 'button', class: 'btn btn-secondary',
    onclick: async () => {
      btn.disabled = true;
      status.textContent = 'Activation des notifications…';
      try {
        const { enablePush } = await import('../push');
        await enablePush(config);
        status.textContent = 'Notifications activées sur cet appareil.';
      } catch (e) {
        status.textContent = `Les notifications n'ont pas pu être activées (${e instanceof Error ? e.message : String(e)}). Le suivi reste disponible dans « Mes signalements ».`;
        btn.disabled = false;
      }
    },
  }, 'Recevoir les notifications de suivi');
  return h('div', { class: 'push' }, btn, status);
}
