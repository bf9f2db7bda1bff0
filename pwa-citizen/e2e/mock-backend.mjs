// DEVELOPMENT AID ONLY — a small stand-in for the Quarkus backend implementing the subset of docs/api.md
// the PWA uses, used to develop the UI and e2e tests before the real backend was runnable.
// The committed e2e configuration targets the REAL backend (BASE_URL); this file is never used by it.
// Usage: node e2e/mock-backend.mjs [port]   (serves dist/ too, with the same SPA fallback as the backend)
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

const port = Number(process.argv[2] || 8081);
const dist = join(import.meta.dirname, '..', 'dist');
const paris = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'geo-data', 'paris', 'paris_admin_osm.geojson'), 'utf8'))
  .features.find((f) => f.properties.admin_level === 8 || f.properties.admin_level === '8');
const commune = { type: 'Feature', geometry: paris.geometry, properties: { name: 'Paris', inseeCode: '75056' } };

const groups = [
  { group: 'Éclairage', categories: [{ code: 'ECLAIRAGE_PANNE', label: 'Lampadaire en panne' }] },
  { group: 'Propreté', categories: [{ code: 'PROPRETE_DEPOT', label: 'Dépôt sauvage' }, { code: 'PROPRETE_TAG', label: 'Tag, graffiti' }] },
  { group: 'Voirie', categories: [{ code: 'VOIRIE_NID', label: 'Nid-de-poule' }, { code: 'VOIRIE_TROTTOIR', label: 'Trottoir abîmé' }] },
].map((g) => ({ group: g.group, categories: g.categories.map((c) => ({ ...c, group: g.group, deadlineHours: 72, dedupRadiusM: 50, serviceName: `Service ${g.group}` })) }));
const categories = groups.flatMap((g) => g.categories);
const STATUS = { NEW: 'Nouveau', QUALIFIED: 'Qualifiée', ASSIGNED: 'Assignée', IN_PROGRESS: 'En cours', RESOLVED: 'Résolue', CLOSED: 'Clôturée', REJECTED: 'Rejetée' };

const alerts = []; const reports = []; const photos = []; const byKey = new Map();

function inRing(x, y, ring) { let ins = false; for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) { const [xi, yi] = ring[i], [xj, yj] = ring[j]; if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) ins = !ins; } return ins; }
function inCommune(lat, lon) { return commune.geometry.coordinates.some((p) => inRing(lon, lat, p[0]) && !p.slice(1).some((h) => inRing(lon, lat, h))); }
function distM(a, b, c, d) { const R = 6371000, r = Math.PI / 180; const x = (d - b) * r * Math.cos(((a + c) / 2) * r), y = (c - a) * r; return Math.sqrt(x * x + y * y) * R; }
function problem(res, status, detail, field) { res.writeHead(status, { 'Content-Type': 'application/problem+json' }); res.end(JSON.stringify({ type: 'about:blank', title: 'Erreur', status, detail, field })); }
function json(res, status, body) { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(body)); }
const service = (cat) => ({ name: cat.serviceName, email: 'voirie@mairie.example.fr', phone: '01 23 45 67 89', address: '1 place de l’Hôtel de Ville, 75004 Paris' });

function ack(rep) {
  const a = alerts.find((x) => x.id === rep.alertId); const cat = categories.find((c) => c.code === a.categoryCode);
  return { trackingNumber: rep.trackingNumber, receivedAt: rep.receivedAt, status: a.status, statusLabel: STATUS[a.status], category: { code: cat.code, label: cat.label },
    service: service(cat), dueAt: a.dueAt, alertId: a.id, joinedExistingAlert: rep.joined, reportCount: a.reports.length, quartier: 'Saint-Merri', address: '12 Rue de Rivoli',
    followToken: rep.token, followUrl: `http://127.0.0.1:${port}/suivi/${rep.trackingNumber}?token=${rep.token}` };
}

function intake(res, key, body, photoParts, alertId) {
  if (key && byKey.has(key)) return json(res, 201, ack(byKey.get(key)));
  const { lat, lon } = body;
  if (typeof lat !== 'number' || typeof lon !== 'number') return problem(res, 400, 'Position manquante', 'lat');
  if (!inCommune(lat, lon)) return problem(res, 422, 'Ce point est en dehors de la commune de Paris.', 'lat');
  if (body.contactEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.contactEmail)) return problem(res, 400, "L'adresse e-mail n'est pas valide.", 'contactEmail');
  let alert;
  if (alertId !== undefined) {
    alert = alerts.find((a) => a.id === alertId);
    if (!alert) return problem(res, 404, 'Alerte inconnue');
    if (['CLOSED', 'REJECTED', 'RESOLVED'].includes(alert.status)) return problem(res, 409, 'Cette alerte est close.');
  } else {
    const cat = categories.find((c) => c.code === body.categoryCode);
    if (!cat) return problem(res, 422, 'Catégorie inconnue', 'categoryCode');
    const now = new Date();
    alert = { id: alerts.length + 1, categoryCode: cat.code, lat, lon, status: 'NEW', reports: [], photos: [], createdAt: now.toISOString(), dueAt: new Date(now.getTime() + 72 * 3600e3).toISOString(), timeline: [{ at: now.toISOString(), status: 'NEW', statusLabel: STATUS.NEW, note: null }] };
    alerts.push(alert);
  }
  for (const p of photoParts) { photos.push(p); alert.photos.push(photos.length); }
  const rep = { trackingNumber: `SIG-2026-${String(reports.length + 1).padStart(6, '0')}`, token: randomUUID().replace(/-/g, ''), receivedAt: new Date().toISOString(), alertId: alert.id, joined: alertId !== undefined, body };
  reports.push(rep); alert.reports.push(rep);
  if (key) byKey.set(key, rep);
  return json(res, 201, ack(rep));
}

async function readBody(req) { const chunks = []; for await (const c of req) chunks.push(c); return Buffer.concat(chunks); }

createServer(async (req, res) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`); const p = url.pathname;
  try {
    if (p === '/api/v1/config') return json(res, 200, { communeName: 'Paris', inseeCode: '75056', primaryColor: '#1d5f8a', accentColor: '#c2410c', logoUrl: '/logo.svg', retentionDays: 365, reopenDays: 30, center: { lat: 48.8566, lon: 2.3522 }, bbox: [2.224, 48.815, 2.47, 48.902], push: null });
    if (p === '/api/v1/geo/commune') return json(res, 200, commune);
    if (p === '/api/v1/categories') return json(res, 200, groups);
    if (p === '/api/v1/reports' && req.method === 'POST') {
      const raw = await readBody(req); const ct = req.headers['content-type'] || '';
      let body; const parts = [];
      if (ct.startsWith('multipart/form-data')) {
        const fd = await new Request('http://x', { method: 'POST', headers: { 'content-type': ct }, body: raw }).formData();
        const r = fd.get('report'); body = JSON.parse(typeof r === 'string' ? r : await r.text());
        for (const f of fd.getAll('photo')) { if (!['image/jpeg', 'image/png', 'image/webp'].includes(f.type)) return problem(res, 415, 'Formats acceptés : JPEG, PNG, WebP'); parts.push(Buffer.from(await f.arrayBuffer())); }
      } else body = JSON.parse(raw.toString() || '{}');
      return intake(res, req.headers['idempotency-key'], body, parts);
    }
    let m;
    if ((m = /^\/api\/v1\/reports\/([^/]+)$/.exec(p))) {
      const rep = reports.find((r) => r.trackingNumber === m[1] && r.token === url.searchParams.get('token'));
      if (!rep) return problem(res, 404, 'Signalement introuvable');
      const a = alerts.find((x) => x.id === rep.alertId); const cat = categories.find((c) => c.code === a.categoryCode);
      return json(res, 200, { trackingNumber: rep.trackingNumber, status: a.status, statusLabel: STATUS[a.status], category: { code: cat.code, label: cat.label }, receivedAt: rep.receivedAt, dueAt: a.dueAt, address: '12 Rue de Rivoli', quartier: 'Saint-Merri', service: service(cat), reportCount: a.reports.length, photos: a.photos.map((id) => ({ url: `/api/v1/photos/${id}`, thumbnailUrl: `/api/v1/photos/${id}/thumbnail` })), afterPhotos: [], timeline: a.timeline, canReopen: false });
    }
    if (p === '/api/v1/alerts/nearby') {
      const lat = Number(url.searchParams.get('lat')), lon = Number(url.searchParams.get('lon')); const cat = categories.find((c) => c.code === url.searchParams.get('categoryCode'));
      if (!cat) return problem(res, 422, 'Catégorie inconnue', 'categoryCode');
      const list = alerts.filter((a) => !['CLOSED', 'REJECTED', 'RESOLVED'].includes(a.status) && categories.find((c) => c.code === a.categoryCode).group === cat.group)
        .map((a) => ({ a, d: distM(lat, lon, a.lat, a.lon) })).filter((x) => x.d <= 150).sort((x, y) => x.d - y.d).slice(0, 5)
        .map(({ a, d }) => { const c = categories.find((k) => k.code === a.categoryCode); return { alertId: a.id, distanceM: Math.round(d), reportCount: a.reports.length, status: a.status, statusLabel: STATUS[a.status], category: { code: c.code, label: c.label }, address: '12 Rue de Rivoli', thumbnailUrl: a.photos.length ? `/api/v1/photos/${a.photos[0]}/thumbnail` : null, firstReportAt: a.createdAt }; });
      return json(res, 200, list);
    }
    if ((m = /^\/api\/v1\/alerts\/(\d+)\/support$/.exec(p)) && req.method === 'POST') {
      return intake(res, req.headers['idempotency-key'], JSON.parse((await readBody(req)).toString()), [], Number(m[1]));
    }
    if ((m = /^\/api\/v1\/photos\/(\d+)(\/thumbnail)?$/.exec(p))) {
      const ph = photos[Number(m[1]) - 1]; if (!ph) return problem(res, 404, 'Photo introuvable');
      res.writeHead(200, { 'Content-Type': 'image/jpeg' }); return res.end(ph);
    }
    if (p === '/api/v1/auth/login' && req.method === 'POST') {
      const b = JSON.parse((await readBody(req)).toString());
      if (b.username !== 'dispatch' || b.password !== 'dispatch-demo') return problem(res, 401, 'Identifiants incorrects');
      return json(res, 200, { accessToken: 'mock-token', refreshToken: 'r', expiresIn: 300, user: { id: 1, username: 'dispatch', roles: ['DISPATCHER'] } });
    }
    if ((m = /^\/api\/v1\/alerts\/(\d+)\/transitions$/.exec(p)) && req.method === 'POST') {
      if (req.headers.authorization !== 'Bearer mock-token') return problem(res, 401, 'Non authentifié');
      const a = alerts.find((x) => x.id === Number(m[1])); if (!a) return problem(res, 404, 'Alerte inconnue');
      const b = JSON.parse((await readBody(req)).toString()); a.status = b.to; a.timeline.push({ at: new Date().toISOString(), status: b.to, statusLabel: STATUS[b.to], note: b.note || null });
      return json(res, 200, { id: a.id, status: a.status });
    }
    if (p.startsWith('/api/')) return problem(res, 404, 'Introuvable');
    // Static PWA with SPA fallback, like the backend.
    let file = join(dist, p === '/' ? 'index.html' : p);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) {
      if (/^\/(suivi\/[^/]+|mes-signalements|confidentialite)$/.test(p)) file = join(dist, 'index.html');
      else { res.writeHead(404, { 'Content-Type': 'text/plain' }); return res.end('Not found'); }
    }
    const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json', '.json': 'application/json' };
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream', 'Cache-Control': p.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
    res.end(readFileSync(file));
  } catch (e) { console.error(e); problem(res, 500, String(e)); }
}).listen(port, '127.0.0.1', () => console.log(`mock backend on http://127.0.0.1:${port}`));
