import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertDetail, expectAccessible, randomParisPoint, signIn, token } from './helpers';

// The blur editor on the alert page (views/alert.ts blurEditor) against the REAL backend: a
// dispatcher drags a box on a reported photo, saves, and the PUBLIC version of the photo (the signed
// address the public would get) is blurred in that region and nowhere else; removing the box makes
// the public version again, as it was.

const PHOTO = readFileSync(join(import.meta.dirname, '..', '..', 'backend', 'src', 'test', 'resources', 'photos', 'street.jpg'));
const BULKY = 'autres-objets-encombrants-abandonnes';
/** The editor's pictures for the README (docs/screens/), or SCREENSHOT_DIR. */
const SCREENS = process.env.SCREENSHOT_DIR || join(import.meta.dirname, '..', '..', 'docs', 'screens');

interface Photo { key: string; url: string; publicUrl: string; anonymised: boolean; width: number; height: number; blurBoxes: { x: number; y: number; w: number; h: number; source: string }[] }

async function photoOf(request: APIRequestContext, bearer: string, alertId: number): Promise<Photo> {
  const d = await alertDetail(request, bearer, alertId);
  return d.reports[0].photos[0] as Photo;
}

/** The public version's bytes, once its anonymisation is done (until then a placeholder is served). */
async function publicBytes(request: APIRequestContext, url: string): Promise<Buffer> {
  const res = await request.get(url);
  expect(res.status(), `GET ${url}`).toBe(200);
  return res.body();
}

/**
 * Mean absolute difference (0–255, over RGB) between two JPEGs, decoded by the browser, inside a box
 * of the photo and in the part of the photo at least 32 pixels away from it.
 */
async function difference(page: Page, a: Buffer, b: Buffer, box: { x: number; y: number; w: number; h: number }) {
  return page.evaluate(async ({ a, b, box }) => {
    const pixels = async (b64: string) => {
      const bitmap = await createImageBitmap(await (await fetch(`data:image/jpeg;base64,${b64}`)).blob());
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return { data: ctx.getImageData(0, 0, bitmap.width, bitmap.height).data, width: bitmap.width, height: bitmap.height };
    };
    const [pa, pb] = [await pixels(a), await pixels(b)];
    if (pa.width !== pb.width || pa.height !== pb.height) throw new Error('sizes differ');
    let inSum = 0; let inN = 0; let outSum = 0; let outN = 0;
    const m = 32;
    for (let y = 0; y < pa.height; y++) {
      for (let x = 0; x < pa.width; x++) {
        const i = (y * pa.width + x) * 4;
        const d = (Math.abs(pa.data[i] - pb.data[i]) + Math.abs(pa.data[i + 1] - pb.data[i + 1]) + Math.abs(pa.data[i + 2] - pb.data[i + 2])) / 3;
        if (x >= box.x && x < box.x + box.w && y >= box.y && y < box.y + box.h) { inSum += d; inN++; }
        else if (x < box.x - m || x >= box.x + box.w + m || y < box.y - m || y >= box.y + box.h + m) { outSum += d; outN++; }
      }
    }
    return { inside: inSum / inN, outside: outSum / outN };
  }, { a: a.toString('base64'), b: b.toString('base64'), box });
}

test('dispatcher: draw a blur box on a photo, publish it blurred, remove it and publish again', async ({ page, request }) => {
  test.setTimeout(180_000);
  const p = randomParisPoint();
  const res = await request.post('/api/v1/reports', {
    multipart: {
      report: JSON.stringify({ categoryCode: BULKY, lat: p.lat, lon: p.lon, description: 'Matelas devant une vitrine (e2e flou)' }),
      photo: { name: 'street.jpg', mimeType: 'image/jpeg', buffer: PHOTO },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { alertId } = (await res.json()) as { alertId: number };
  const bearer = await token(request, 'dispatch', 'dispatch-demo');
  await expect.poll(async () => (await photoOf(request, bearer, alertId)).anonymised,
    { message: 'the public version is made', timeout: 60_000 }).toBe(true);
  const first = await photoOf(request, bearer, alertId);
  const detected = first.blurBoxes.length;
  const before = await publicBytes(request, first.publicUrl);

  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, 'dispatch', 'dispatch-demo');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File des alertes');
  await page.goto(`/console/alertes/${alertId}`);
  const editor = page.locator(`[data-blur-photo="${first.key}"]`);
  await editor.locator('summary').first().click();
  const stage = editor.locator('[data-blur-stage]');
  const img = stage.locator('img');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  await img.scrollIntoViewIfNeeded();

  // Drag with the mouse from 30 % to 60 % of the photo's width, 35 % to 65 % of its height.
  const shown = (await img.boundingBox())!;
  await page.mouse.move(shown.x + shown.width * 0.3, shown.y + shown.height * 0.35);
  await page.mouse.down();
  await page.mouse.move(shown.x + shown.width * 0.45, shown.y + shown.height * 0.5, { steps: 5 });
  await page.mouse.move(shown.x + shown.width * 0.6, shown.y + shown.height * 0.65, { steps: 5 });
  await page.mouse.up();
  await expect(stage.locator('.blur-rect.blur-staff')).toHaveCount(1);
  await expect(editor.locator('.blur-unsaved')).toBeVisible();
  await expectAccessible(page, 'éditeur de flou');
  await editor.screenshot({ path: join(SCREENS, 'console-flou-1440.png') });

  await editor.locator('[data-save-blur]').click();
  await expect(page.locator('#action-result')).toContainText('Zones enregistrées');
  const drawn = (await photoOf(request, bearer, alertId)).blurBoxes.filter((b) => b.source === 'staff');
  expect(drawn).toHaveLength(1);
  const box = drawn[0];
  // The box is where it was drawn, in the photo's pixels (a pixel or two of rounding on screen).
  expect(Math.abs(box.x - first.width * 0.3)).toBeLessThan(first.width * 0.02);
  expect(Math.abs(box.y - first.height * 0.35)).toBeLessThan(first.height * 0.02);
  expect(Math.abs(box.w - first.width * 0.3)).toBeLessThan(first.width * 0.03);
  expect(Math.abs(box.h - first.height * 0.3)).toBeLessThan(first.height * 0.03);

  // The public version changes inside the box, and only there.
  let blurred = before;
  await expect.poll(async () => {
    const p2 = await photoOf(request, bearer, alertId);
    if (!p2.anonymised) return 'en cours';
    blurred = await publicBytes(request, p2.publicUrl);
    return blurred.equals(before) ? 'unchanged' : 'changed';
  }, { message: 'the public version is made again with the box', timeout: 60_000 }).toBe('changed');
  const withBox = await difference(page, before, blurred, box);
  expect(withBox.inside, JSON.stringify(withBox)).toBeGreaterThan(4);
  expect(withBox.outside, JSON.stringify(withBox)).toBeLessThan(0.5);

  // A narrow screen, the box drawn with a finger (touch pointer events), then both boxes seen.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  const editor2 = page.locator(`[data-blur-photo="${first.key}"]`);
  await editor2.locator('summary').first().click();
  const stage2 = editor2.locator('[data-blur-stage]');
  const img2 = stage2.locator('img');
  await expect.poll(() => img2.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  await expect(stage2.locator('.blur-rect.blur-staff')).toHaveCount(1);
  await img2.scrollIntoViewIfNeeded();
  const s2 = (await img2.boundingBox())!;
  const touch = (type: string, fx: number, fy: number) => stage2.dispatchEvent(type, {
    pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1,
    clientX: s2.x + s2.width * fx, clientY: s2.y + s2.height * fy, bubbles: true,
  });
  await touch('pointerdown', 0.05, 0.05);
  await touch('pointermove', 0.15, 0.12);
  await touch('pointerup', 0.25, 0.2);
  await expect(stage2.locator('.blur-rect.blur-staff')).toHaveCount(2);
  await editor.screenshot({ path: join(SCREENS, 'console-flou-360.png') });

  // Remove both drawn boxes (× on the photo), save: the public version is as it was before them.
  while (await stage2.locator('.blur-rect.blur-staff').count() > 0) {
    await stage2.locator('.blur-rect.blur-staff .blur-remove').first().click();
  }
  await expect(stage2.locator('.blur-rect')).toHaveCount(detected);
  await editor2.locator('[data-save-blur]').click();
  await expect(page.locator('#action-result')).toContainText('Zones enregistrées');
  expect((await photoOf(request, bearer, alertId)).blurBoxes.filter((b) => b.source === 'staff')).toHaveLength(0);
  let again = blurred;
  await expect.poll(async () => {
    const p3 = await photoOf(request, bearer, alertId);
    if (!p3.anonymised) return 'en cours';
    again = await publicBytes(request, p3.publicUrl);
    return again.equals(blurred) ? 'unchanged' : 'changed';
  }, { message: 'the public version is made again without the box', timeout: 60_000 }).toBe('changed');
  const withoutBox = await difference(page, before, again, box);
  expect(withoutBox.inside, JSON.stringify(withoutBox)).toBeLessThan(0.5);
  expect(withoutBox.outside, JSON.stringify(withoutBox)).toBeLessThan(0.5);
});
