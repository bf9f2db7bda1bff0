// Helpers both apps' end-to-end tests use: accessibility checks, screenshots, test data in Paris.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** No serious or critical axe-core violation (WCAG 2.0/2.1 A and AA rules and best practices). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  expect(bad, `axe violations on "${screen}":\n${summary}`).toEqual([]);
}

/** A function that saves a screenshot as dir/name.png (SCREENSHOT_DIR, when set, replaces dir). */
export function screenshotter(dir: string): (page: Page, name: string, fullPage?: boolean) => Promise<void> {
  const out = process.env.SCREENSHOT_DIR || dir;
  return async (page, name, fullPage = true) => {
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, `${name}.png`), fullPage });
  };
}

/** A random point well inside Paris (centre), so that each run gets a fresh alert. */
export function randomParisPoint(): { lat: number; lon: number } {
  return { lat: 48.842 + Math.random() * 0.026, lon: 2.300 + Math.random() * 0.08 };
}
