// The Playwright settings both apps' end-to-end suites share: the REAL backend serving the built app at
// BASE_URL (default http://127.0.0.1:8080), Debian's Chromium, one worker, French locale and Paris time.
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

/** Shared settings, with the app's own on top (its `use` entries are merged into the shared ones). */
export function playwrightConfig(app: PlaywrightTestConfig = {}): PlaywrightTestConfig {
  return defineConfig({
    testDir: 'e2e',
    timeout: 120_000,
    expect: { timeout: 20_000 },
    workers: 1,
    fullyParallel: false,
    retries: 0,
    reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
    ...app,
    use: {
      baseURL: process.env.BASE_URL || 'http://127.0.0.1:8080',
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      screenshot: 'only-on-failure',
      trace: 'retain-on-failure',
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
      ...app.use,
    },
  });
}
