// The Vite (and Vitest) configuration both apps build with: same proxy to the backend in dev and preview,
// same fallback to index.html for the app's own routes as the backend does, same page shell, same output.
import { defineConfig, type HtmlTagDescriptor, type Plugin, type PreviewServer, type UserConfig, type ViteDevServer } from 'vite';

export interface AppOptions {
  /** Where the app is served: '/' (citizen app) or '/console/'. */
  base?: string;
  /** Ports of `vite` (dev) and `vite preview`. */
  devPort: number;
  previewPort: number;
  /** The app's own routes: the paths the backend answers with the app's index.html (web/*.java). */
  appRoutes: RegExp;
  /** The page's first heading, shown until the app's script replaces the main content. */
  heading: string;
  /** Added to, or overriding, the shared build options. */
  build?: UserConfig['build'];
}

export function appConfig(o: AppOptions): UserConfig {
  const base = o.base ?? '/';
  // BACKEND_URL: where `vite` (dev) and `vite preview` proxy /api (the backend, default 127.0.0.1:8080).
  const backend = process.env.BACKEND_URL || 'http://127.0.0.1:8080';
  const proxy = { '/api': { target: backend, changeOrigin: false } };
  return defineConfig({
    base,
    appType: 'mpa',
    plugins: [backendLikeFallback(o.appRoutes, `${base}index.html`), pageShell(o.heading)],
    server: { host: '127.0.0.1', port: o.devPort, proxy },
    preview: { host: '127.0.0.1', port: o.previewPort, proxy },
    build: { target: 'es2020', outDir: 'dist', sourcemap: false, assetsInlineLimit: 0, ...o.build },
  });
}

/** Same fallback as the backend: only the app's own routes get index.html; anything else is a 404. */
function backendLikeFallback(appRoutes: RegExp, index: string): Plugin {
  const rewrite = (server: ViteDevServer | PreviewServer) => {
    server.middlewares.use((req, _res, next) => {
      if (req.url && appRoutes.test(req.url)) req.url = index;
      next();
    });
  };
  return { name: 'backend-like-fallback', configureServer: rewrite, configurePreviewServer: rewrite };
}

/**
 * What every page of both apps has around its own header: charset, viewport and theme colour, the skip link,
 * the main region (a heading and "Chargement…" until the script runs) and the live region that announce()
 * speaks through. Each index.html keeps only what is its own (title, header, icons).
 */
function pageShell(heading: string): Plugin {
  const tags: HtmlTagDescriptor[] = [
    { tag: 'meta', attrs: { charset: 'utf-8' }, injectTo: 'head-prepend' },
    { tag: 'meta', attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1' }, injectTo: 'head-prepend' },
    { tag: 'meta', attrs: { name: 'theme-color', content: '#1d4f91' }, injectTo: 'head-prepend' },
    { tag: 'a', attrs: { class: 'skip-link', href: '#main' }, children: 'Aller au contenu', injectTo: 'body-prepend' },
    {
      tag: 'main', attrs: { id: 'main', tabindex: '-1' }, injectTo: 'body',
      children: [{ tag: 'h1', children: escapeHtml(heading) }, { tag: 'p', children: 'Chargement…' }],
    },
    { tag: 'div', attrs: { id: 'live', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' }, injectTo: 'body' },
  ];
  return { name: 'page-shell', transformIndexHtml: () => tags };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
