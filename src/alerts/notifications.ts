/**
 * What the sender should (re)announce — the scheduler and `herald send alerts` call these; quiet
 * hours are applied per subscription by the caller (`quiet-hours.ts`).
 */
import type { AlertSettings } from '../config.js';
import type { Queryable } from '../data/store.js';
import { ALERT_COLUMNS } from './alert-record.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { recordEvents } from './alert-repository.js';
import type { AlertAudience } from '../insights/self-alert-kinds.js';

export type NotificationReason = 'new' | 'repeat' | 'resolved';

export interface DueNotification {
  alert: AlertRecord;
  reason: NotificationReason;
}

/** Open alerts never announced yet (of one audience: the shop's, or Herald's own `ops`). */
export async function dueNewNotifications(db: Queryable, audience: AlertAudience = 'alerts'): Promise<AlertRecord[]> {
  return db.query<AlertRecord & Record<string, unknown>>(
    `select ${ALERT_COLUMNS} from alerts a where a.status = 'open' and a.last_notified_at is null and a.audience = $1 order by a.id`,
    [audience],
  );
}

/**
 * Unacknowledged critical alerts whose last notice is older than the repeat interval (default
 * 4 h). Acknowledged, snoozed and resolved alerts are never repeated.
 */
export async function dueRenotifications(
  db: Queryable,
  now: Date,
  settings: Pick<AlertSettings, 'repeatCriticalHours'> = { repeatCriticalHours: 4 },
  audience: AlertAudience = 'alerts',
): Promise<AlertRecord[]> {
  const cutoff = new Date(now.getTime() - settings.repeatCriticalHours * 3_600_000).toISOString();
  return db.query<AlertRecord & Record<string, unknown>>(
    `select ${ALERT_COLUMNS} from alerts a
      where a.status = 'open' and a.severity = 'critical' and a.last_notified_at is not null and a.last_notified_at <= $1::timestamptz
        and a.audience = $2
      order by a.id`,
    [cutoff, audience],
  );
}

/** Auto-resolved alerts that had been announced and whose "resolved" notice has not gone out. */
export async function dueResolvedNotices(db: Queryable, audience: AlertAudience = 'alerts'): Promise<AlertRecord[]> {
  return db.query<AlertRecord & Record<string, unknown>>(
    `select ${ALERT_COLUMNS} from alerts a
      where a.status = 'resolved' and a.resolve_reason = 'auto' and a.last_notified_at is not null and a.resolved_notified_at is null
        and a.audience = $1
      order by a.id`,
    [audience],
  );
}

/** Everything due now, in one list: new, then repeats, then resolved notices. */
export async function dueNotifications(
  db: Queryable,
  now: Date,
  settings: Pick<AlertSettings, 'repeatCriticalHours'>,
  audience: AlertAudience = 'alerts',
): Promise<DueNotification[]> {
  const fresh = await dueNewNotifications(db, audience);
  const repeat = await dueRenotifications(db, now, settings, audience);
  const resolved = await dueResolvedNotices(db, audience);
  return [
    ...fresh.map((alert) => ({ alert, reason: 'new' as const })),
    ...repeat.map((alert) => ({ alert, reason: 'repeat' as const })),
    ...resolved.map((alert) => ({ alert, reason: 'resolved' as const })),
  ];
}

/** Records that notices went out (after the outbox accepted them). */
export async function markNotified(db: Queryable, ids: readonly number[], reason: NotificationReason, now: Date): Promise<void> {
  if (ids.length === 0) return;
  const list = `{${ids.join(',')}}`;
  if (reason === 'resolved') {
    await db.query('update alerts set resolved_notified_at = $2::timestamptz where id = any($1::text::bigint[])', [list, now.toISOString()]);
  } else {
    await db.query(
      'update alerts set last_notified_at = $2::timestamptz, notify_count = notify_count + 1 where id = any($1::text::bigint[])',
      [list, now.toISOString()],
    );
  }
  await recordEvents(db, ids.map((alertId) => ({ alertId, at: now, actor: 'herald', action: `notified_${reason}`, details: {} })));
}
