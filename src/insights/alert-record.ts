/**
 * An alert as stored (migration 005): the detector's candidate plus its lifecycle, and its audit
 * trail. Timestamps are ISO 8601 UTC strings so both database drivers and JSON output agree.
 * Types only: the SQL that reads them is in src/alerts/.
 */
import type { AlertFacts, AlertKind, AlertMetric } from './anomalies/candidate.js';
import type { SelfAlertKind, SelfAlertMetric } from './self-alert-kinds.js';

export const ALERT_STATUSES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Any stored alert's kind: a shop detector's or one of Herald's self-alerts. */
export type AnyAlertKind = AlertKind | SelfAlertKind;
export type AnyAlertMetric = AlertMetric | SelfAlertMetric;

/** The lifecycle every stored alert has, the shop's and Herald's own alike. */
export interface AlertLifecycle {
  id: number;
  status: AlertStatus;
  groupId: string | null;
  firstSeen: string;
  lastSeen: string;
  /** The first and the latest data day the problem was seen on. */
  firstDay: string;
  scanDay: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  snoozedUntil: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** `manual` (a person) or `auto` (back to normal). */
  resolveReason: string | null;
  lastNotifiedAt: string | null;
  notifyCount: number;
  resolvedNotifiedAt: string | null;
  explanation: string | null;
}

/** A shop alert from the daily scan (`audience = 'alerts'`). */
export interface ShopAlertRecord extends AlertFacts, AlertLifecycle {
  kind: AlertKind;
  audience: 'alerts';
}

/**
 * One of Herald's self-alerts (`audience = 'ops'`, src/alerts/self-alerts.ts): no SKU; `title`
 * names its subject (a model, a route, a transport, a budget's scope).
 */
export interface SelfAlertRecord extends Omit<AlertFacts, 'metric'>, AlertLifecycle {
  kind: SelfAlertKind | 'etl_stale';
  metric: SelfAlertMetric | 'hours_since_etl';
  audience: 'ops';
}

export type AlertRecord = ShopAlertRecord | SelfAlertRecord;

export function isShopAlert(a: AlertRecord): a is ShopAlertRecord {
  return a.audience === 'alerts';
}

/** Who acted: a platform-qualified id for the audit trail and a name for people to read. */
export interface Actor {
  id: string;
  name: string;
}

/** One entry of an alert's audit trail. */
export interface AuditRow {
  alertId: number;
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}
