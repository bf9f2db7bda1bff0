// The console's names for the staff API's shapes. They are generated from the backend's OpenAPI document
// (web-common/src/api.gen.ts, npm run gen:api): a backend change that breaks the console breaks its build.
// Nullable<…> names the fields the backend may send as null (the document does not say).
import type { Nullable } from '@signalement/web-common/api';
import type { components } from '@signalement/web-common/api-types';

type Schemas = components['schemas'];

export type User = Nullable<Schemas['UserView'], 'teamId'>;
/** The tokens from POST /api/v1/auth/login or /refresh, and when they were obtained (ms since epoch). */
export type Session = Omit<Schemas['Tokens'], 'user'> & { user: User; obtainedAt: number };

export type DueStatus = 'ON_TIME' | 'DUE_SOON' | 'OVERDUE';
export type Ref = Schemas['Ref'];

export type AlertSummary = Nullable<Schemas['Summary'], 'service' | 'team' | 'agent' | 'address' | 'quartier' | 'channel' | 'thumbnailUrl' | 'distanceM'>;
/** GET /api/v1/alerts (Page1 is the generated name of the alert list's page). */
export type AlertPage = Omit<Nullable<Schemas['AlertPage'], 'counts'>, 'items'> & { items: AlertSummary[] };
export type PhotoRef = Schemas['AlertPhoto'];
export type ReportView = Nullable<Schemas['ReportView'], 'description' | 'publicDescription' | 'contactEmail'>;
export type TimelineEntry = Nullable<Schemas['AlertStep'], 'actor' | 'from' | 'to' | 'note' | 'reason'>;
/** A forwarded alert's sending to the competent organisation over Open311 (lib/forwarding.ts). */
export type Forwarding = Nullable<Schemas['AlertForwarding'], 'lastError' | 'remoteId' | 'remoteStatus' | 'remoteStatusLabel' | 'nextAt' | 'sentAt'>;
/** GET /api/v1/alerts/{id}, its summary ("alert") lifted to the top level (lib/alerts.ts normalizeDetail). */
export type AlertDetail = AlertSummary & Omit<Nullable<Schemas['Detail'], 'rejectReason' | 'forwardedTo' | 'mergedIntoId' | 'work' | 'proof'>,
  'alert' | 'reports' | 'timeline' | 'nearby' | 'forwarding'> & {
  reports: ReportView[];
  timeline: TimelineEntry[];
  nearby: AlertSummary[];
  /** Null when the alert was not sent over Open311 (not forwarded, or to an organisation without an endpoint). */
  forwarding: Forwarding | null;
};
/** A dispatcher's message to the reporters and how far its delivery got (POST and GET /api/v1/alerts/{id}/messages). */
export type MessageState = Nullable<Schemas['MessageState'], 'author'>;
/** The answer to a report taken by phone (POST /api/v1/reports). */
export type Acknowledgement = Nullable<Schemas['Acknowledgement'], 'dueAt' | 'quartier' | 'address' | 'service'>;

export type Category = Schemas['CategoryView'];
export type CategoryGroup = Schemas['Group'];
export type Service = Schemas['ServiceView'];
export type Team = Schemas['TeamView'];
export type Agent = Schemas['AgentView'];
export type Quartier = Schemas['QuartierRef'];

export type Config = Schemas['Config'];

/** One dashboard table (GET /api/v1/stats/...). Its cells are a free-form map in the API document. */
export type StatsTable = Omit<Schemas['Table'], 'rows' | 'total'> & { rows: Row[]; total: Row | null };
export type Column = Schemas['Column'];
export type Row = Record<string, string | number | boolean | null>;
