// Reference data shared by the views, fetched once per session.
import { GEOJSON, fetchQuartiers } from '@signalement/web-common/api';
import { api } from './api';
import type { AlertSummary, CategoryGroup, Config, Quartier, Service, Team, Agent } from './types';

const cache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!cache.has(key)) {
    const p = load().catch((e) => { cache.delete(key); throw e; });
    cache.set(key, p);
  }
  return cache.get(key) as Promise<T>;
}

async function publicJson<T>(path: string, accept = 'application/json'): Promise<T> {
  const res = await fetch(path, { headers: { Accept: accept } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

export const config = () => once('config', () => publicJson<Config>('/api/v1/config'));
export const categories = () => once('categories', () => publicJson<CategoryGroup[]>('/api/v1/categories'));
export const commune = () => once('commune', () => publicJson<GeoJSON.Feature>('/api/v1/geo/commune', GEOJSON));
export const quartierShapes = () => once('quartiers', () => fetchQuartiers());
export const quartiers = async (): Promise<Quartier[]> => {
  const fc = await quartierShapes();
  return fc.features
    .map((f) => f.properties as Quartier)
    .filter((p) => p && p.code)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
};
export const services = () => once('services', () => api.get<Service[]>('/api/v1/services'));
export const teams = (serviceId?: number | string | null) =>
  once(`teams:${serviceId ?? ''}`, () => api.get<Team[]>(`/api/v1/teams${serviceId ? `?serviceId=${serviceId}` : ''}`));
export const agents = (teamId: number | string) => once(`agents:${teamId}`, () => api.get<Agent[]>(`/api/v1/agents?teamId=${teamId}`));

export function agentName(a: Agent): string {
  return a.displayName || a.username || `Agent ${a.id}`;
}

export function alertTitle(a: AlertSummary): string {
  return `Alerte n° ${a.id} — ${a.category.label}`;
}

/** Drops the cached lists (after sign-out). */
export function clearReference(): void {
  for (const k of [...cache.keys()]) if (!['config', 'categories', 'commune', 'quartiers'].includes(k)) cache.delete(k);
}
