import { playwrightConfig } from '@signalement/web-common/playwright';

// The REAL backend serving the built console at BASE_URL (default http://127.0.0.1:8080), demo profile
// (demo accounts dispatch/dispatch-demo, maire/maire-demo). E2E_DB (optional): the backend's database,
// for checking a dashboard figure against SQL with psql.
export default playwrightConfig({
  use: {
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  },
});
