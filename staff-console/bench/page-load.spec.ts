import { expect, test } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import { expectAccessible, shot, signIn } from '../e2e/helpers';

// Times the pages in Chromium on the benchmark database (100,000 alerts): from navigation to the
// figures on screen. Writes a Markdown table to PAGE_LOAD_OUT.
const OUT = process.env.PAGE_LOAD_OUT || 'page-load.md';
const rows: string[] = [];
const RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

test('dashboard and queue load fast on 100,000 alerts', async ({ page, request }) => {
  test.setTimeout(900_000);
  await signIn(page, 'maire', 'maire-demo');
  await expect(page.locator('#kpi-alerts')).toHaveAttribute('data-value', /\d+/);
  const times: Record<string, number[]> = {};
  const periods: [string, string][] = [['30 derniers jours', '30 days'], ['3 derniers mois', '3 months'], ['12 derniers mois', '12 months']];
  for (const [button, label] of periods) {
    times[label] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.locator('#kpi-alerts').evaluate((el) => el.setAttribute('data-value', 'pending'));
      const t0 = Date.now();
      await page.getByRole('button', { name: button }).click();
      await expect(page.locator('#kpi-alerts')).toHaveAttribute('data-value', /^\d+$/);
      times[label].push(Date.now() - t0);
    }
  }
  // A cold page load (navigation, sign-in kept in sessionStorage, 5 statistics requests).
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = Date.now();
    await page.goto('/console/dashboard');
    await expect(page.locator('#kpi-alerts')).toHaveAttribute('data-value', /^\d+$/);
    cold.push(Date.now() - t0);
  }
  const alerts = await page.locator('#kpi-alerts').getAttribute('data-value');
  await page.getByRole('button', { name: '12 derniers mois' }).click();
  await expect(page.locator('#kpi-alerts')).toHaveAttribute('data-value', /^\d{5,}$/);
  await expectAccessible(page, 'tableau de bord (100 000 alertes)');
  await shot(page, '10-tableau-de-bord-100k');
  await page.getByLabel('Regrouper par').selectOption('quartier');
  await expect(page.locator('#times-title')).toContainText('quartier');
  await shot(page, '11-tableau-de-bord-100k-par-quartier');

  rows.push('| page (Chromium, median of 3) | ms |', '|---|---:|');
  rows.push(`| dashboard, full page load (3 months, ${alerts} alerts in the period) | ${median(cold)} |`);
  for (const [, label] of periods) rows.push(`| dashboard, change period to ${label} (5 statistics requests) | ${median(times[label])} |`);

  appendFileSync(OUT, rows.splice(0).join('\n') + '\n');

  // The dispatcher's queue, when the dispatch API is available.
  const login = await request.post('/api/v1/auth/login', { data: { username: 'dispatch', password: 'dispatch-demo' } });
  const tok = (await login.json()).accessToken as string;
  const probe = await request.get('/api/v1/alerts?size=1', { headers: { Authorization: `Bearer ${tok}` } });
  if (probe.ok()) {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await signIn(page, 'dispatch', 'dispatch-demo');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
    const q: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = Date.now();
      await page.goto('/console/');
      await expect(page.locator('#queue-table tbody tr[data-alert-id]').first()).toBeVisible();
      q.push(Date.now() - t0);
    }
    await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible();
    await expectAccessible(page, 'file (100 000 alertes)');
    await shot(page, '12-file-100k', false);
    rows.push(`| queue, full page load (first 200 open alerts, list + clustered map) | ${median(q)} |`);
  } else {
    rows.push(`| queue | not measured: GET /api/v1/alerts answered ${probe.status()} |`);
  }
  appendFileSync(OUT, rows.join('\n') + '\n');
});
