// Inline SVG charts (no chart library): a line chart and a bar chart with French labels, a title
// and a description for screen readers (the data is also in the table next to each chart).

export interface Series { name: string; color: string; values: (number | null)[]; dashed?: boolean }

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A "nice" upper bound for an axis. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export interface ChartOptions {
  title: string; desc: string; labels: string[]; series: Series[]; kind: 'line' | 'bar';
  format?: (v: number) => string; max?: number; width?: number; height?: number;
}

export function chartSvg(o: ChartOptions): string {
  const W = o.width ?? 640, H = o.height ?? 240, L = 56, R = 12, T = 16, B = 44;
  const fmt = o.format ?? ((v: number) => String(Math.round(v)));
  const all = o.series.flatMap((s) => s.values).filter((v): v is number => v != null && Number.isFinite(v));
  const max = o.max ?? niceMax(Math.max(0, ...all));
  const n = Math.max(1, o.labels.length);
  const pw = W - L - R, ph = H - T - B;
  const x = (i: number) => L + (o.kind === 'bar' ? (i + 0.5) * (pw / n) : n === 1 ? pw / 2 : (i * pw) / (n - 1));
  const y = (v: number) => T + ph - (Math.min(v, max) / max) * ph;
  const id = `c${Math.abs(hash(o.title))}`;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t ${id}-d" class="chart">`);
  parts.push(`<title id="${id}-t">${esc(o.title)}</title><desc id="${id}-d">${esc(o.desc)}</desc>`);
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#d0d0d0" stroke-width="1"/>`);
    parts.push(`<text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#333">${esc(fmt(v))}</text>`);
  }
  const step = Math.max(1, Math.ceil(n / 10));
  o.labels.forEach((lab, i) => {
    if (i % step === 0) parts.push(`<text x="${x(i).toFixed(1)}" y="${H - B + 16}" text-anchor="middle" font-size="11" fill="#333">${esc(lab)}</text>`);
  });
  if (o.kind === 'bar') {
    const groupW = (pw / n) * 0.8, bw = groupW / Math.max(1, o.series.length);
    o.series.forEach((s, si) => s.values.forEach((v, i) => {
      if (v == null) return;
      const bx = L + i * (pw / n) + (pw / n - groupW) / 2 + si * bw;
      parts.push(`<rect class="bar" x="${bx.toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${(T + ph - y(v)).toFixed(1)}" fill="${s.color}"><title>${esc(`${s.name}, ${o.labels[i]} : ${fmt(v)}`)}</title></rect>`);
    }));
  } else {
    for (const s of o.series) {
      let d = '';
      s.values.forEach((v, i) => {
        if (v == null) return;
        d += `${d && s.values[i - 1] != null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
      });
      if (d) parts.push(`<path d="${d.trim()}" fill="none" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
      s.values.forEach((v, i) => {
        if (v != null) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${s.color}"><title>${esc(`${s.name}, ${o.labels[i]} : ${fmt(v)}`)}</title></circle>`);
      });
    }
  }
  // Legend
  let lx = L;
  for (const s of o.series) {
    parts.push(`<rect x="${lx}" y="${H - 16}" width="12" height="12" fill="${s.color}"/><text x="${lx + 16}" y="${H - 6}" font-size="12" fill="#222">${esc(s.name)}</text>`);
    lx += 24 + s.name.length * 7;
  }
  parts.push('</svg>');
  return parts.join('');
}

function hash(s: string): number {
  let x = 0;
  for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) | 0;
  return x;
}
