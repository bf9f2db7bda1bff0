// Reference data (config, categories, commune outline): fetched from the backend, with the last good copy
// kept on the device so the report form still works offline. The service worker never caches /api/.
import { api } from './api';
import { kvGet, kvSet } from './db';
import type { AppConfig, CategoryGroup, CommuneFeature } from './types';

const CONFIG_KEY = 'signalement.config';

export function cachedConfig(): AppConfig | null {
  try {
    const raw = localStorage.getItem(CONFIG_KEY);
    return raw ? (JSON.parse(raw) as AppConfig) : null;
  } catch {
    return null;
  }
}

export async function loadConfig(): Promise<AppConfig | null> {
  try {
    const c = await api.config();
    try { localStorage.setItem(CONFIG_KEY, JSON.stringify(c)); } catch { /* storage full or disabled */ }
    return c;
  } catch {
    return cachedConfig();
  }
}

async function withFallback<T>(key: string, load: () => Promise<T>): Promise<T | null> {
  try {
    const v = await load();
    kvSet(key, v).catch(() => undefined);
    return v;
  } catch {
    return (await kvGet<T>(key).catch(() => undefined)) ?? null;
  }
}

let categoriesP: Promise<CategoryGroup[] | null> | null = null;
let communeP: Promise<CommuneFeature | null> | null = null;

export function loadCategories(): Promise<CategoryGroup[] | null> {
  if (!categoriesP) categoriesP = withFallback('categories', api.categories).then((v) => { if (!v) categoriesP = null; return v; });
  return categoriesP;
}

export function loadCommune(): Promise<CommuneFeature | null> {
  if (!communeP) communeP = withFallback('commune', api.commune).then((v) => { if (!v) communeP = null; return v; });
  return communeP;
}
