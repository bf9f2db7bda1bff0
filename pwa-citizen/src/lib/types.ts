// The citizen app's names for the backend API's shapes. They are generated from the backend's OpenAPI
// document (web-common/src/api.gen.ts, npm run gen:api): a backend change that breaks the app breaks its build.
// Nullable<…> names the fields the backend may send as null (the document does not say).
import type { Nullable } from '@signalement/web-common/api';
import type { components } from '@signalement/web-common/api-types';

type Schemas = components['schemas'];

/** GET /api/v1/config. push: the web-push settings, a free-form object in the API document. */
export type AppConfig = Omit<Nullable<Schemas['Config'], 'logoUrl'>, 'push'> & {
  push: { enabled: boolean; firebase: Record<string, string> | null } | null;
};
export type Category = Schemas['CategoryView'];
export type CategoryGroup = Schemas['Group'];
export type ServiceContact = Nullable<Schemas['ServiceContact'], 'email' | 'phone' | 'address'>;
/** The answer to a report (POST /api/v1/reports) and to a "me too" (POST /api/v1/alerts/{id}/support). */
export type Acknowledgement = Omit<Nullable<Schemas['Acknowledgement'], 'dueAt' | 'quartier' | 'address'>, 'service'> & {
  service: ServiceContact | null;
};
export type NearbyAlert = Nullable<Schemas['Nearby'], 'address' | 'thumbnailUrl'>;
export type TimelineEntry = Nullable<Schemas['FollowUpStep'], 'note'>;
/** GET /api/v1/reports/{trackingNumber}: what a citizen sees of their report. */
export type FollowUp = Omit<Nullable<Schemas['View'], 'dueAt' | 'address' | 'quartier'>, 'service' | 'timeline'> & {
  service: ServiceContact | null;
  timeline: TimelineEntry[];
};
/** What the app sends: a report from the PWA (optional fields left out when empty). */
export type ReportPayload = Partial<Schemas['ReportRequest']> & Pick<Schemas['ReportRequest'], 'categoryCode' | 'lat' | 'lon'> & { channel: 'pwa' };

// GeoJSON of GET /api/v1/geo/commune (not described by the API document: only what the app uses).
export type Position = number[];
export interface PolygonGeometry { type: 'Polygon'; coordinates: Position[][] }
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: Position[][][] }
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
export interface CommuneFeature {
  type: 'Feature';
  geometry: AreaGeometry;
  properties: { name: string; inseeCode: string; territory?: string; territoryName?: string; primaryColor?: string; accentColor?: string; logoUrl?: string | null };
}

/** GET /api/v1/geo/communes: every commune the deployment serves (one app for all of them). */
export interface CommuneCollection {
  type: 'FeatureCollection';
  features: CommuneFeature[];
}
