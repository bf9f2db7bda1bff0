// Config files are loaded by Node before any bundler runs: web-common's config is imported by path.
import { appConfig } from '../web-common/config/vite.ts';

// Shared setup in web-common/config/vite.ts; here what is the console's own.
export default appConfig({
  base: '/console/',
  devPort: 5174,
  previewPort: 4174,
  // Same routes as the backend's fallback (web/StaffConsole.java).
  appRoutes: /^\/console(\/|\/(connexion|carte|saisie|dashboard|alertes\/\d+)\/?)?(\?.*)?$/,
  heading: 'Console des signalements',
});
