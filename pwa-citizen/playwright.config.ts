import { defineConfig } from '@playwright/test';

// Default: the REAL backend serving the built PWA at BASE_URL (http://127.0.0.1:8080).
// E2E_SERVE=preview: serve dist/ with `vite preview` on :4173 and proxy /api to BACKEND_URL (default :8080),
// for when the backend does not serve the PWA yet.
const preview = process.env.E2E_SERVE === 'preview';
const baseURL = preview ? 'http://127.0.0.1:4173' : process.env.BASE_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    geolocation: { latitude: 48.8566, longitude: 2.3522, accuracy: 12 },
    permissions: ['geolocation'],
    serviceWorkers: 'allow',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: preview
    ? { command: 'npx vite preview --port 4173 --strictPort', url: 'http://127.0.0.1:4173', reuseExistingServer: true, timeout: 60_000 }
    : undefined,
});
