// Issue #12, citizen side: one installation, one URL, several communes. The Eurométropole de Strasbourg's pack
// is added to the running backend as the operator does (scripts/pack.sh → POST /api/v1/admin/packs/strasbourg,
// idempotent), then the app follows the pin: Strasbourg's branding and catalogue, and Schiltigheim's once the
// pin is dragged across the border, with the line saying who will handle the report and an acknowledgement
// naming the commune and the competent service.
import { expect, test, addPhoto, expectAccessible, shot } from './helpers';

/** Strasbourg, 150 m south of its border with Schiltigheim on this meridian (the border is near 48.5993). */
const STRASBOURG = { latitude: 48.5980, longitude: 7.7496 };
/** Strasbourg's branding in its pack (geo-data/strasbourg/pack.json). */
const EMS_RED = 'rgb(166, 25, 46)';

test.beforeAll(async ({ request }) => {
  const login = await request.post('/api/v1/auth/login', { data: { username: 'admin', password: 'admin-demo' } });
  expect(login.status(), 'demo administrator sign-in').toBe(200);
  const token = (await login.json()).accessToken as string;
  const load = await request.post('/api/v1/admin/packs/strasbourg', { headers: { Authorization: `Bearer ${token}` }, timeout: 120_000 });
  expect(load.status(), await load.text()).toBe(200);
  expect((await load.json()).communes).toBe(33);
});

test('the app follows the pin from Strasbourg into Schiltigheim: branding, catalogue, who handles it', async ({ page, context }) => {
  await context.setGeolocation({ ...STRASBOURG, accuracy: 8 });
  await page.goto('/');
  await addPhoto(page);
  await page.getByRole('button', { name: 'Utiliser ma position' }).click();

  // Strasbourg: its name, its colour, its catalogue (not Paris's), and who handles what.
  await expect(page.locator('#commune-name')).toHaveText('Strasbourg');
  await expect(page.locator('#pos-commune')).toHaveText(
    'Commune : Strasbourg. Votre signalement sera traité par la commune de Strasbourg ou Eurométropole de Strasbourg, selon le problème.');
  await expect(page.locator('header.top')).toHaveCSS('background-color', EMS_RED);
  await expect(page.locator('#pos-error')).toBeHidden();
  await page.getByLabel('Rechercher une catégorie').fill('Arbre dangereux');
  await expect(page.locator('input[name="categoryCode"][value="ems-arbre-dangereux"]')).toHaveCount(1);
  await page.getByLabel('Rechercher une catégorie').fill('Horodateur');
  await expect(page.locator('input[name="categoryCode"][value^="horodateur"]')).toHaveCount(0);
  await page.getByLabel('Rechercher une catégorie').fill('');

  // Zoom out twice (the border is 150 m north), then drag the pin north to the top of the map: into Schiltigheim.
  await page.getByRole('button', { name: 'Ajuster sur la carte' }).click();
  const pin = page.locator('#map .leaflet-marker-icon.pin');
  await expect(pin).toBeVisible();
  await page.locator('#map').scrollIntoViewIfNeeded();
  for (let i = 0; i < 2; i++) {
    await page.locator('#map .leaflet-control-zoom-out').click();
    await expect(page.locator('#map .leaflet-zoom-anim')).toHaveCount(0);
  }
  const mapBox = (await page.locator('#map').boundingBox())!;
  const box = (await pin.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, mapBox.y + 15 + box.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.locator('#pos-status')).toContainText('Repère placé');
  await expect(page.locator('#commune-name')).toHaveText('Schiltigheim');
  await expect(page.locator('#pos-commune')).toHaveText(
    'Commune : Schiltigheim. Votre signalement sera traité par la commune de Schiltigheim ou Eurométropole de Strasbourg, selon le problème.');
  await expect(page.locator('[data-commune-name]').first()).toHaveText('Schiltigheim');
  await expect(page.locator('#pos-error')).toBeHidden();
  await expectAccessible(page, 'repère passé à Schiltigheim');
  await shot(page, '20-commune-schiltigheim');

  // Schiltigheim's catalogue: a tree is the commune's own competence there.
  await page.getByLabel('Rechercher une catégorie').fill('Arbre dangereux');
  await page.locator('input[name="categoryCode"][value="ems-arbre-dangereux"]').check();
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /votre signalement est bien reçu/ })).toBeVisible();
  await expect(page.locator('#ack-commune')).toHaveText('Schiltigheim');
  await expect(page.locator('#ack address')).toContainText('Espaces verts – Schiltigheim');
  await expect(page.locator('#ack address')).toContainText('mairie@schiltigheim.signalement.example');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    'a long e-mail address does not widen the page').toBeLessThanOrEqual(0);
  await shot(page, '21-accuse-schiltigheim');
});

test('a road problem in Schiltigheim: the acknowledgement says the Eurométropole handles it', async ({ page, context }) => {
  await context.setGeolocation({ latitude: 48.6080, longitude: 7.7520, accuracy: 8 });
  await page.goto('/');
  await addPhoto(page);
  await page.getByRole('button', { name: 'Utiliser ma position' }).click();
  await expect(page.locator('#commune-name')).toHaveText('Schiltigheim');
  await page.getByLabel('Rechercher une catégorie').fill('Trottoir dégradé');
  await page.locator('input[name="categoryCode"][value="ems-trottoir-degrade"]').check();
  await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /votre signalement est bien reçu/ })).toBeVisible();
  await expect(page.locator('#ack-commune')).toHaveText('Schiltigheim — traité par Eurométropole de Strasbourg');
  await expect(page.locator('#ack address')).toContainText('Eurométropole – Voirie');
});
