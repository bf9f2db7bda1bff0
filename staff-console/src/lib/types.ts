// Shapes of the staff API (docs/api.md, "Dispatch" and "Staff: sign-in").

export interface User { id: number; username: string; displayName: string; roles: string[]; teamId: number | null; serviceIds: number[] }
export interface Session { accessToken: string; refreshToken: string; expiresIn: number; user: User; obtainedAt: number }

export type DueStatus = 'ON_TIME' | 'DUE_SOON' | 'OVERDUE';
export interface Ref { id: number; name: string }

export interface AlertSummary {
  id: number; version: number; status: string; statusLabel: string;
  category: { code: string; label: string; group?: string };
  service: Ref | null; team: Ref | null; agent: Ref | null;
  lat: number; lon: number; address: string | null; quartier: { code: string; name: string } | null;
  channel: string | null; reportCount: number; firstReportAt: string; lastReportAt: string; dueAt: string;
  dueStatus: DueStatus; reopenedCount: number; thumbnailUrl: string | null;
}

export interface PhotoRef { id: number; url: string; thumbnailUrl: string }
export interface ReportView {
  id: number; trackingNumber: string; receivedAt: string; channel: string; description: string | null;
  contactEmail: string | null; support: boolean; photos: PhotoRef[];
}
export interface TimelineEntry { at: string; type: string; actor: string | null; from: string | null; to: string | null; note: string | null; reason: string | null }
export interface AlertDetail extends AlertSummary {
  reports: ReportView[]; afterPhotos: PhotoRef[]; timeline: TimelineEntry[]; nearby: AlertSummary[];
  allowedTransitions: string[]; rejectReason: string | null; forwardedTo: string | null; mergedIntoId: number | null;
  work?: unknown;
}
export interface Page<T> { total: number; items: T[] }

export interface Category { code: string; label: string; group: string; deadlineHours: number; serviceName: string }
export interface CategoryGroup { group: string; categories: Category[] }
export interface Service { id: number; name: string; code?: string }
export interface Team { id: number; name: string; serviceId?: number }
export interface Agent { id: number; displayName?: string; name?: string; username?: string }
export interface Quartier { code: string; name: string }

export interface Config { communeName: string; center: { lat: number; lon: number }; bbox: number[]; primaryColor?: string }

export interface Column { key: string; title: string; kind: 'text' | 'count' | 'hours' | 'ratio' | 'share' }
export type Row = Record<string, string | number | null>;
export interface StatsTable {
  name: string; title: string; from: string; to: string; asOf: string; dimension: string;
  columns: Column[]; total: Row | null; rows: Row[];
}
