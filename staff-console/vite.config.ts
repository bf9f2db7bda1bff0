import { defineConfig, type Plugin } from 'vite';

// BACKEND_URL: where `vite` (dev) and `vite preview` proxy /api (the backend, default 127.0.0.1:8080).
const backend = process.env.BACKEND_URL || 'http://127.0.0.1:8080';
const proxy = { '/api': { target: backend, changeOrigin: false } };

// Same fallback as the backend (web/StaffConsole.java): the console's own routes get index.html.
const appRoutes = /^\/console(\/|\/(connexion|carte|saisie|dashboard|alertes\/\d+)\/?)?(\?.*)?$/;
const backendLikeFallback: Plugin = {
  name: 'backend-like-fallback',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url && appRoutes.test(req.url)) req.url = '/console/index.html';
      next();
    });
  },
  configurePreviewServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url && appRoutes.test(req.url)) req.url = '/console/index.html';
      next();
    });
  },
};

export default defineConfig({
  base: '/console/',
  appType: 'mpa',
  plugins: [backendLikeFallback],
  server: { host: '127.0.0.1', port: 5174, proxy },
  preview: { host: '127.0.0.1', port: 4174, proxy },
  build: {
    target: 'es2020',
    outDir: 'dist',
    sourcemap: false,
    assetsInlineLimit: 0,
  },
});
