// Lighthouse (mobile profile: Moto G Power emulation, simulated slow 4G, 4× CPU slowdown) on the citizen PWA,
// driving Debian's Chromium. Writes the full reports and a summary next to this script.
//
//   BASE_URL=http://127.0.0.1:8080 node lighthouse.mjs        # the backend serving the built PWA (default)
//   SERVE=preview node lighthouse.mjs                          # `vite preview` of pwa-citizen/dist, /api proxied
//                                                              # to BACKEND_URL (default http://127.0.0.1:8080)
// Exit code 1 when performance or accessibility is under 90 on any page.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const here = import.meta.dirname;
const preview = process.env.SERVE === 'preview';
const base = preview ? 'http://127.0.0.1:4174' : (process.env.BASE_URL || 'http://127.0.0.1:8080');
const pages = [
  ['signaler', '/'],
  ['mes-signalements', '/mes-signalements'],
  ['confidentialite', '/confidentialite'],
];
const outDir = join(here, 'lighthouse');
const RUNS = Number(process.env.RUNS || 3);
mkdirSync(outDir, { recursive: true });

async function waitFor(url, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer`);
}

let server;
if (preview) {
  server = spawn('npx', ['vite', 'preview', '--port', '4174', '--strictPort'], { cwd: join(here, '..', '..', 'pwa-citizen'), stdio: 'ignore' });
}
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const apiBackend = preview ? (process.env.BACKEND_URL || 'http://127.0.0.1:8080') + ' (proxied /api)' : base;
const summary = { base, apiBackend, machine: { cpus: cpus().length, loadAverage1mAtStart: loadavg()[0] }, lighthouseVersion: null, formFactor: 'mobile', measuredAt: new Date().toISOString(), pages: [] };
let ok = true;
try {
  await waitFor(base + '/');
  for (const [name, path] of pages) {
    // RUNS runs per page (default 3); the run with the median performance score is kept, as Lighthouse advises.
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await lighthouse(base + path, {
        port: chrome.port, output: 'json', logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      }));
    }
    runs.sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
    const result = runs[Math.floor(runs.length / 2)];
    const lhr = result.lhr;
    summary.lighthouseVersion = lhr.lighthouseVersion;
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, Math.round(c.score * 100)]));
    const metrics = Object.fromEntries(['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'interactive']
      .map((id) => [id, lhr.audits[id]?.displayValue]));
    const failedA11y = Object.values(lhr.audits).filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id) && a.score === 0).map((a) => a.id);
    summary.pages.push({ name, url: base + path, runs: RUNS, performanceScoresOfAllRuns: runs.map((r) => Math.round(r.lhr.categories.performance.score * 100)), scores, metrics, failedAccessibilityAudits: failedA11y, runWarnings: lhr.runWarnings });
    writeFileSync(join(outDir, `${name}.json`), result.report);
    console.log(`${path}: ${JSON.stringify(scores)} ${JSON.stringify(metrics)}${failedA11y.length ? ' a11y failures: ' + failedA11y.join(',') : ''}`);
    if (scores.performance < 90 || scores.accessibility < 90) ok = false;
  }
} finally {
  await chrome.kill();
  server?.kill();
}
writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
const md = ['| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |', '|---|---|---|---|---|---|---|---|---|',
  ...summary.pages.map((p) => `| ${p.url.replace(base, '') || '/'} | ${p.scores.performance} | ${p.scores.accessibility} | ${p.scores['best-practices']} | ${p.scores.seo} | ${p.metrics['first-contentful-paint']} | ${p.metrics['largest-contentful-paint']} | ${p.metrics['total-blocking-time']} | ${p.metrics['cumulative-layout-shift']} |`)];
writeFileSync(join(outDir, 'summary.md'), `# Lighthouse ${summary.lighthouseVersion}, mobile profile, ${summary.measuredAt}\n\nMedian of ${RUNS} runs per page (by performance score); ${summary.machine.cpus} CPUs, load average ${summary.machine.loadAverage1mAtStart.toFixed(1)} at start (other builds were running).\n\nTarget: ${base}${preview ? ' (vite preview of pwa-citizen/dist)' : ''}, API: ${apiBackend}\n\n${md.join('\n')}\n`);
if (!ok) { console.error('Performance or accessibility under 90'); process.exit(1); }
