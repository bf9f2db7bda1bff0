import { describe, expect, it } from 'vitest';
import { Api, memoryStore } from '../src/lib/api';
import { TEXT_STATE_LABELS, boxFromDrag, parseBox, photoLabel, publishText, setBlurBoxes, setPhotoPublished, textState, withdrawText } from '../src/lib/moderation';
import type { Session } from '../src/lib/types';

const session: Session = {
  accessToken: 't', refreshToken: 'r', expiresIn: 300, tokenType: 'Bearer', obtainedAt: Date.now(),
  user: { id: 1, username: 'dispatch', displayName: 'Régulation', roles: ['DISPATCHER'], teamId: null, serviceIds: [1] },
};

/** An API client whose requests are recorded; every answer is an alert page. */
function recording() {
  const calls: { method: string; url: string; body: unknown; auth: string }[] = [];
  const api = new Api(memoryStore(session), async (input, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ method: init?.method ?? 'GET', url: String(input), body: init?.body ? JSON.parse(String(init.body)) : undefined, auth: headers.Authorization ?? '' });
    return new Response(JSON.stringify({ alert: { id: 7 }, reports: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  return { api, calls };
}

describe('moderation', () => {
  it('tells private, published as typed and edited texts apart', () => {
    expect(textState({ description: 'Appelez-moi au 06…', publicDescription: null })).toBe('PRIVATE');
    expect(textState({ description: 'Matelas', publicDescription: 'Matelas' })).toBe('PUBLISHED');
    expect(textState({ description: 'Matelas, appelez-moi', publicDescription: 'Matelas' })).toBe('EDITED');
    expect(textState({ description: null, publicDescription: 'Encombrants' })).toBe('EDITED');
    expect(TEXT_STATE_LABELS.PRIVATE).toContain('non public');
    expect(photoLabel({ published: true })).toBe('Photo publique');
    expect(photoLabel({ published: false })).toBe('Photo non publique');
  });

  it('publishes the text as typed without a body, an edited version with it, and withdraws it', async () => {
    const { api, calls } = recording();
    await publishText(api, 7, 12, '   ');
    await publishText(api, 7, 12, '  Matelas sur le trottoir ');
    await withdrawText(api, 7, 12);
    expect(calls).toEqual([
      { method: 'PUT', url: '/api/v1/alerts/7/reports/12/publication', body: undefined, auth: 'Bearer t' },
      { method: 'PUT', url: '/api/v1/alerts/7/reports/12/publication', body: { publicText: 'Matelas sur le trottoir' }, auth: 'Bearer t' },
      { method: 'DELETE', url: '/api/v1/alerts/7/reports/12/publication', body: undefined, auth: 'Bearer t' },
    ]);
  });

  it('publishes and withdraws a photo by its key', async () => {
    const { api, calls } = recording();
    const key = '0b6f3c1e-5a4d-4c9e-9f39-2f7d1c2a8e10';
    const page = await setPhotoPublished(api, 7, key, true);
    await setPhotoPublished(api, 7, key, false);
    expect(page).toEqual({ alert: { id: 7 }, reports: [] });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `PUT /api/v1/alerts/7/photos/${key}/publication`, `DELETE /api/v1/alerts/7/photos/${key}/publication`]);
  });

  it('checks a typed blur box against the photo and sends the whole list of boxes', async () => {
    expect(parseBox({ x: '10', y: '20', w: '30', h: '40' }, 800, 600)).toEqual({ x: 10, y: 20, w: 30, h: 40, source: 'staff' });
    expect(parseBox({ x: '790', y: '0', w: '30', h: '10' }, 800, 600)).toBe('La zone doit tenir dans la photo (800 × 600 pixels).');
    expect(parseBox({ x: '', y: '0', w: '30', h: '10' }, 800, 600)).toContain('pixels');
    const { api, calls } = recording();
    const key = '0b6f3c1e-5a4d-4c9e-9f39-2f7d1c2a8e10';
    await setBlurBoxes(api, 7, key, [{ x: 1, y: 2, w: 3, h: 4, source: 'plate' }, { x: 5, y: 6, w: 7, h: 8 }]);
    await setBlurBoxes(api, 7, key, []);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['PUT', `/api/v1/alerts/7/photos/${key}/blur`, { boxes: [{ x: 1, y: 2, w: 3, h: 4, source: 'plate' }, { x: 5, y: 6, w: 7, h: 8, source: 'staff' }] }],
      ['PUT', `/api/v1/alerts/7/photos/${key}/blur`, { boxes: [] }],
    ]);
  });
});

describe('boxFromDrag', () => {
  it('turns a drag on the photo as shown into photo pixels, either way, clipped to the photo', () => {
    const shown = { width: 400, height: 300 };
    // The photo is 1600 × 1200: four photo pixels per pixel on screen.
    expect(boxFromDrag({ x: 10, y: 20 }, { x: 60, y: 80 }, shown, 1600, 1200)).toEqual({ x: 40, y: 80, w: 200, h: 240, source: 'staff' });
    expect(boxFromDrag({ x: 60, y: 80 }, { x: 10, y: 20 }, shown, 1600, 1200)).toEqual({ x: 40, y: 80, w: 200, h: 240, source: 'staff' });
    expect(boxFromDrag({ x: 380, y: 290 }, { x: 450, y: 350 }, shown, 1600, 1200)).toEqual({ x: 1520, y: 1160, w: 80, h: 40, source: 'staff' });
  });

  it('ignores a click or a slip of the finger', () => {
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 12, y: 60 }, { width: 400, height: 300 }, 1600, 1200)).toBeNull();
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 60, y: 60 }, { width: 0, height: 0 }, 1600, 1200)).toBeNull();
  });
});
