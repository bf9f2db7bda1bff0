// Web push through Firebase Cloud Messaging. Loaded lazily (dynamic import) only when push is enabled in
// /api/v1/config and the citizen opts in; any failure leaves the app working exactly as without push.
import { kvSet } from './lib/db';
import type { AppConfig } from './lib/types';

export async function enablePush(config: AppConfig): Promise<string> {
  const fb = config.push?.firebase;
  if (!config.push?.enabled || !fb) throw new Error('notifications non configurées');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('autorisation refusée');
  const [{ initializeApp }, messaging] = await Promise.all([import('firebase/app'), import('firebase/messaging')]);
  if (!(await messaging.isSupported())) throw new Error('navigateur non compatible');
  const app = initializeApp(fb);
  const registration = await navigator.serviceWorker.ready;
  const token = await Promise.race([
    messaging.getToken(messaging.getMessaging(app), { vapidKey: fb.vapidKey, serviceWorkerRegistration: registration }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('service de notification injoignable')), 15000)),
  ]);
  await kvSet('pushToken', token);
  return token;
}
