import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCREENSHOTS = process.env.SCREENSHOT_DIR || join(import.meta.dirname, '..', '..', 'bench', 'console', 'screenshots');
export const POTHOLE = 'trottoirs-affaissement-trou-bosse-pave-arrache';

/** No serious or critical axe-core violation (WCAG 2.0/2.1 A and AA rules and best practices). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `axe violations on "${screen}":\n${summary}`).toEqual([]);
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
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

/** A random point in central Paris, far enough from other runs' alerts. */
export function randomParisPoint(): { lat: number; lon: number } {
  return { lat: 48.842 + Math.random() * 0.026, lon: 2.300 + Math.random() * 0.08 };
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
