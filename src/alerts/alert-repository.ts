/**
 * SQL over `alerts` and `alert_events`. Every state change and its audit row are written in one
 * transaction, with the row locked, so two people tapping at once cannot both win.
 */
import type { AlertCandidate } from '../insights/anomalies/candidate.js';
import type { Queryable, Store } from '../data/store.js';
import { ALERT_COLUMNS } from './alert-record.js';
import type { AlertRecord, AlertStatus, AuditRow } from '../insights/alert-record.js';
import type { AlertAudience } from '../insights/self-alert-kinds.js';
import { transition, type AlertAction, type AlertPatch, type AuditEntry } from './lifecycle.js';

export async function getAlert(db: Queryable, id: number): Promise<AlertRecord | null> {
  const [row] = await db.query<AlertRecord & Record<string, unknown>>(`select ${ALERT_COLUMNS} from alerts a where a.id = $1`, [id]);
  return row ?? null;
}

/** Alerts by id, in no particular order (missing ids are left out). */
export async function getAlerts(db: Queryable, ids: readonly number[]): Promise<AlertRecord[]> {
  if (ids.length === 0) return [];
  return db.query<AlertRecord & Record<string, unknown>>(`select ${ALERT_COLUMNS} from alerts a where a.id = any($1::text::bigint[])`, [`{${ids.join(',')}}`]);
}

/** The stored row of each dedup key: the unresolved one, else the latest. */
export async function currentByDedupKey(db: Queryable, keys: readonly string[]): Promise<AlertRecord[]> {
  if (keys.length === 0) return [];
  return db.query<AlertRecord & Record<string, unknown>>(
    `select distinct on (a.dedup_key) ${ALERT_COLUMNS} from alerts a
      where a.dedup_key = any(string_to_array($1, chr(31)))
      order by a.dedup_key, (a.status <> 'resolved') desc, a.id desc`,
    [keys.join('\u001f')],
  );
}

/** Stores a model's one-sentence explanation of an alert. */
export async function setExplanation(db: Queryable, id: number, explanation: string): Promise<void> {
  await db.query('update alerts set explanation = $2 where id = $1', [id, explanation]);
}

export interface AlertFilter {
  statuses?: readonly AlertStatus[];
  groupId?: string;
  ids?: readonly number[];
  /** Only the shop's alerts (`alerts`) or only Herald's self-alerts (`ops`); default both. */
  audience?: AlertAudience;
}

/** Alerts matching the filter, most severe and most recent first. */
export async function listAlerts(db: Queryable, filter: AlertFilter = {}): Promise<AlertRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.statuses) {
    params.push(`{${filter.statuses.join(',')}}`);
    where.push(`a.status = any($${params.length}::text[])`);
  }
  if (filter.groupId !== undefined) {
    params.push(filter.groupId);
    where.push(`a.group_id = $${params.length}`);
  }
  if (filter.audience !== undefined) {
    params.push(filter.audience);
    where.push(`a.audience = $${params.length}`);
  }
  if (filter.ids) {
    params.push(`{${filter.ids.join(',')}}`);
    where.push(`a.id = any($${params.length}::text::bigint[])`);
  }
  return db.query<AlertRecord & Record<string, unknown>>(
    `select ${ALERT_COLUMNS} from alerts a ${where.length ? `where ${where.join(' and ')}` : ''}
     order by case a.severity when 'critical' then 0 when 'warning' then 1 else 2 end, a.at_risk desc, a.id`,
    params,
  );
}

export type ActionResult =
  | { ok: true; alert: AlertRecord }
  | { ok: false; reason: 'not_found' | 'resolved' | 'already_acknowledged' | 'not_snoozed'; alert: AlertRecord | null };

/** Applies one lifecycle action to one alert: state change + audit row, atomically. */
export async function applyAction(store: Store, id: number, action: AlertAction, now: Date): Promise<ActionResult> {
  return store.transaction(async (tx) => {
    const [locked] = await tx.query<{ id: number }>('select id::int as id from alerts where id = $1 for update', [id]);
    if (!locked) return { ok: false, reason: 'not_found', alert: null };
    const alert = (await getAlert(tx, id))!;
    const t = transition(alert, action, now);
    if (!t.ok) return { ok: false, reason: t.reason, alert };
    await writePatch(tx, id, t.patch);
    await recordEvents(tx, [{ alertId: id, at: now, ...t.audit }]);
    return { ok: true, alert: (await getAlert(tx, id))! };
  });
}

async function writePatch(db: Queryable, id: number, patch: AlertPatch): Promise<void> {
  const entries = Object.entries(patch);
  const sets = entries.map(([col, _], i) => `${col} = $${i + 2}${col.endsWith('_at') || col === 'snoozed_until' ? '::timestamptz' : ''}`);
  await db.query(`update alerts set ${sets.join(', ')} where id = $1`, [id, ...entries.map(([, v]) => v)]);
}

export interface EventInput extends AuditEntry {
  alertId: number;
  at: Date;
}

export async function recordEvents(db: Queryable, events: readonly EventInput[]): Promise<void> {
  if (events.length === 0) return;
  const json = JSON.stringify(events.map((e) => ({ alert_id: e.alertId, at: e.at.toISOString(), actor: e.actor, action: e.action, details: e.details })));
  await db.query(
    `insert into alert_events (alert_id, at, actor, action, details)
     select x.alert_id, x.at, x.actor, x.action, coalesce(x.details, '{}'::jsonb)
       from jsonb_to_recordset($1::text::jsonb) as x(alert_id bigint, at timestamptz, actor text, action text, details jsonb)`,
    [json],
  );
}


/** The audit trail of one alert, oldest first. */
export async function alertEvents(db: Queryable, alertId: number): Promise<AuditRow[]> {
  return db.query<AuditRow & Record<string, unknown>>(
    `select alert_id::int as "alertId", to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, actor, action, details
       from alert_events where alert_id = $1 order by id`,
    [alertId],
  );
}

export interface StoredCandidate {
  candidate: AlertCandidate;
  groupId: string | null;
}

/**
 * Stores a day's candidates: a key with an unresolved alert updates it (never a second row); a new
 * key opens one. A rescan of an older day never overwrites newer figures, and a problem a person
 * resolved is not reopened by a rescan of the same day. Returns the ids opened and updated.
 */
export async function upsertCandidates(store: Store, items: readonly StoredCandidate[], date: string, now: Date): Promise<{ opened: number[]; updated: number[] }> {
  if (items.length === 0) return { opened: [], updated: [] };
  return store.transaction(async (tx) => {
    const keys = items.map((i) => i.candidate.dedupKey);
    const closed = await tx.query<{ key: string }>(
      `select distinct dedup_key as key from alerts
        where status = 'resolved' and resolve_reason = 'manual' and scan_day >= $1::date
          and dedup_key = any(string_to_array($2, chr(31)))`,
      [date, keys.join('\u001f')],
    );
    const skip = new Set(closed.map((r) => r.key));
    const rows = items
      .filter((i) => !skip.has(i.candidate.dedupKey))
      .map(({ candidate: c, groupId }) => ({
        dedup_key: c.dedupKey, kind: c.kind, sku: c.sku, title: c.title, category: c.category, metric: c.metric,
        observed: c.observed, expected: c.expected, expected_low: c.expectedLow, expected_high: c.expectedHigh,
        severity: c.severity, at_risk: c.atRisk, evidence: c.evidence, group_id: groupId,
      }));
    if (rows.length === 0) return { opened: [], updated: [] };
    const result = await tx.query<{ id: number; inserted: boolean; severity: string; previous: string | null }>(
      `with input as (
         select * from jsonb_to_recordset($1::text::jsonb) as x(dedup_key text, kind text, sku text, title text, category text,
           metric text, observed float8, expected float8, expected_low float8, expected_high float8, severity text,
           at_risk float8, evidence jsonb, group_id text)
       )
       insert into alerts as a (dedup_key, kind, sku, title, category, metric, observed, expected, expected_low, expected_high,
         severity, at_risk, evidence, group_id, status, first_seen, last_seen, first_day, scan_day)
       select dedup_key, kind, sku, title, category, metric, observed, expected, expected_low, expected_high,
         severity, at_risk, evidence, group_id, 'open', $2::timestamptz, $2::timestamptz, $3::date, $3::date from input
       on conflict (dedup_key) where status <> 'resolved' do update set
         observed = excluded.observed, expected = excluded.expected, expected_low = excluded.expected_low,
         expected_high = excluded.expected_high, severity = excluded.severity, at_risk = excluded.at_risk,
         evidence = excluded.evidence, group_id = excluded.group_id, title = excluded.title, category = excluded.category,
         last_seen = excluded.last_seen, scan_day = excluded.scan_day
       where excluded.scan_day >= a.scan_day
       returning a.id::int as id, (xmax = 0) as inserted, a.severity`,
      [JSON.stringify(rows), now.toISOString(), date],
    );
    const opened = result.filter((r) => r.inserted).map((r) => r.id);
    const updated = result.filter((r) => !r.inserted).map((r) => r.id);
    await recordEvents(tx, [
      ...opened.map((alertId) => ({ alertId, at: now, actor: 'herald', action: 'opened', details: { day: date } })),
      ...updated.map((alertId) => ({ alertId, at: now, actor: 'herald', action: 'updated', details: { day: date } })),
    ]);
    return { opened, updated };
  });
}
