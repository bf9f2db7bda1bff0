// Types mirroring docs/api.md (v1). Field names must match the backend contract exactly.

export interface AppConfig {
  communeName: string;
  inseeCode: string;
  primaryColor: string;
  accentColor: string;
  logoUrl: string | null;
  retentionDays: number;
  reopenDays: number;
  center: { lat: number; lon: number };
  bbox: [number, number, number, number];
  push: { enabled: boolean; firebase: Record<string, string> | null } | null;
  /** Optional runtime override of the basemap tile URL (not in the v1 contract; ignored when absent). */
  tileUrl?: string | null;
}

export interface Category {
  code: string;
  label: string;
  group: string;
  deadlineHours: number;
  dedupRadiusM: number;
  serviceName: string;
}

export interface CategoryGroup {
  group: string;
  categories: Category[];
}

export interface ServiceContact {
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
}

export interface Acknowledgement {
  trackingNumber: string;
  receivedAt: string;
  status: string;
  statusLabel: string;
  category: { code: string; label: string };
  service: ServiceContact | null;
  dueAt: string | null;
  alertId: number;
  joinedExistingAlert: boolean;
  reportCount: number;
  quartier: string | null;
  address: string | null;
  followToken: string;
  followUrl: string;
}

export interface NearbyAlert {
  alertId: number;
  distanceM: number;
  reportCount: number;
  status: string;
  statusLabel: string;
  category: { code: string; label: string };
  address: string | null;
  thumbnailUrl: string | null;
  firstReportAt: string;
}

export interface TimelineEntry {
  at: string;
  status: string;
  statusLabel: string;
  note?: string | null;
}

export interface FollowUp {
  trackingNumber: string;
  status: string;
  statusLabel: string;
  category: { code: string; label: string };
  receivedAt: string;
  dueAt: string | null;
  address: string | null;
  quartier: string | null;
  service: ServiceContact | null;
  reportCount: number;
  photos: { url: string; thumbnailUrl: string }[];
  afterPhotos: { url: string; thumbnailUrl: string }[];
  timeline: TimelineEntry[];
  canReopen: boolean;
}

export interface ReportPayload {
  categoryCode: string;
  lat: number;
  lon: number;
  accuracyM?: number;
  description?: string;
  contactEmail?: string;
  channel: 'pwa';
}

// Minimal GeoJSON types (only what the app uses).
export type Position = number[];
export interface PolygonGeometry { type: 'Polygon'; coordinates: Position[][] }
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: Position[][][] }
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
export interface CommuneFeature {
  type: 'Feature';
  geometry: AreaGeometry;
  properties: { name: string; inseeCode: string };
}
