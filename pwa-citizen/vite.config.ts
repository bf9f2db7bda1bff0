// Config files are loaded by Node before any bundler runs: web-common's config is imported by path.
import { appConfig } from '../web-common/config/vite.ts';

// Shared setup in web-common/config/vite.ts; here what is the citizen app's own.
export default appConfig({
  devPort: 5173,
  previewPort: 4173,
  // Same routes as the backend's fallback (web/CitizenApp.java).
  appRoutes: /^\/(suivi\/[^/?]+|mes-signalements|confidentialite)\/?(\?.*)?$/,
  heading: 'Signaler un problème',
  build: {
    manifest: true,
    rollupOptions: {
      output: {
        // Chunks holding Firebase are named push-*.js so the service worker can leave them out of the precache.
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => /node_modules[\\/](@?firebase)|[\\/]src[\\/]push\.ts$/.test(id))
            ? 'assets/push-[hash].js'
            : 'assets/[name]-[hash].js',
      },
    },
  },
});
