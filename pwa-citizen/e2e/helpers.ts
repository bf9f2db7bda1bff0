import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import { randomParisPoint as randomPoint, screenshotter } from '@signalement/web-common/e2e';
import { join } from 'node:path';

export { expectAccessible } from '@signalement/web-common/e2e';

/** Tests talk only to 127.0.0.1: anything else (basemap tiles, Firebase…) is aborted, as on a closed network. */
const EXTERNAL = /^(https?|wss?):\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/;
export const test = base.extend<{ blockExternal: void }>({
  blockExternal: [async ({ context }, use) => {
    await context.route(EXTERNAL, (route) => route.abort('internetdisconnected'));
    await use();
  }, { auto: true }],
});
export { expect };

export const FIXTURE = join(import.meta.dirname, 'fixtures', 'photo-gps.jpg');
export const PARIS = { latitude: 48.8566, longitude: 2.3522 };
/** Screenshots go to bench/pwa/screenshots (the reviewed pictures of the app), or SCREENSHOT_DIR. */
export const shot = screenshotter(join(import.meta.dirname, '..', '..', 'bench', 'pwa', 'screenshots'));
/** Screens shown in the README (docs/screens/). */
export const shotTo = screenshotter(join(import.meta.dirname, '..', '..', 'docs', 'screens'));

export interface Category { code: string; label: string; group: string }

export async function categories(request: APIRequestContext): Promise<Category[]> {
  const res = await request.get('/api/v1/categories');
  expect(res.status(), 'GET /api/v1/categories').toBe(200);
  const groups = (await res.json()) as { group: string; categories: Category[] }[];
  const all = groups.flatMap((g) => g.categories);
  expect(all.length).toBeGreaterThan(0);
  return all;
}

/** A random point well inside Paris, as a geolocation (each run gets a fresh alert). */
export function randomParisPoint(): { latitude: number; longitude: number } {
  const p = randomPoint();
  return { latitude: p.lat, longitude: p.lon };
}

/** Picks a category by typing part of its label in the search field. */
export async function chooseCategoryByTyping(page: Page, cat: Category): Promise<void> {
  // Type the beginning of the label, as a citizen would (the list shows at most 30 matches).
  await page.getByLabel('Rechercher une catégorie').fill(cat.label.slice(0, 28).trim());
  await page.locator(`input[name="categoryCode"][value="${cat.code}"]`).check();
  await expect(page.locator('#cat-chosen')).toContainText(cat.label);
}

/** Picks a category through its group button, with the keyboard only. */
export async function chooseCategoryByGroupWithKeyboard(page: Page, cat: Category): Promise<void> {
  const chip = page.locator('.chips button', { hasText: new RegExp(`^${escapeRe(cat.group)}$`) });
  await chip.focus();
  await page.keyboard.press('Enter');
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  const radio = page.locator(`input[name="categoryCode"][value="${cat.code}"]`);
  await radio.focus();
  await page.keyboard.press('Space');
  await expect(radio).toBeChecked();
  await expect(page.locator('#cat-chosen')).toContainText(cat.label);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function addPhoto(page: Page): Promise<void> {
  await page.locator('#photo-gallery').setInputFiles(FIXTURE);
  await expect(page.locator('.photo-preview')).toContainText('Photo prête');
}

export async function createReportViaApi(request: APIRequestContext, cat: Category, point: { latitude: number; longitude: number }, withPhoto = false) {
  const report = { categoryCode: cat.code, lat: point.latitude, lon: point.longitude, accuracyM: 5, description: 'Créé par le test e2e', channel: 'pwa' };
  const res = withPhoto
    ? await request.post('/api/v1/reports', {
      multipart: {
        report: JSON.stringify(report),
        photo: { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: (await import('node:fs')).readFileSync(FIXTURE) },
      },
    })
    : await request.post('/api/v1/reports', { data: report });
  expect(res.status(), `POST /api/v1/reports: ${await res.text()}`).toBe(201);
  return (await res.json()) as { trackingNumber: string; followToken: string; alertId: number; statusLabel: string };
}
