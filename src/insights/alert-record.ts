/**
 * An alert as stored (migration 005): the detector's candidate plus its lifecycle, and its audit
 * trail. Timestamps are ISO 8601 UTC strings so both database drivers and JSON output agree.
 * Types only: the SQL that reads them is in src/alerts/.
 */
import type { AlertFacts, AlertKind } from './anomalies/candidate.js';

export const ALERT_STATUSES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertRecord extends AlertFacts {
  id: number;
  kind: AlertKind;
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
