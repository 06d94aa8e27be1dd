/**
 * Stores self-alerts in `alerts` with `audience = 'ops'`, under the same rule as the shop's: a key
 * with an unresolved alert updates it (never a second row), a new key opens one. A key a person
 * resolved while its cause lasts is left closed for `reopenAfterHours`, so "resolve" is heard.
 */
import type { Store } from '../data/store.js';
import { recordEvents } from './alert-repository.js';
import type { SelfAlertCandidate } from './self-alert-rules.js';

export interface UpsertSelfAlertsOptions {
  /** Today in the shop's zone: the alert's `scan_day`. */
  today: string;
  now: Date;
  reopenAfterHours: number;
}

export async function upsertSelfAlerts(
  store: Store,
  candidates: readonly SelfAlertCandidate[],
  o: UpsertSelfAlertsOptions,
): Promise<{ opened: number[]; updated: number[] }> {
  if (candidates.length === 0) return { opened: [], updated: [] };
  return store.transaction(async (tx) => {
    const since = new Date(o.now.getTime() - o.reopenAfterHours * 3_600_000).toISOString();
    const closed = await tx.query<{ key: string }>(
      `select distinct dedup_key as key from alerts
        where audience = 'ops' and status = 'resolved' and resolve_reason = 'manual' and resolved_at > $1::timestamptz
          and dedup_key = any(string_to_array($2, chr(31)))`,
      [since, candidates.map((c) => c.dedupKey).join('\u001f')],
    );
    const skip = new Set(closed.map((r) => r.key));
    const rows = candidates
      .filter((c) => !skip.has(c.dedupKey))
      .map((c) => ({
        dedup_key: c.dedupKey, kind: c.kind, title: c.subject, metric: c.metric, observed: c.observed, expected: c.expected,
        expected_low: c.expectedLow, expected_high: c.expectedHigh, severity: c.severity, evidence: c.evidence,
      }));
    if (rows.length === 0) return { opened: [], updated: [] };
    const result = await tx.query<{ id: number; inserted: boolean }>(
      `with input as (
         select * from jsonb_to_recordset($1::text::jsonb) as x(dedup_key text, kind text, title text, metric text,
           observed float8, expected float8, expected_low float8, expected_high float8, severity text, evidence jsonb)
       )
       insert into alerts as a (dedup_key, kind, audience, sku, title, category, metric, observed, expected, expected_low,
         expected_high, severity, at_risk, evidence, group_id, status, first_seen, last_seen, first_day, scan_day)
       select dedup_key, kind, 'ops', null, title, null, metric, observed, expected, expected_low, expected_high, severity, 0,
         evidence, null, 'open', $2::timestamptz, $2::timestamptz, $3::date, $3::date from input
       on conflict (dedup_key) where status <> 'resolved' do update set
         observed = excluded.observed, expected = excluded.expected, expected_low = excluded.expected_low,
         expected_high = excluded.expected_high, severity = excluded.severity, evidence = excluded.evidence,
         last_seen = excluded.last_seen, scan_day = excluded.scan_day
       returning a.id::int as id, (xmax = 0) as inserted`,
      [JSON.stringify(rows), o.now.toISOString(), o.today],
    );
    const opened = result.filter((r) => r.inserted).map((r) => r.id);
    const updated = result.filter((r) => !r.inserted).map((r) => r.id);
    await recordEvents(tx, opened.map((alertId) => ({ alertId, at: o.now, actor: 'herald', action: 'opened', details: { day: o.today } })));
    return { opened, updated };
  });
}
