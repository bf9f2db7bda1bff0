import { playwrightConfig } from '@signalement/web-common/playwright';

// Default: the REAL backend serving the built PWA at BASE_URL (http://127.0.0.1:8080).
// E2E_SERVE=preview: serve dist/ with `vite preview` on :4173 and proxy /api to BACKEND_URL (default :8080),
// for when the backend does not serve the PWA yet.
const preview = process.env.E2E_SERVE === 'preview';

export default playwrightConfig({
  use: {
    ...(preview ? { baseURL: 'http://127.0.0.1:4173' } : {}),
    // A phone, located in central Paris.
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    geolocation: { latitude: 48.8566, longitude: 2.3522, accuracy: 12 },
    permissions: ['geolocation'],
    serviceWorkers: 'allow',
  },
  webServer: preview
    ? { command: 'npx vite preview --port 4173 --strictPort', url: 'http://127.0.0.1:4173', reuseExistingServer: true, timeout: 60_000 }
    : undefined,
});
