/**
 * An alert as stored (migration 005): the detector's candidate plus its lifecycle. Timestamps are
 * ISO 8601 UTC strings so both database drivers and JSON output agree.
 */
import type { AlertFacts, AlertKind } from '../insights/anomalies/candidate.js';

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

/** The system itself as an actor (auto-resolve, snooze expiry). */
export const HERALD_ACTOR: Actor = { id: 'herald', name: 'Herald' };

const ts = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The select list that maps a row of `alerts` (aliased `a`) to an `AlertRecord`. */
export const ALERT_COLUMNS = [
  'a.id::int as "id"', 'a.dedup_key as "dedupKey"', 'a.kind', 'a.sku', 'a.title', 'a.category', 'a.metric',
  'a.observed::float8 as observed', 'a.expected::float8 as expected', 'a.expected_low::float8 as "expectedLow"',
  'a.expected_high::float8 as "expectedHigh"', 'a.severity', 'a.at_risk::float8 as "atRisk"', 'a.evidence', 'a.status',
  'a.group_id as "groupId"', `${ts('a.first_seen')} as "firstSeen"`, `${ts('a.last_seen')} as "lastSeen"`,
  'a.first_day::text as "firstDay"', 'a.scan_day::text as "scanDay"', 'a.acknowledged_by as "acknowledgedBy"',
  `${ts('a.acknowledged_at')} as "acknowledgedAt"`, `${ts('a.snoozed_until')} as "snoozedUntil"`,
  'a.resolved_by as "resolvedBy"', `${ts('a.resolved_at')} as "resolvedAt"`, 'a.resolve_reason as "resolveReason"',
  `${ts('a.last_notified_at')} as "lastNotifiedAt"`, 'a.notify_count::int as "notifyCount"',
  `${ts('a.resolved_notified_at')} as "resolvedNotifiedAt"`, 'a.explanation',
].join(', ');
