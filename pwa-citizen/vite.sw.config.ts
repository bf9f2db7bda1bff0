// Second build step: the service worker as one classic script (dist/sw.js), with the list of files to
// precache taken from the app build that just ran.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vite';

// CITIZEN_OUT_DIR: another output directory (the upgrade e2e test builds a second version of the app there).
const dist = process.env.CITIZEN_OUT_DIR || join(import.meta.dirname, 'dist');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const files = walk(dist)
  .map((p) => '/' + relative(dist, p).split('\\').join('/'))
  .filter((p) => !p.startsWith('/.vite/') && p !== '/sw.js' && !p.endsWith('.map'))
  // Firebase (push) is only fetched by citizens who opt in: not worth precaching for everyone.
  .filter((p) => !p.startsWith('/assets/push-'));
const hash = createHash('sha256');
for (const f of files.sort()) hash.update(f).update(readFileSync(join(dist, f)));

export default defineConfig({
  define: {
    __PRECACHE__: JSON.stringify(files),
    __VERSION__: JSON.stringify(hash.digest('hex').slice(0, 12)),
  },
  publicDir: false,
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2020',
    minify: true,
    lib: { entry: join(import.meta.dirname, 'src/sw.ts'), formats: ['iife'], name: 'sw', fileName: () => 'sw.js' },
  },
});
