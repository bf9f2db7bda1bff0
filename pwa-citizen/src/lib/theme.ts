// Commune branding from /api/v1/config, with contrast guarantees (WCAG AA 4.5:1 for text).

function parseHex(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  let h = m[1];
  if (h.length === 3) h = h.split('').map((c) => c + c).join('');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

function toHex([r, g, b]: [number, number, number]): string {
  return '#' + [r, g, b].map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0')).join('');
}

export function luminance(hex: string): number {
  const rgb = parseHex(hex);
  if (!rgb) return 0;
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(a), lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever reads better on `bg`. */
export function textOn(bg: string): '#000000' | '#ffffff' {
  return contrastRatio(bg, '#ffffff') >= contrastRatio(bg, '#000000') ? '#ffffff' : '#000000';
}

/** Darkens `color` until it reaches `min` contrast against `against` (white by default). */
export function ensureContrast(color: string, against = '#ffffff', min = 4.5): string {
  let rgb = parseHex(color);
  if (!rgb) return '#1d4f91';
  for (let i = 0; i < 40 && contrastRatio(toHex(rgb), against) < min; i++) {
    rgb = [rgb[0] * 0.9, rgb[1] * 0.9, rgb[2] * 0.9];
  }
  return toHex(rgb);
}

export function applyTheme(primary: string | undefined, accent: string | undefined, root: HTMLElement = document.documentElement): void {
  const p = parseHex(primary || '') ? ensureContrast(primary!) : '#1d4f91';
  const a = parseHex(accent || '') ? accent! : '#e5a50a';
  root.style.setProperty('--primary', p);
  root.style.setProperty('--on-primary', textOn(p));
  root.style.setProperty('--accent', a);
  root.style.setProperty('--on-accent', textOn(a));
  const meta = document.querySelector('meta[name="theme-color"]');
  if (meta) meta.setAttribute('content', p);
}
