// Photo processing on the device: resize to at most MAX_EDGE px, re-encode as JPEG within a byte budget,
// and make sure no metadata (EXIF GPS, XMP, comments) leaves the phone.
// Pure parts (dimensions, metadata stripping, quality search) are unit-tested.

export const MAX_EDGE = 1600;
export const BYTE_BUDGET = 450 * 1024;
export const QUALITIES = [0.82, 0.72, 0.62, 0.52, 0.42];

export function computeTargetSize(width: number, height: number, maxEdge = MAX_EDGE): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) throw new Error('Dimensions de photo invalides');
  const scale = Math.min(1, maxEdge / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/**
 * Removes every APPn segment except APP0 (JFIF) and APP14 (Adobe colour transform), and COM segments,
 * from a JPEG. EXIF (with GPS position, camera serial…) lives in APP1, XMP in APP1, IPTC in APP13.
 * Returns a new array; throws on a byte stream that is not a JPEG.
 */
export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  if (!isJpeg(bytes)) throw new Error("Ce fichier n'est pas un JPEG");
  const out: Uint8Array[] = [bytes.subarray(0, 2)];
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) throw new Error('JPEG mal formé');
    let marker = bytes[i + 1];
    // Fill bytes (0xFF padding) before a marker.
    while (marker === 0xff && i + 2 < bytes.length) { i++; marker = bytes[i + 1]; }
    if (marker === 0xda /* SOS: entropy-coded data follows until EOI */ || marker === 0xd9) {
      out.push(bytes.subarray(i));
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { // standalone markers
      out.push(bytes.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 3 >= bytes.length) throw new Error('JPEG tronqué');
    const len = (bytes[i + 2] << 8) | bytes[i + 3];
    const end = i + 2 + len;
    if (len < 2 || end > bytes.length) throw new Error('JPEG tronqué');
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keep = !(isApp && marker !== 0xe0 && marker !== 0xee) && marker !== 0xfe;
    if (keep) out.push(bytes.subarray(i, end));
    i = end;
  }
  const total = out.reduce((s, p) => s + p.length, 0);
  const result = new Uint8Array(total);
  let o = 0;
  for (const p of out) { result.set(p, o); o += p.length; }
  return result;
}

/** True when the JPEG still carries an EXIF (APP1 "Exif\0\0") segment. */
export function hasExif(bytes: Uint8Array): boolean {
  if (!isJpeg(bytes)) return false;
  let i = 2;
  while (i + 4 < bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1];
    if (marker === 0xda || marker === 0xd9) return false;
    const len = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker === 0xe1 && bytes[i + 4] === 0x45 && bytes[i + 5] === 0x78 && bytes[i + 6] === 0x69 && bytes[i + 7] === 0x66) return true;
    i += 2 + len;
  }
  return false;
}

/**
 * Encodes with decreasing quality until the result fits the budget (or the lowest quality is reached).
 * `encode` is injected so the search is testable without a canvas.
 */
export async function encodeWithinBudget(
  encode: (quality: number) => Promise<Blob>, budget = BYTE_BUDGET, qualities = QUALITIES,
): Promise<{ blob: Blob; quality: number }> {
  let last: { blob: Blob; quality: number } | null = null;
  for (const q of qualities) {
    const blob = await encode(q);
    last = { blob, quality: q };
    if (blob.size <= budget) return last;
  }
  if (!last) throw new Error('Aucune qualité JPEG fournie');
  return last;
}

export interface ProcessedPhoto { blob: Blob; width: number; height: number; quality: number }

async function decode(file: Blob): Promise<{ source: CanvasImageSource; width: number; height: number; close: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() };
    } catch {
      /* fall back to <img> below */
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) };
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
}

function canvasToBlob(canvas: HTMLCanvasElement | OffscreenCanvas, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type: 'image/jpeg', quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Encodage JPEG impossible'))), 'image/jpeg', quality));
}

/** Browser-only: decode, resize, re-encode, strip metadata. */
export async function processPhoto(file: Blob): Promise<ProcessedPhoto> {
  let decoded;
  try {
    decoded = await decode(file);
  } catch {
    throw new Error("Cette photo n'a pas pu être lue. Essayez une photo au format JPEG ou PNG.");
  }
  try {
    const { width, height } = computeTargetSize(decoded.width, decoded.height);
    const canvas: HTMLCanvasElement | OffscreenCanvas = typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new Error('Canvas indisponible');
    ctx.fillStyle = '#fff'; // transparent PNGs get a white background, not black
    ctx.fillRect(0, 0, width, height);
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(decoded.source, 0, 0, width, height);
    const { blob, quality } = await encodeWithinBudget((q) => canvasToBlob(canvas, q));
    const clean = stripJpegMetadata(new Uint8Array(await blob.arrayBuffer()));
    return { blob: new Blob([clean as BlobPart], { type: 'image/jpeg' }), width, height, quality };
  } finally {
    decoded.close();
  }
}
