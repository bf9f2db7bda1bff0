import { defineConfig, type Plugin } from 'vite';

// BACKEND_URL: where `vite` (dev) and `vite preview` proxy /api (the backend, default 127.0.0.1:8080).
const backend = process.env.BACKEND_URL || 'http://127.0.0.1:8080';
const proxy = { '/api': { target: backend, changeOrigin: false } };

// Same fallback as the backend: only the app's own routes get index.html; anything else is a 404.
const appRoutes = /^\/(suivi\/[^/?]+|mes-signalements|confidentialite)\/?(\?.*)?$/;
const backendLikeFallback: Plugin = {
  name: 'backend-like-fallback',
  configurePreviewServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url && appRoutes.test(req.url)) req.url = '/index.html';
      next();
    });
  },
};

export default defineConfig({
  appType: 'mpa',
  plugins: [backendLikeFallback],
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
  build: {
    target: 'es2020',
    outDir: 'dist',
    manifest: true,
    sourcemap: false,
    assetsInlineLimit: 0,
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
