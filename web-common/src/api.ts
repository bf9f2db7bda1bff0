// The core both front ends use to talk to the backend (same origin, /api/v1/...): errors as the backend
// sends them (RFC 9457 problem+json), turned into exceptions the views can show.
import type { FeatureCollection } from 'geojson';

/** An RFC 9457 problem, as the backend answers any 4xx/5xx (field: the request field at fault). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  field?: string;
  allowed?: string[];
  /** How long to wait before trying again (429 rate limit, 503), from the Retry-After header. */
  retryAfterSeconds?: number;
}

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

/** The problem in a failed answer; a body that is not JSON (a proxy's HTML page) keeps just the status. */
export async function readProblem(res: Response): Promise<Problem> {
  let body: Partial<Problem> = {};
  try {
    const text = await res.text();
    if (text) body = JSON.parse(text) as Partial<Problem>;
  } catch {
    /* not JSON: keep the bare status */
  }
  const retryAfter = retryAfterSeconds(res.headers.get('Retry-After'));
  return retryAfter === undefined ? { ...body, status: res.status } : { ...body, status: res.status, retryAfterSeconds: retryAfter };
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export type FetchLike = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

export const JSON_ACCEPT = 'application/json, application/problem+json';
/** The geo endpoints answer application/geo+json (and 406 to a bare application/json Accept header). */
export const GEOJSON = 'application/geo+json, application/json;q=0.9';

/** fetch + JSON with a timeout: the answer's body, ApiError for a 4xx/5xx, NetworkError if it never arrived. */
export async function request<T>(path: string, init: RequestInit = {}, fetchImpl: FetchLike = fetch, timeoutMs = 30000): Promise<T> {
  const ctrl = typeof AbortController !== 'undefined' ? new AbortController() : null;
  const timer = ctrl ? setTimeout(() => ctrl.abort(), timeoutMs) : null;
  let res: Response;
  try {
    res = await fetchImpl(path, { ...init, signal: ctrl?.signal, headers: { Accept: JSON_ACCEPT, ...(init.headers || {}) } });
  } catch (e) {
    throw new NetworkError(e);
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (!res.ok) throw new ApiError(await readProblem(res));
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** GET /api/v1/geo/quartiers: the quartiers' outlines, properties code and name (drawn by map.ts). */
export function fetchQuartiers(fetchImpl: FetchLike = fetch): Promise<FeatureCollection> {
  return request<FeatureCollection>('/api/v1/geo/quartiers', { headers: { Accept: GEOJSON } }, fetchImpl, 15000);
}

/**
 * T with the fields K possibly null. The backend's OpenAPI document does not say which fields may be null
 * (Java records), so the generated types have none; each app names the ones it must check, and a renamed
 * field still breaks its build.
 */
export type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };
