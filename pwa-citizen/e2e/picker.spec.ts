// Issue #17, citizen side: categories a person understands (groups with icons, the commune's most
// reported first, a search that forgives accents and typos), "already reported" seen first on the map
// and in compact cards with real thumbnails, and a screenshot of every screen at 360×740 and 1440×900.
import type { APIRequestContext } from '@playwright/test';
import {
  addPhoto, categories, chooseCategoryByTyping, createReportViaApi, expect, expectAccessible, randomParisPoint, shotTo, test, type Category,
} from './helpers';

interface CatView extends Category { reportsLastYear: number }
interface GroupView { group: string; categories: CatView[] }

async function catalogue(request: APIRequestContext): Promise<GroupView[]> {
  const res = await request.get('/api/v1/categories');
  expect(res.status()).toBe(200);
  return res.json();
}

/** An open alert with a photo the public may see (published by the dispatcher, as in production). */
async function publishedAlert(request: APIRequestContext, cat: Category, point: { latitude: number; longitude: number }) {
  const existing = await createReportViaApi(request, cat, point, true);
  const login = await request.post('/api/v1/auth/login', { data: { username: 'dispatch', password: 'dispatch-demo' } });
  expect(login.status(), await login.text()).toBe(200);
  const staff = { Authorization: `Bearer ${(await login.json()).accessToken}` };
  const detail = await (await request.get(`/api/v1/alerts/${existing.alertId}`, { headers: staff })).json();
  const key = detail.reports[0].photos[0].key;
  const published = await request.put(`/api/v1/alerts/${existing.alertId}/photos/${key}/publication`, { headers: staff });
  expect(published.status(), await published.text()).toBe(200);
  return existing;
}

test('categories: the commune\'s most reported first, groups with icons, search forgiving accents and typos', async ({ page, request }) => {
  // One more report in a category makes it one of the commune's reported ones.
  const cat = (await categories(request))[0];
  await createReportViaApi(request, cat, randomParisPoint());
  const groups = await catalogue(request);
  const all = groups.flatMap((g) => g.categories);
  expect(all.find((c) => c.code === cat.code)!.reportsLastYear).toBeGreaterThan(0);
  const expectedTop = all.filter((c) => c.reportsLastYear > 0)
    .sort((a, b) => b.reportsLastYear - a.reportsLastYear || a.label.localeCompare(b.label, 'fr')).slice(0, 6);

  await page.goto('/');
  const frequent = page.locator('#cat-frequent fieldset');
  await expect(frequent.locator('legend')).toContainText('Les plus signalées à');
  await expect(frequent.locator('input[type=radio]')).toHaveCount(expectedTop.length);
  expect(await frequent.locator('input[type=radio]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)))
    .toEqual(expectedTop.map((c) => c.code));

  // Groups: each with its icon, the most reported group first.
  const tiles = page.locator('.group-grid button');
  await expect(tiles).toHaveCount(groups.length);
  await expect(tiles.locator('.group-icon svg')).toHaveCount(groups.length);
  const total = (g: GroupView) => g.categories.reduce((s, c) => s + c.reportsLastYear, 0);
  const top = [...groups].sort((a, b) => total(b) - total(a) || a.group.localeCompare(b.group, 'fr'))[0];
  await expect(tiles.first()).toHaveText(top.group);
  // Within a group too, the most reported first.
  await tiles.first().click();
  await expect(tiles.first()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('#cat-frequent fieldset')).toHaveCount(0); // the group's list replaces the shortcuts
  const first = [...top.categories].sort((a, b) => b.reportsLastYear - a.reportsLastYear || a.label.localeCompare(b.label, 'fr'))[0];
  await expect(page.locator('#cat-list input[name="categoryCode"]').first()).toHaveAttribute('value', first.code);
  await expectAccessible(page, 'choix de la catégorie');

  // Search: capitals, no accent and a typo still find "Lampadaire en mauvais état".
  await page.getByLabel('Rechercher une catégorie').fill('LAMPADERE');
  await expect(page.locator('#cat-list label', { hasText: 'Lampadaire en mauvais état' })).toBeVisible();
  await page.getByLabel('Rechercher une catégorie').fill('objets encombrents');
  await expect(page.locator('#cat-list label').first()).toContainText('encombrants');
  await page.getByLabel('Rechercher une catégorie').fill('zxqwv');
  await expect(page.locator('#cat-list')).toContainText('Aucune catégorie ne correspond');
  // One tap on a frequent category chooses it.
  await page.getByLabel('Rechercher une catégorie').fill('');
  await tiles.first().click(); // closes the group: the shortcuts come back
  await page.locator(`#cat-frequent input[value="${expectedTop[0].code}"]`).check();
  await expect(page.locator('#cat-chosen')).toContainText(expectedTop[0].label);
});

test('the map shows the open alerts around the pin; a marker leads to "Moi aussi"', async ({ page, context, request }) => {
  const cat = (await categories(request))[0];
  const point = randomParisPoint();
  await context.setGeolocation({ ...point, accuracy: 8 });
  const existing = await publishedAlert(request, cat, point);
  // What the public API gives: no personal data, a snapped public position.
  const nearby = await (await request.get(`/api/v1/alerts/nearby?lat=${point.latitude}&lon=${point.longitude}`)).json();
  const mine = nearby.find((a: { alertId: number }) => a.alertId === existing.alertId);
  expect(Object.keys(mine).sort()).toEqual(['address', 'alertId', 'category', 'distanceM', 'firstReportAt', 'lat', 'lon', 'reportCount', 'status', 'statusLabel', 'thumbnailUrl']);

  await page.goto('/');
  await page.getByRole('button', { name: 'Utiliser ma position' }).click();
  const card = page.locator('.nearby-card', { has: page.locator(`[data-alert-id="${existing.alertId}"]`) });
  await expect(card).toBeVisible();
  // A real thumbnail: the public (anonymised) version, loaded.
  const thumb = card.locator('img');
  await expect(thumb).toHaveAttribute('src', mine.thumbnailUrl);
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  // Compact: fits in a phone's width, well under a third of the screen.
  expect((await card.boundingBox())!.height).toBeLessThan(740 / 3);

  await page.getByRole('button', { name: 'Ajuster sur la carte' }).click();
  const marker = page.locator(`#map [data-alert-marker="${existing.alertId}"]`);
  await expect(marker).toBeVisible();
  await expect(marker).toHaveAttribute('title', new RegExp(`Déjà signalé : ${cat.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expectAccessible(page, 'carte avec les signalements ouverts');
  // The citizen's pin may lie over the marker (the alert is at the same place): markers are reachable by keyboard too.
  await marker.focus();
  await page.keyboard.press('Enter');
  const meToo = card.getByRole('button', { name: /Moi aussi/ });
  await expect(meToo).toBeFocused();
  await meToo.click();
  await expect(page.getByRole('heading', { level: 1, name: /votre signalement est bien reçu/ })).toBeVisible();
  await expect(page.locator('#ack')).toContainText('déjà été signalé');
});

for (const vp of [{ width: 360, height: 740, name: '360' }, { width: 1440, height: 900, name: '1440' }]) {
  test(`every citizen screen at ${vp.width}×${vp.height}: screenshot and axe`, async ({ browser, request }) => {
    test.setTimeout(180_000);
    const cat = (await categories(request))[0];
    const point = randomParisPoint();
    const phone = vp.width < 600;
    const context = await browser.newContext({
      viewport: { width: vp.width, height: vp.height }, deviceScaleFactor: phone ? 2 : 1, isMobile: phone, hasTouch: phone,
      geolocation: { ...point, accuracy: 9 }, permissions: ['geolocation'], serviceWorkers: 'allow',
      baseURL: test.info().project.use.baseURL,
    });
    await context.route(/^(https?|wss?):\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (r) => r.abort('internetdisconnected'));
    const page = await context.newPage();
    const screen = async (name: string, label: string, fullPage = true) => {
      await expectAccessible(page, label);
      await shotTo(page, `citoyen-${name}-${vp.name}`, fullPage);
    };
    const existing = await publishedAlert(request, cat, point);

    await page.goto('/');
    await expect(page.locator('.group-grid button').first()).toBeVisible();
    await screen('accueil', 'accueil', false);

    const box = page.getByRole('combobox', { name: 'Ou cherchez une adresse' });
    await box.pressSequentially('12 rue de rivli', { delay: 30 });
    await expect(page.getByRole('option', { name: /12 Rue de Rivoli/ }).first()).toBeVisible();
    await screen('adresse', 'recherche d’adresse', false);
    await box.fill('');
    await box.press('Escape');

    // Position known: "already reported" first, on the map and above the categories.
    await page.getByRole('button', { name: 'Utiliser ma position' }).click();
    const card = page.locator('.nearby-card', { has: page.locator(`[data-alert-id="${existing.alertId}"]`) });
    await expect(card).toBeVisible();
    await expect.poll(() => card.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.getByRole('button', { name: 'Ajuster sur la carte' }).click();
    await expect(page.locator(`#map [data-alert-marker="${existing.alertId}"]`)).toBeVisible();
    await expect(page.locator('#map canvas').first()).toBeVisible();
    await page.locator('#map').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screen('carte-deja-signale', 'carte et déjà signalé', false);
    await page.locator('#nearby').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screen('deja-signale', 'déjà signalé', false);

    await page.locator('#step-cat').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect(page.locator('#cat-frequent fieldset')).toBeVisible();
    await screen('categories', 'choix de la catégorie', false);
    await page.getByLabel('Rechercher une catégorie').fill('lampadere');
    await expect(page.locator('#cat-list label', { hasText: 'Lampadaire en mauvais état' })).toBeVisible();
    await screen('categories-recherche', 'recherche de catégorie', false);
    await page.getByLabel('Rechercher une catégorie').fill('');

    await addPhoto(page);
    await chooseCategoryByTyping(page, cat);
    await page.getByLabel('Description (facultatif)').fill('Trou profond devant le numéro 12');
    await page.getByLabel('Votre e-mail (facultatif)').fill('citoyen@example.org');
    await screen('formulaire', 'formulaire rempli');

    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /votre signalement est bien reçu/ })).toBeVisible();
    await screen('accuse', 'accusé de réception');

    await page.getByRole('link', { name: 'Suivre ce signalement' }).click();
    await expect(page.locator('#follow-status')).toContainText('Statut');
    await screen('suivi', 'suivi');

    // Offline: the report waits on the device, listed in Mes signalements.
    await page.goto('/');
    await expect(page.locator('.group-grid button').first()).toBeVisible();
    await context.setOffline(true);
    await expect(page.locator('#offline')).toBeVisible();
    await page.getByRole('button', { name: 'Utiliser ma position' }).click();
    await expect(page.locator('#pos-status')).toContainText('précision');
    await chooseCategoryByTyping(page, cat);
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Signalement en attente d'envoi" })).toBeVisible();
    await page.getByRole('link', { name: 'Mes signalements (1 en attente)' }).click();
    await expect(page.locator('#outbox [data-outbox-id]')).toHaveCount(1);
    await expect(page.locator('[data-tracking]').first()).toBeVisible();
    await screen('hors-ligne', 'mes signalements avec file hors connexion');
    // Back online: the queue empties by itself, both reports are listed as sent.
    await context.setOffline(false);
    await expect(page.locator('#outbox [data-outbox-id]')).toHaveCount(0, { timeout: 60_000 });
    await expect(page.locator('[data-tracking]')).toHaveCount(2);
    await screen('mes-signalements', 'mes signalements');
    await context.close();
  });
}
