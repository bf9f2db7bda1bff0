// Measures what a citizen downloads on first load: the entry JS and every chunk it imports statically
// (from Vite's build manifest), gzip -9. Lazily loaded chunks (map/Leaflet, Firebase push) are listed apart.
// Writes ../bench/pwa/bundle-size.json and fails when the initial JS exceeds the 150 KB gzip budget.
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const BUDGET = 150 * 1024;

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const raw = (file) => statSync(join(dist, file)).size;

function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imp of manifest[key].imports || []) staticClosure(imp, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const initialKeys = [...staticClosure(entryKey)];
const initialJs = initialKeys.map((k) => manifest[k].file);
const initialCss = initialKeys.flatMap((k) => manifest[k].css || []);
const initialSet = new Set(initialJs);
const lazy = Object.values(manifest).filter((m) => m.file.endsWith('.js') && !initialSet.has(m.file))
  .map((m) => ({ file: m.file, src: m.src || m.name, gzipBytes: gz(m.file), rawBytes: raw(m.file) }));

const sum = (files) => files.reduce((s, f) => s + gz(f), 0);
const report = {
  measuredAt: new Date().toISOString(),
  budgetGzipBytes: BUDGET,
  initial: {
    js: initialJs.map((f) => ({ file: f, gzipBytes: gz(f), rawBytes: raw(f) })),
    jsGzipBytes: sum(initialJs),
    css: initialCss.map((f) => ({ file: f, gzipBytes: gz(f) })),
    cssGzipBytes: sum(initialCss),
    htmlGzipBytes: gz('index.html'),
  },
  lazy,
  serviceWorkerGzipBytes: gz('sw.js'),
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`Initial JS (gzip -9): ${kb(report.initial.jsGzipBytes)} — budget ${kb(BUDGET)} (excluding the lazily loaded map library)`);
console.log(`Initial CSS (gzip): ${kb(report.initial.cssGzipBytes)}, HTML: ${kb(report.initial.htmlGzipBytes)}, service worker: ${kb(report.serviceWorkerGzipBytes)}`);
for (const l of lazy) console.log(`  lazy ${l.file} (${l.src}): ${kb(l.gzipBytes)}`);
const out = join(root, '..', 'bench', 'pwa');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'bundle-size.json'), JSON.stringify(report, null, 2) + '\n');
if (report.initial.jsGzipBytes > BUDGET) {
  console.error('Initial JS bundle over budget');
  process.exit(1);
}
