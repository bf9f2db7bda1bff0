import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { screenshotter } from '@signalement/web-common/e2e';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export { expectAccessible, randomParisPoint } from '@signalement/web-common/e2e';

/** Screenshots go to bench/console/screenshots (the reviewed pictures of the app), or SCREENSHOT_DIR. */
export const shot = screenshotter(join(import.meta.dirname, '..', '..', 'bench', 'console', 'screenshots'));
/** Screens shown in the README (docs/screens/). */
export const shotTo = screenshotter(join(import.meta.dirname, '..', '..', 'docs', 'screens'));
export const POTHOLE = 'trottoirs-affaissement-trou-bosse-pave-arrache';
export const BAGS = 'cartons-ou-sacs-de-dechets-menagers';
export const GRAFFITI = 'graffitis-sur-rideau-metallique';
export const PHOTO = join(import.meta.dirname, '..', '..', 'pwa-citizen', 'e2e', 'fixtures', 'photo-gps.jpg');

/**
 * The screen as it is, at 1440×900 then 360×740, into docs/screens/NAME-1440.png and NAME-360.png,
 * scrolled to `focus` if given (the layout changes with the width); the viewport is restored.
 */
export async function screens(page: Page, name: string, focus?: Locator): Promise<void> {
  const before = page.viewportSize();
  for (const [width, height] of [[1440, 900], [360, 740]]) {
    await page.setViewportSize({ width, height });
    // Vertically to the element only: a wide element must not leave the page scrolled sideways.
    if (focus) await focus.evaluate((el) => { el.scrollIntoView({ block: 'center' }); window.scrollTo(0, window.scrollY); });
    await shotTo(page, `${name}-${width}`, false);
  }
  if (before) await page.setViewportSize(before);
}

/** A report with one photo (multipart), as the citizen app sends it. */
export async function reportWithPhoto(request: APIRequestContext, p: { lat: number; lon: number }, description: string, categoryCode = POTHOLE) {
  const res = await request.post('/api/v1/reports', {
    multipart: {
      report: JSON.stringify({ categoryCode, lat: p.lat, lon: p.lon, description }),
      photo: { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) },
    },
  });
  expect(res.status(), `POST /api/v1/reports (photo): ${await res.text()}`).toBe(201);
  return (await res.json()) as { trackingNumber: string; alertId: number };
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/console/connexion');
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

export async function token(request: APIRequestContext, username: string, password: string): Promise<string> {
  const res = await request.post('/api/v1/auth/login', { data: { username, password } });
  expect(res.status(), `login ${username}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function report(request: APIRequestContext, p: { lat: number; lon: number }, description: string, categoryCode = POTHOLE) {
  const res = await request.post('/api/v1/reports', { data: { categoryCode, lat: p.lat, lon: p.lon, description, contactEmail: 'riverain@example.org' } });
  expect(res.status(), `POST /api/v1/reports: ${await res.text()}`).toBe(201);
  return (await res.json()) as { trackingNumber: string; alertId: number; joinedExistingAlert: boolean };
}

/** psql against the backend's database, when E2E_DB names it (else null). */
export function sql(query: string): string | null {
  const db = process.env.E2E_DB;
  if (!db) return null;
  return execFileSync('psql', ['-h', process.env.PGHOST || '127.0.0.1', '-p', process.env.PGPORT || '5432', '-U', process.env.PGUSER || 'postgres',
    '-d', db, '-tAc', query], { encoding: 'utf8' }).trim();
}

/** GET /api/v1/alerts/{id}, the summary fields read at the top level whether nested under "alert" or not. */
export async function alertDetail(request: APIRequestContext, bearer: string, id: number) {
  const res = await request.get(`/api/v1/alerts/${id}`, { headers: { Authorization: `Bearer ${bearer}` } });
  expect(res.status(), `GET /api/v1/alerts/${id}`).toBe(200);
  const raw = await res.json();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (raw.alert ? { ...raw.alert, ...raw } : raw) as any;
}
