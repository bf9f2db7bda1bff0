// The staff API over fetch: Bearer token from the session, one refresh and retry on 401,
// RFC 9457 problems turned into ApiError with French messages.
import { ApiError, JSON_ACCEPT, readProblem as readBareProblem, type FetchLike, type Problem } from '@signalement/web-common/api';
import type { Session } from './types';

export interface SessionStore {
  get(): Session | null;
  set(s: Session | null): void;
}

const KEY = 'signalement.console.session';

/** The session lives in sessionStorage: gone when the tab closes, kept across reloads. */
export const browserStore: SessionStore = {
  get() {
    try {
      const raw = sessionStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  set(s) {
    try {
      if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
      else sessionStorage.removeItem(KEY);
    } catch {
      /* private mode: memory only */
    }
  },
};

export function memoryStore(initial: Session | null = null): SessionStore {
  let s = initial;
  return { get: () => s, set: (v) => { s = v; } };
}

/** The problem in a failed answer, with a French message for the statuses the backend may leave bare. */
export async function readProblem(res: Response): Promise<Problem> {
  const p = await readBareProblem(res);
  const fallback: Record<number, string> = {
    401: 'Session expirée : reconnectez-vous.', 403: 'Votre rôle ne permet pas cette action.', 404: 'Introuvable.',
    409: 'Action impossible dans l’état actuel.', 429: 'Trop de tentatives : réessayez dans quelques minutes.',
  };
  return { ...p, detail: p.detail || fallback[p.status] || p.title || `Erreur ${p.status}` };
}

export class Api {
  private refreshing: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  onSignedOut: () => void = () => undefined;

  constructor(private readonly store: SessionStore = browserStore, private readonly fetchImpl: FetchLike = (i, init) => fetch(i, init)) {}

  get session(): Session | null { return this.store.get(); }

  hasRole(...roles: string[]): boolean {
    const s = this.session;
    return !!s && s.user.roles.some((r) => roles.includes(r));
  }

  async login(username: string, password: string): Promise<Session> {
    const res = await this.fetchImpl('/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) {
      const p = await readProblem(res);
      if (res.status === 401) p.detail = 'Identifiant ou mot de passe incorrect.';
      throw new ApiError(p);
    }
    return this.keep(await res.json());
  }

  private keep(body: Omit<Session, 'obtainedAt'>): Session {
    const s: Session = { ...body, obtainedAt: Date.now() };
    this.store.set(s);
    this.schedule();
    return s;
  }

  /** Refreshes the access token a little before it expires. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const s = this.session;
    if (!s || typeof window === 'undefined') return;
    const due = s.obtainedAt + Math.max(10, s.expiresIn - 60) * 1000 - Date.now();
    this.timer = setTimeout(() => { void this.refresh(); }, Math.max(1000, due));
  }

  refresh(): Promise<boolean> {
    if (this.refreshing) return this.refreshing;
    const s = this.session;
    if (!s) return Promise.resolve(false);
    this.refreshing = (async () => {
      try {
        const res = await this.fetchImpl('/api/v1/auth/refresh', {
          method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refreshToken: s.refreshToken }),
        });
        if (!res.ok) return false;
        this.keep(await res.json());
        return true;
      } catch {
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  async logout(): Promise<void> {
    const s = this.session;
    this.store.set(null);
    if (this.timer) clearTimeout(this.timer);
    if (s) {
      try {
        await this.fetchImpl('/api/v1/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) });
      } catch {
        /* offline: the refresh token expires by itself */
      }
    }
  }

  /** Raw authenticated request (retries once after a refresh on 401). */
  async raw(path: string, init: RequestInit = {}, accept = JSON_ACCEPT): Promise<Response> {
    const send = () => {
      const s = this.session;
      const headers: Record<string, string> = { Accept: accept, ...(init.headers as Record<string, string> | undefined) };
      if (s) headers.Authorization = `Bearer ${s.accessToken}`;
      return this.fetchImpl(path, { ...init, headers });
    };
    let res = await send();
    if (res.status === 401 && this.session && (await this.refresh())) res = await send();
    if (res.status === 401 && this.session) {
      this.store.set(null);
      this.onSignedOut();
    }
    if (!res.ok) throw new ApiError(await readProblem(res));
    return res;
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.raw(path);
    return (await res.json()) as T;
  }

  async post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.raw(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    return readBody(res) as Promise<T>;
  }

  async put<T>(path: string, payload?: unknown): Promise<T> {
    const init: RequestInit = payload === undefined ? { method: 'PUT' }
      : { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(payload) };
    return readBody(await this.raw(path, init)) as Promise<T>;
  }

  async delete<T>(path: string): Promise<T> {
    return readBody(await this.raw(path, { method: 'DELETE' })) as Promise<T>;
  }
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Query string from the non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const api = new Api();
