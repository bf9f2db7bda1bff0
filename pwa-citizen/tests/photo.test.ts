import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeTargetSize, encodeWithinBudget, hasExif, isJpeg, stripJpegMetadata } from '../src/lib/photo';

const fixture = new Uint8Array(readFileSync(new URL('../e2e/fixtures/photo-gps.jpg', import.meta.url)));

function indexOf(hay: Uint8Array, needle: string): number {
  const n = new TextEncoder().encode(needle);
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let j = 0; j < n.length; j++) if (hay[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

describe('computeTargetSize', () => {
  it('scales the longest edge down to 1600 px keeping the ratio', () => {
    expect(computeTargetSize(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(computeTargetSize(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(computeTargetSize(2400, 1590)).toEqual({ width: 1600, height: 1060 });
  });
  it('never upscales', () => {
    expect(computeTargetSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(computeTargetSize(1600, 1600)).toEqual({ width: 1600, height: 1600 });
  });
  it('honours a custom maximum and keeps at least one pixel', () => {
    expect(computeTargetSize(10000, 10, 1000)).toEqual({ width: 1000, height: 1 });
  });
  it('rejects invalid dimensions', () => {
    expect(() => computeTargetSize(0, 100)).toThrow();
    expect(() => computeTargetSize(NaN, 100)).toThrow();
  });
});

describe('stripJpegMetadata', () => {
  it('the fixture is a real JPEG carrying EXIF with GPS tags', () => {
    expect(isJpeg(fixture)).toBe(true);
    expect(hasExif(fixture)).toBe(true);
    expect(indexOf(fixture, 'Signalement fixture')).toBeGreaterThan(0); // camera model in EXIF
  });
  it('removes EXIF (GPS, camera) and keeps the image data intact', () => {
    const out = stripJpegMetadata(fixture);
    expect(isJpeg(out)).toBe(true);
    expect(hasExif(out)).toBe(false);
    expect(indexOf(out, 'Exif')).toBe(-1);
    expect(indexOf(out, 'Signalement fixture')).toBe(-1);
    expect(out.length).toBeLessThan(fixture.length);
    // Everything from the start of scan to the end is byte-identical.
    const sosIn = fixture.findIndex((b, i) => b === 0xff && fixture[i + 1] === 0xda);
    const sosOut = out.findIndex((b, i) => b === 0xff && out[i + 1] === 0xda);
    expect(Buffer.from(out.subarray(sosOut)).equals(Buffer.from(fixture.subarray(sosIn)))).toBe(true);
    expect(out[out.length - 2]).toBe(0xff);
    expect(out[out.length - 1]).toBe(0xd9);
  });
  it('keeps APP0 (JFIF) and drops COM segments', () => {
    // SOI, APP0 JFIF, COM "secret", APP1 Exif, SOS..., EOI
    const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const com = [0xff, 0xfe, 0x00, 0x08, ...new TextEncoder().encode('secret')];
    const app1 = [0xff, 0xe1, 0x00, 0x08, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00];
    const sos = [0xff, 0xda, 0x00, 0x02, 0x11, 0x22, 0xff, 0xd9];
    const jpeg = new Uint8Array([0xff, 0xd8, ...app0, ...com, ...app1, ...sos]);
    const out = stripJpegMetadata(jpeg);
    expect([...out]).toEqual([0xff, 0xd8, ...app0, ...sos]);
  });
  it('refuses a non-JPEG or truncated stream', () => {
    expect(() => stripJpegMetadata(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toThrow();
    expect(() => stripJpegMetadata(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x40, 0x00, 0x01]))).toThrow(/tronqué/);
  });
});

describe('encodeWithinBudget', () => {
  it('lowers the quality until the result fits', async () => {
    const tried: number[] = [];
    const encode = async (q: number) => { tried.push(q); return new Blob([new Uint8Array(Math.round(q * 1000))]); };
    const r = await encodeWithinBudget(encode, 650, [0.9, 0.8, 0.7, 0.6, 0.5]);
    expect(r.quality).toBe(0.6);
    expect(r.blob.size).toBe(600);
    expect(tried).toEqual([0.9, 0.8, 0.7, 0.6]);
  });
  it('returns the smallest attempt when nothing fits', async () => {
    const r = await encodeWithinBudget(async (q) => new Blob([new Uint8Array(Math.round(q * 1000))]), 10, [0.9, 0.5]);
    expect(r.quality).toBe(0.5);
  });
});
