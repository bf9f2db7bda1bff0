// Thin fetch wrappers around the backend API (same origin, /api/v1/...).
import type { Acknowledgement, AppConfig, CategoryGroup, CommuneFeature, FollowUp, NearbyAlert, Problem } from './types';

/** A 4xx/5xx answer from the backend, carrying its problem+json body. */
export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail || problem.title || `Erreur ${problem.status}`);
    this.name = 'ApiError';
  }
  get status(): number { return this.problem.status; }
  get field(): string | undefined { return this.problem.field; }
}

/** The request never reached the backend (offline, DNS, connection reset, timeout). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super('Réseau indisponible');
    this.name = 'NetworkError';
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

/** True when a failed request should be retried later rather than shown as a refusal. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  if (err instanceof ApiError) return err.status >= 500 || err.status === 408 || err.status === 425 || err.status === 429;
  return false;
}

export async function readProblem(res: Response): Promise<Problem> {
  let body: Partial<Problem> = {};
  try {
    const text = await res.text();
    if (text) body = JSON.parse(text) as Partial<Problem>;
  } catch {
    /* not JSON: keep the bare status */
  }
  return { ...body, status: res.status };
}

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export async function request<T>(path: string, init: RequestInit = {}, fetchImpl: FetchLike = fetch, timeoutMs = 30000): Promise<T> {
  const ctrl = typeof AbortController !== 'undefined' ? new AbortController() : null;
  const timer = ctrl ? setTimeout(() => ctrl.abort(), timeoutMs) : null;
  let res: Response;
  try {
    res = await fetchImpl(path, { ...init, signal: ctrl?.signal, headers: { Accept: 'application/json, application/problem+json', ...(init.headers || {}) } });
  } catch (e) {
    throw new NetworkError(e);
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (!res.ok) throw new ApiError(await readProblem(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const GEOJSON = 'application/geo+json, application/json;q=0.9';

export const api = {
  config: () => request<AppConfig>('/api/v1/config', {}, fetch, 10000),
  // The geo endpoints answer application/geo+json (and 406 to a bare application/json Accept header).
  commune: () => request<CommuneFeature>('/api/v1/geo/commune', { headers: { Accept: GEOJSON } }, fetch, 15000),
  categories: () => request<CategoryGroup[]>('/api/v1/categories', {}, fetch, 10000),
  nearby: (lat: number, lon: number, categoryCode: string) =>
    request<NearbyAlert[]>(
      `/api/v1/alerts/nearby?lat=${encodeURIComponent(lat)}&lon=${encodeURIComponent(lon)}&categoryCode=${encodeURIComponent(categoryCode)}`,
      {}, fetch, 8000),
  follow: (trackingNumber: string, token: string) =>
    request<FollowUp>(reportPath(trackingNumber, '', token), {}, fetch, 15000),
  /** "Ce n'est pas réparé": allowed while canReopen → the new follow-up view. */
  reopen: (trackingNumber: string, token: string, comment: string) =>
    request<FollowUp>(reportPath(trackingNumber, '/reopen', token), jsonBody('POST', { comment }), fetch, 15000),
  /** GDPR: erases the reporter's e-mail now. */
  eraseContact: (trackingNumber: string, token: string) =>
    request<void>(reportPath(trackingNumber, '/contact', token), { method: 'DELETE' }, fetch, 15000),
  /** Registers a web-push (FCM) token for this report's status changes. */
  registerPush: (trackingNumber: string, token: string, pushToken: string) =>
    request<void>(reportPath(trackingNumber, '/push', token), jsonBody('POST', { token: pushToken }), fetch, 15000),
};

function reportPath(trackingNumber: string, suffix: string, token: string): string {
  return `/api/v1/reports/${encodeURIComponent(trackingNumber)}${suffix}?token=${encodeURIComponent(token)}`;
}

function jsonBody(method: string, body: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

export type { Acknowledgement };
