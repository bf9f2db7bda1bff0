// An upgrade reaches an installed app on its next launch (issue #17): the backend serves the citizen
// app from a directory (signalement.web.citizen-dir), the test installs the app from the build found
// there, then really builds a second version of the app, deploys it into the directory as a commune
// would, and launches the app again.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Playwright's own test, not helpers.ts': routing requests (helpers.ts blocks other hosts that way) turns
// Chromium's HTTP cache off, and this test is about what the browser's cache and service worker keep.
// This screen loads nothing from another host.
import { expect, test } from '@playwright/test';

// The directory the backend under test serves the citizen app from (its SIGNALEMENT_WEB_CITIZEN_DIR).
const DIR = process.env.E2E_CITIZEN_DIR;
const APP = join(import.meta.dirname, '..');

function replaceContents(dir: string, from: string): void {
  for (const f of readdirSync(dir)) rmSync(join(dir, f), { recursive: true, force: true });
  cpSync(from, dir, { recursive: true });
}

test('an upgrade reaches the installed app on its next launch', async ({ context, request }) => {
  test.skip(!DIR, 'E2E_CITIZEN_DIR is not set: start the backend with SIGNALEMENT_WEB_CITIZEN_DIR=<dir> and pass the same <dir>');
  test.setTimeout(300_000); // a real build of the app runs inside the test
  const dir = DIR!;
  const work = mkdtempSync(join(tmpdir(), 'citizen-upgrade-'));
  const before = join(work, 'before');
  cpSync(dir, before, { recursive: true }); // put back at the end: other specs run against this directory
  try {
    // The new version: a real build (app, then its service worker with its own precache list and version).
    const next = join(work, 'next');
    const buildId = `upgrade-${Date.now().toString(36)}`;
    const env = { ...process.env, VITE_BUILD_ID: buildId, CITIZEN_OUT_DIR: next };
    execFileSync('npx', ['vite', 'build', '--outDir', next, '--emptyOutDir', '--logLevel', 'warn'], { cwd: APP, env, stdio: 'inherit' });
    execFileSync('npx', ['vite', 'build', '--config', 'vite.sw.config.ts', '--logLevel', 'warn'], { cwd: APP, env, stdio: 'inherit' });

    // Install the current version: first launch, the service worker installs and then controls the app.
    let page = await context.newPage();
    await page.goto('/');
    const oldBuild = await page.evaluate(() => document.documentElement.dataset.build);
    expect(oldBuild, 'the app shows which build runs').toBeTruthy();
    expect(oldBuild).not.toBe(buildId);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.build)).toBe(oldBuild);
    const oldCaches = await page.evaluate(() => caches.keys());
    await page.close();

    // Pages and the service worker are revalidated at each load, never kept as immutable.
    for (const path of ['/', '/sw.js', '/mes-signalements']) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()['cache-control'], path).toBe('no-cache');
    }

    // The commune deploys the new version: the directory's files are replaced.
    replaceContents(dir, next);

    // Next launch of the installed app: the new build runs, and its service worker took over.
    page = await context.newPage();
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Signaler un problème' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.build)).toBe(buildId);
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('signalement-shell-'))),
      { message: 'the new service worker precached the new version' })
      .toEqual(expect.arrayContaining([expect.not.stringMatching(new RegExp(`^(${oldCaches.join('|')})$`))]));
    // A deep link of the app gets the new build too (the backend reads its index page from the directory).
    await page.goto('/mes-signalements');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.build)).toBe(buildId);
  } finally {
    replaceContents(dir, before);
    rmSync(work, { recursive: true, force: true });
  }
});
