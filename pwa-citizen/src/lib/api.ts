// The citizen app's calls to the backend API, over web-common's request() (timeouts, problem+json errors).
import { GEOJSON, request } from '@signalement/web-common/api';
import type { Acknowledgement, AppConfig, CategoryGroup, CommuneCollection, CommuneFeature, FollowUp, NearbyAlert } from './types';

export const api = {
  config: () => request<AppConfig>('/api/v1/config', {}, fetch, 10000),
  commune: () => request<CommuneFeature>('/api/v1/geo/commune', { headers: { Accept: GEOJSON } }, fetch, 15000),
  categories: () => request<CategoryGroup[]>('/api/v1/categories', {}, fetch, 10000),
  /** The catalogue of one served commune (its territory's categories and who handles them there). */
  categoriesOf: (inseeCode: string) =>
    request<CategoryGroup[]>(`/api/v1/categories?commune=${encodeURIComponent(inseeCode)}`, {}, fetch, 10000),
  communes: () => request<CommuneCollection>('/api/v1/geo/communes', { headers: { Accept: GEOJSON } }, fetch, 15000),
  /** Open alerts around a point: of the category's group when a category is given, of any kind otherwise. */
  nearby: (lat: number, lon: number, categoryCode?: string | null) =>
    request<NearbyAlert[]>(
      `/api/v1/alerts/nearby?lat=${encodeURIComponent(lat)}&lon=${encodeURIComponent(lon)}${categoryCode ? `&categoryCode=${encodeURIComponent(categoryCode)}` : ''}`,
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
