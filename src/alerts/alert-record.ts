/**
 * How the alert repository reads an `AlertRecord` out of `alerts`: the select list, with timestamps
 * as ISO 8601 UTC strings so both database drivers agree.
 */
const ts = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The select list that maps a row of `alerts` (aliased `a`) to an `AlertRecord` (src/insights/alert-record.ts). */
export const ALERT_COLUMNS = [
  'a.id::int as "id"', 'a.dedup_key as "dedupKey"', 'a.kind', 'a.audience', 'a.sku', 'a.title', 'a.category', 'a.metric',
  'a.observed::float8 as observed', 'a.expected::float8 as expected', 'a.expected_low::float8 as "expectedLow"',
  'a.expected_high::float8 as "expectedHigh"', 'a.severity', 'a.at_risk::float8 as "atRisk"', 'a.evidence', 'a.status',
  'a.group_id as "groupId"', `${ts('a.first_seen')} as "firstSeen"`, `${ts('a.last_seen')} as "lastSeen"`,
  'a.first_day::text as "firstDay"', 'a.scan_day::text as "scanDay"', 'a.acknowledged_by as "acknowledgedBy"',
  `${ts('a.acknowledged_at')} as "acknowledgedAt"`, `${ts('a.snoozed_until')} as "snoozedUntil"`,
  'a.resolved_by as "resolvedBy"', `${ts('a.resolved_at')} as "resolvedAt"`, 'a.resolve_reason as "resolveReason"',
  `${ts('a.last_notified_at')} as "lastNotifiedAt"`, 'a.notify_count::int as "notifyCount"',
  `${ts('a.resolved_notified_at')} as "resolvedNotifiedAt"`, 'a.explanation',
].join(', ');
