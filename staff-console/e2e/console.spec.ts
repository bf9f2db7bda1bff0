import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { BAGS, GRAFFITI, PHOTO, POTHOLE, alertDetail, expectAccessible, randomParisPoint, report, reportWithPhoto, screens, shot, shotTo, signIn, sql, token } from './helpers';

const OPEN = 'NEW,QUALIFIED,ASSIGNED,IN_PROGRESS';
const int = new Intl.NumberFormat('fr-FR');

/** The group a category belongs to, as GET /api/v1/categories says. */
async function groupOf(request: import('@playwright/test').APIRequestContext, code: string): Promise<string> {
  const groups = (await (await request.get('/api/v1/categories')).json()) as { group: string; categories: { code: string }[] }[];
  return groups.find((g) => g.categories.some((c) => c.code === code))!.group;
}

test.describe.configure({ mode: 'serial' });

test('sign-in: refuses a wrong password, accessible', async ({ page }) => {
  await page.goto('/console/');
  await expect(page).toHaveURL(/\/console\/connexion/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion des agents');
  await expectAccessible(page, 'connexion');
  await shot(page, '01-connexion');
  await page.getByLabel('Identifiant').fill('dispatch');
  await page.getByLabel('Mot de passe').fill('mauvais');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('incorrect');
});

test('dispatcher: live queue, most urgent first, with the map', async ({ page, request }) => {
  const a = await report(request, randomParisPoint(), 'Trou dans la chaussée (e2e file)');
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await expect(page.locator('#queue-page')).toContainText(/alertes? · page 1 sur \d+/);
  // Filter: only new alerts, by the pothole category (the queue shows the 200 most urgent).
  await page.getByLabel('État').selectOption('NEW');
  await page.getByLabel('Catégorie').selectOption(POTHOLE);
  await expect(page).toHaveURL(/status=NEW/);
  await expect(page.locator(`tr[data-alert-id="${a.alertId}"]`)).toBeVisible();
  await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible();
  await expect(page.locator('path.leaflet-interactive, .leaflet-overlay-pane path').first()).toBeAttached();
  await expectAccessible(page, 'file');
  await shot(page, '02-file-des-alertes');
  // Urgency order as the API says: no overdue alert after an on-time one.
  const dues = await page.locator('#queue-table tbody tr').evaluateAll((rows) => rows.map((r) => r.className));
  const rank = (c: string) => (c.includes('OVERDUE') ? 0 : c.includes('DUE_SOON') ? 1 : 2);
  const ranks = dues.map(rank);
  expect(ranks).toEqual([...ranks].sort((x, y) => x - y));

  await page.goto('/console/carte');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Carte des alertes');
  await expect(page.locator('.leaflet-marker-icon').first()).toBeVisible();
  await expectAccessible(page, 'carte');
  await shot(page, '03-carte');
});

test('dispatcher: triage an alert NEW → QUALIFIED → ASSIGNED with the keyboard', async ({ page, request }) => {
  const a = await report(request, randomParisPoint(), 'Nid de poule profond (e2e tri)');
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.goto(`/console/alertes/${a.alertId}`);
  await expect(page.locator('#alert-status')).toHaveAttribute('data-status', 'NEW');
  await expect(page.locator('#reports')).toContainText(a.trackingNumber);
  await expectAccessible(page, 'alerte (nouvelle)');
  await shot(page, '04-alerte-nouvelle');

  await page.locator('#qualify-note').fill('Vu sur place par la régulation');
  await page.locator('#btn-qualify').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#alert-status')).toHaveAttribute('data-status', 'QUALIFIED');
  await expect(page.locator('#action-result')).toContainText('qualifiée');

  const team = page.locator('#assign-team');
  await expect(team.locator('option')).not.toHaveCount(1);
  const firstTeam = await team.locator('option').nth(1).getAttribute('value');
  await team.selectOption(firstTeam!);
  await page.locator('#btn-assign').click();
  await expect(page.locator('#alert-status')).toHaveAttribute('data-status', 'ASSIGNED');
  await expect(page.locator('#timeline')).toContainText('Assignée');
  await expectAccessible(page, 'alerte (assignée)');
  await shot(page, '05-alerte-assignee');

  // Write to the reporters (the report left an address).
  await page.locator('#message-text').fill('Bonjour, une équipe interviendra cette semaine.');
  await page.locator('#btn-message').click();
  await expect(page.locator('#action-result')).toContainText('Message envoyé à 1 signaleur');

  const t = await token(request, 'dispatch', 'dispatch-demo');
  const detail = await alertDetail(request, t, a.alertId);
  expect(detail.status).toBe('ASSIGNED');
  expect(detail.team.id).toBe(Number(firstTeam));
  const transitions = detail.timeline.filter((e: { to: string | null }) => e.to).map((e: { to: string }) => e.to);
  expect(transitions).toEqual(expect.arrayContaining(['QUALIFIED', 'ASSIGNED']));
});

test('dispatcher: merge two alerts about the same problem', async ({ page, request }) => {
  const p = randomParisPoint();
  const cats = (await (await request.get('/api/v1/categories')).json()) as { categories: { code: string; dedupRadiusM: number }[] }[];
  const radius = cats.flatMap((g) => g.categories).find((c) => c.code === POTHOLE)?.dedupRadiusM ?? 30;
  const a = await report(request, p, 'Trou côté pair (e2e fusion)');
  const b = await report(request, { lat: p.lat + (radius + 40) / 111_320, lon: p.lon }, 'Même trou, vu de l’autre trottoir (e2e fusion)');
  expect(b.alertId).not.toBe(a.alertId);
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.goto(`/console/alertes/${a.alertId}`);
  const nearbyButton = page.locator(`button[data-merge="${b.alertId}"]`);
  if (await nearbyButton.count()) {
    await nearbyButton.click();
  } else {
    await page.locator('#merge-id').fill(String(b.alertId));
    await page.locator('#btn-merge').click();
  }
  await page.locator('#btn-merge-confirm').click();
  await expect(page.locator('#action-result')).toContainText(`n° ${b.alertId}`);
  await expect(page.locator('#reports')).toContainText(b.trackingNumber);
  await expect(page.locator('#reports')).toContainText(a.trackingNumber);
  await shot(page, '06-alerte-fusionnee');

  const t = await token(request, 'dispatch', 'dispatch-demo');
  const other = await alertDetail(request, t, b.alertId);
  expect(other.status).toBe('REJECTED');
  expect(other.mergedIntoId).toBe(a.alertId);
});

test('dispatcher: enter a report taken by phone', async ({ page, request }) => {
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.getByRole('link', { name: 'Saisir un signalement' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('téléphone');
  await expect(page.locator('#in-category option[value="' + POTHOLE + '"]')).toBeAttached();
  await expectAccessible(page, 'saisie');
  const p = randomParisPoint();
  await page.getByLabel('Reçu par').selectOption('phone');
  await page.getByLabel('Catégorie').selectOption(POTHOLE);
  await page.getByLabel('Latitude').fill(p.lat.toFixed(6));
  await page.getByLabel('Longitude').fill(p.lon.toFixed(6));
  await page.getByLabel('Description (mots du citoyen)').fill('Appel de Mme Martin : trou devant le 12');
  await page.getByRole('button', { name: 'Enregistrer le signalement' }).click();
  await expect(page.locator('#in-tracking')).toHaveText(/\S+/);
  await shot(page, '07-saisie-telephone');
  const href = await page.locator('#in-alert-link').getAttribute('href');
  const id = Number(href!.split('/').pop());
  const t = await token(request, 'dispatch', 'dispatch-demo');
  const detail = await alertDetail(request, t, id);
  expect(detail.reports.map((r: { channel: string }) => r.channel)).toContain('phone');
});

test('dispatcher: phone intake finds the address the caller gives; the map has streets, from our own tiles', async ({ page, context }) => {
  // Only our own server: every other host (tile servers included) is unreachable.
  const external: string[] = [];
  await context.route(/^(https?|wss?):\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => { external.push(route.request().url()); return route.abort('internetdisconnected'); });
  const tiles: number[] = [];
  page.on('response', (r) => { if (/\/tiles\/\d+\/\d+\/\d+$/.test(r.url())) tiles.push(r.status()); });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'dispatch', 'dispatch-demo');
  await page.getByRole('link', { name: 'Saisir un signalement' }).click();
  const box = page.getByRole('combobox', { name: 'Adresse donnée par le citoyen' });
  await box.pressSequentially('8 place de l hotel de vil', { delay: 30 });
  await expect(page.getByRole('option', { name: /8 Place de l' Hotel de Ville/ })).toBeVisible();
  await expectAccessible(page, 'saisie, adresse');
  await box.press('Enter');
  await expect(page.getByLabel('Latitude')).toHaveValue('48.856737');
  await expect(page.getByLabel('Longitude')).toHaveValue('2.352092');
  await expect(page.locator('#in-where')).toHaveText(/Lieu choisi : devant le 8 Place de l' Hotel de Ville/);
  await expect.poll(() => tiles.filter((s) => s === 200).length).toBeGreaterThan(0);
  await expect(page.locator('#intake-map canvas').first()).toBeVisible();
  await expect(page.locator('#intake-map .leaflet-control-attribution')).toContainText('OpenMapTiles');
  await page.locator('#intake-map').scrollIntoViewIfNeeded();
  await shotTo(page, 'console-saisie-adresse-1440', false);
  await page.setViewportSize({ width: 360, height: 740 });
  await shotTo(page, 'console-saisie-adresse-360', false);
  expect(external).toEqual([]);
});

test('dispatcher: publish an edited version of a report, then withdraw it (moderation)', async ({ page, request }) => {
  const p = randomParisPoint();
  const a = await report(request, p, 'Trou devant chez moi, appelez-moi au 06 12 34 56 78 (e2e modération)');
  const open311 = async () => ((await (await request.get(`/open311/v2/requests/${a.trackingNumber}.json`)).json()) as { description: string | null }[])[0];
  expect((await open311()).description).toBeNull();
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.goto(`/console/alertes/${a.alertId}`);
  const card = page.locator('#reports li.card').filter({ hasText: a.trackingNumber });
  await expect(card.locator('.moderation')).toContainText('non public');
  await card.getByLabel(/Version publique/).fill('Trou dans la chaussée');
  await card.getByRole('button', { name: 'Publier cette version' }).click();
  await expect(page.locator('#action-result')).toHaveText('Version modifiée publiée.');
  await expect(page.locator('#reports li.card').filter({ hasText: a.trackingNumber }).locator('.moderation')).toContainText('version modifiée');
  await expectAccessible(page, 'moderation');
  await shot(page, '08-moderation');
  expect((await open311()).description).toBe('Trou dans la chaussée');
  await page.locator('#reports li.card').filter({ hasText: a.trackingNumber }).getByRole('button', { name: 'Retirer de la publication' }).click();
  await expect(page.locator('#action-result')).toHaveText('Texte retiré : il n’est plus public.');
  expect((await open311()).description).toBeNull();
});

test('supervisor: dashboard figures match the API and SQL; CSV export', async ({ page, request }) => {
  await report(request, randomParisPoint(), 'Trou (e2e tableau de bord)');
  await signIn(page, 'maire', 'maire-demo');
  await expect(page).toHaveURL(/\/console\/dashboard/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord du cabinet du maire');
  await expect(page.locator('#kpi-alerts')).toHaveAttribute('data-value', /\d+/);
  const from = await page.locator('#d-from').inputValue();
  const to = await page.locator('#d-to').inputValue();
  const shown = Number(await page.locator('#kpi-alerts').getAttribute('data-value'));
  expect(shown).toBeGreaterThan(0);

  const t = await token(request, 'maire', 'maire-demo');
  const api = await (await request.get(`/api/v1/stats/response-times?from=${from}&to=${to}`, { headers: { Authorization: `Bearer ${t}` } })).json();
  expect(shown).toBe(api.total.alerts);
  const share = await page.locator('#kpi-on-time').getAttribute('data-value');
  expect(share === '' ? null : Number(share)).toBe(api.total.on_time_share);
  const own = sql(`SELECT count(*) FROM alert WHERE merged_into_id IS NULL
    AND first_report_at >= ('${from}'::date)::timestamp AT TIME ZONE 'Europe/Paris'
    AND first_report_at < ('${to}'::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'`);
  if (own !== null) expect(shown).toBe(Number(own));
  const backlog = sql(`SELECT count(*) FROM alert WHERE status IN ('NEW','QUALIFIED','ASSIGNED','IN_PROGRESS')`);
  if (backlog !== null) await expect(page.locator('#kpi-backlog')).toHaveAttribute('data-value', backlog);

  await expect(page.locator('#table-times tbody tr')).not.toHaveCount(0);
  await expect(page.locator('svg.chart').first()).toBeVisible();
  await expectAccessible(page, 'tableau de bord');
  await shot(page, '08-tableau-de-bord');
  await screens(page, 'console-tableau-de-bord');

  await page.getByLabel('Regrouper par').selectOption('channel');
  await expect(page.locator('#times-title')).toContainText('canal');
  await expectAccessible(page, 'tableau de bord par canal');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv-times').click()]);
  expect(download.suggestedFilename()).toBe('delais-channel.csv');
  const csv = await (await request.get(`/api/v1/stats/response-times?from=${from}&to=${to}&by=channel&format=csv`, { headers: { Authorization: `Bearer ${t}` } })).text();
  // French spreadsheet convention: ";" between cells (Excel in French opens it in columns).
  expect(csv.split('\r\n')[1]).toMatch(/^Total;\d+/);

  // The monthly report for the council: last month's key figures and charts, and only them when printed.
  await page.evaluate(() => { const w = window as unknown as { printed: number }; w.printed = 0; window.print = () => { w.printed++; }; });
  await page.locator('#print-report').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  const month = { from: await page.locator('#report').getAttribute('data-from'), to: await page.locator('#report').getAttribute('data-to') };
  expect(month.from).toMatch(/^\d{4}-\d{2}-01$/);
  const monthly = await (await request.get(`/api/v1/stats/response-times?from=${month.from}&to=${month.to}`, { headers: { Authorization: `Bearer ${t}` } })).json();
  await expect(page.locator('#report [data-id="kpi-alerts"]')).toHaveAttribute('data-value', String(monthly.total.alerts));
  await expect(page.locator('#report [data-id="kpi-on-time"]')).toHaveAttribute('data-value', monthly.total.on_time_share == null ? '' : String(monthly.total.on_time_share));
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#report h1')).toContainText('Rapport mensuel au conseil municipal');
  await expect(page.locator('#report svg.chart')).toHaveCount(3);
  await expect(page.locator('#period-form')).toBeHidden();
  await expect(page.locator('#dashboard-content')).toBeHidden();
  await expectAccessible(page, 'rapport mensuel (impression)');
  await screens(page, 'console-rapport-mensuel');
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('#report')).toBeHidden();

  // The supervisor has no queue; the dispatcher has no dashboard figures.
  await page.goto('/console/');
  await expect(page).toHaveURL(/\/console\/dashboard/);
  const d = await token(request, 'dispatch', 'dispatch-demo');
  expect((await request.get('/api/v1/stats/backlog', { headers: { Authorization: `Bearer ${d}` } })).status()).toBe(403);
  expect((await request.get('/api/v1/stats/backlog')).status()).toBe(401);
});

test('dispatcher: the queue pages through every alert to the last one, with counts per status', async ({ page, request }) => {
  // More graffiti alerts than one page of 25 holds.
  for (let i = 0; i < 30; i++) await report(request, randomParisPoint(), `Graffiti (e2e pages ${i})`, GRAFFITI);
  const t = await token(request, 'dispatch', 'dispatch-demo');
  const api = async (q: string) => (await (await request.get(`/api/v1/alerts?${q}`, { headers: { Authorization: `Bearer ${t}` } })).json()) as {
    total: number; items: { id: number }[]; counts: { byStatus: Record<string, number>; overdue: number; dueSoon: number } };
  const first = await api(`status=${OPEN}&categoryCode=${GRAFFITI}&size=25&page=0`);
  const pages = Math.ceil(first.total / 25);
  expect(pages).toBeGreaterThan(1);
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.goto(`/console/?categoryCode=${GRAFFITI}&size=25`);
  await expect(page.locator('#queue-page')).toHaveText(`${int.format(first.total)} alertes · page 1 sur ${pages} (1 à 25)`);
  await expect(page.locator('#queue-table tbody tr')).toHaveCount(25);
  // Each status choice says how many alerts it shows (the other filters applied), as the API counts them.
  await expect(page.locator('#f-status option[value="NEW"]')).toHaveText(`À qualifier (${int.format(first.counts.byStatus.NEW)})`);
  await expect(page.locator('#queue-counts [data-status-count="NEW"]')).toHaveText(`Nouvelle ${int.format(first.counts.byStatus.NEW)}`);
  await expect(page.locator('#queue-status')).toHaveAttribute('data-overdue', String(first.counts.overdue));
  await expectAccessible(page, 'file paginée');
  await screens(page, 'console-file');

  await page.getByRole('button', { name: 'Page suivante' }).first().click();
  await expect(page.locator('#queue-page')).toContainText(`page 2 sur ${pages}`);
  await expect(page).toHaveURL(/page=2/);
  await page.getByRole('button', { name: 'Première page' }).first().click();
  await expect(page.locator('#queue-page')).toContainText(`page 1 sur ${pages}`);
  await page.getByRole('button', { name: 'Dernière page' }).last().click();
  await expect(page.locator('#queue-page')).toContainText(`page ${pages} sur ${pages}`);
  // The queue's very last alert, as the API orders it, is on the last page.
  const last = (await api(`status=${OPEN}&categoryCode=${GRAFFITI}&size=1&page=${first.total - 1}`)).items[0];
  await expect(page.locator(`#queue-table tr[data-alert-id="${last.id}"]`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Page suivante' }).first()).toBeDisabled();
  // A reload stays on the same page; an old link past the end lands on the last page.
  await page.reload();
  await expect(page.locator('#queue-page')).toContainText(`page ${pages} sur ${pages}`);
  await page.goto(`/console/?categoryCode=${GRAFFITI}&size=25&page=${pages + 5}`);
  await expect(page.locator('#queue-page')).toContainText(`page ${pages} sur ${pages}`);
  await expect(page.locator(`#queue-table tr[data-alert-id="${last.id}"]`)).toBeVisible();

  await page.goto(`/console/carte?categoryCode=${GRAFFITI}&size=25`);
  await expect(page.locator('.leaflet-marker-icon, path.leaflet-interactive').first()).toBeAttached();
  await screens(page, 'console-carte');
});

test('dispatcher: nearby alerts show distance, category and photo; merging another group asks to confirm', async ({ page, request }) => {
  const p = randomParisPoint();
  const north = (m: number) => ({ lat: p.lat + m / 111_320, lon: p.lon });
  const a = await report(request, p, 'Trou (e2e proches)');
  const bags = await reportWithPhoto(request, north(40), 'Sacs devant le trou (e2e proches)', BAGS);
  const more = await report(request, north(190), 'Autres sacs (e2e proches)', BAGS);
  const [roads, waste] = [await groupOf(request, POTHOLE), await groupOf(request, BAGS)];
  expect(roads).not.toBe(waste);
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.goto(`/console/alertes/${a.alertId}`);
  const item = page.locator(`#nearby li[data-nearby-id="${bags.alertId}"]`);
  await item.scrollIntoViewIfNeeded();
  await expect(item).toContainText(/à (39|40|41) m/);
  await expect(item).toContainText(waste);
  await expect(item.locator('.badge.other-group')).toHaveText('Autre famille');
  // The photo's thumbnail really loads (a signed address: an <img> sends no token).
  await expect.poll(() => item.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // Nearest first.
  const ids = await page.locator('#nearby li').evaluateAll((li) => li.map((l) => Number(l.getAttribute('data-nearby-id'))));
  expect(ids.indexOf(bags.alertId)).toBeLessThan(ids.indexOf(more.alertId));
  await expectAccessible(page, 'alerte et alertes proches');
  await screens(page, 'console-alerte-proches', page.locator('#nearby'));

  // From the nearby list: the confirm step names both groups before anything is sent.
  await page.locator(`button[data-merge="${bags.alertId}"]`).click();
  await expect(page.locator('#merge-cross-group')).toContainText(`« ${waste} »`);
  await expect(page.locator('#merge-cross-group')).toContainText(`« ${roads} »`);
  await expectAccessible(page, 'fusion à confirmer');
  await screens(page, 'console-fusion-confirmation', page.locator('#merge-cross-group'));
  await page.locator('#btn-merge-confirm').click();
  await expect(page.locator('#action-result')).toContainText(`n° ${bags.alertId}`);
  const t = await token(request, 'dispatch', 'dispatch-demo');
  expect((await alertDetail(request, t, bags.alertId)).mergedIntoId).toBe(a.alertId);

  // Typed by number (the console does not know its group): the server refuses, the console asks explicitly.
  await page.locator('#merge-id').fill(String(more.alertId));
  await page.locator('#btn-merge').click();
  await expect(page.locator('#btn-merge-confirm')).toHaveAttribute('data-cross-group', 'false');
  await page.locator('#btn-merge-confirm').click();
  await expect(page.locator('#merge-cross-group')).toContainText(`« ${waste} »`);
  expect((await alertDetail(request, t, more.alertId)).status).toBe('NEW');
  await page.locator('#btn-merge-confirm').click();
  await expect(page.locator('#action-result')).toContainText(`n° ${more.alertId}`);
  expect((await alertDetail(request, t, more.alertId)).mergedIntoId).toBe(a.alertId);
  // Every label in French: no raw code or English word left in the page.
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\b(citizen|Created by|system|NEW|QUALIFIED|ASSIGNED|IN_PROGRESS|REJECTED|MERGED|REPORT_ADDED|TRANSITION)\b/);
});

test('dispatcher: the agent\'s photos before the work show on the alert, for staff only', async ({ page, request }) => {
  const a = await report(request, randomParisPoint(), 'Trou (e2e photo avant)');
  const d = await token(request, 'dispatch', 'dispatch-demo');
  const agent = await token(request, 'agent', 'agent-demo');
  // The tablet registers for new-job alerts; the answer names the agent's team.
  const me = (await (await request.post('/api/v1/field/devices', { headers: { Authorization: `Bearer ${agent}` },
    data: { deviceId: `e2e-${randomUUID()}`, platform: 'android', appVersion: 'e2e' } })).json()) as { teamId: number };
  for (const step of [{ to: 'QUALIFIED' }, { to: 'ASSIGNED', teamId: me.teamId }]) {
    const res = await request.post(`/api/v1/alerts/${a.alertId}/transitions`, { headers: { Authorization: `Bearer ${d}` }, data: step });
    expect(res.status(), await res.text()).toBe(200);
  }
  // As the tablet sends it (queued offline with its action id), kind BEFORE.
  const up = await request.post(`/api/v1/interventions/${a.alertId}/photos`, {
    headers: { Authorization: `Bearer ${agent}` },
    multipart: { photo: { name: 'avant.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) }, clientActionId: randomUUID(), kind: 'BEFORE' },
  });
  expect(up.status(), await up.text()).toBe(201);

  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.goto(`/console/alertes/${a.alertId}`);
  const before = page.getByRole('heading', { name: 'Photos avant intervention' }).locator('xpath=..');
  await expect(before.locator('img')).toHaveCount(1);
  await expect.poll(() => before.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  // Staff only: nothing offers to publish it.
  await expect(before.getByRole('button', { name: /Publier/ })).toHaveCount(0);
});

test('one deployment, several communes: the queue and the alert page say which commune each alert is in', async ({ page, request }) => {
  // The Eurométropole's pack, added as the operator does (scripts/pack.sh; idempotent), and its roads dispatcher.
  const admin = await token(request, 'admin', 'admin-demo');
  const auth = { Authorization: `Bearer ${admin}` };
  expect((await request.post('/api/v1/admin/packs/strasbourg', { headers: auth, timeout: 120_000 })).status()).toBe(200);
  const services = (await (await request.get('/api/v1/services', { headers: auth })).json()) as { id: number; code?: string; name: string }[];
  const roads = services.find((s) => s.name === 'Eurométropole – Voirie')!;
  const username = `ems-${randomUUID().slice(0, 8)}`;
  const created = await request.post('/api/v1/admin/users', { headers: auth, data: {
    username, displayName: 'Régulation voirie Eurométropole', password: `${username}-secret`, roles: ['DISPATCHER'], serviceIds: [roads.id] } });
  expect(created.status(), await created.text()).toBe(201);
  // A pothole in Strasbourg (Grande-Île, 100 m north of Place Kléber): the Eurométropole's roads service.
  const a = await report(request, { lat: 48.5845 + Math.random() * 0.001, lon: 7.7458 }, 'Nid de poule (e2e communes)', 'ems-nid-de-poule');

  await signIn(page, username, `${username}-secret`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  const row = page.locator(`tr[data-alert-id="${a.alertId}"]`);
  await expect(row).toContainText('— Strasbourg');
  await page.goto(`/console/alertes/${a.alertId}`);
  await expect(page.locator('#alert-status')).toHaveAttribute('data-status', 'NEW');
  await expect(page.locator('dl').filter({ hasText: 'Commune' })).toContainText('Strasbourg (67482)');
});
