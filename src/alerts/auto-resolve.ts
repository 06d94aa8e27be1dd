/**
 * Auto-resolve: an alert whose problem was not found again resolves itself once its metric has been
 * back to normal for N days of data (the last day it fired is `scan_day`). `etl_stale` resolves at
 * the first check that finds a fresh run. Each resolution is audited and later announced
 * ("resolved" notice, see `notifications.ts`).
 */
import type { AlertSettings } from '../config.js';
import type { Store } from '../data/store.js';
import { daysBetween } from '../time/days.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { applyAction, listAlerts } from './alert-repository.js';

export interface AutoResolveInput {
  /** The data day just scanned. */
  date: string;
  /** Dedup keys found on `date` (still firing: never resolved). */
  firing: ReadonlySet<string>;
  /** Whether this scan checked ETL freshness (else `etl_stale` stays as it is). */
  etlChecked: boolean;
  now: Date;
  settings: Pick<AlertSettings, 'autoResolveDays'>;
}

export async function autoResolve(store: Store, input: AutoResolveInput): Promise<AlertRecord[]> {
  // Self-alerts resolve by their own rules (self-alerts.ts), never by a shop scan.
  const active = await listAlerts(store, { statuses: ['open', 'acknowledged', 'snoozed'], audience: 'alerts' });
  const resolved: AlertRecord[] = [];
  for (const alert of active) {
    if (input.firing.has(alert.dedupKey)) continue;
    const normalDays = daysBetween(alert.scanDay, input.date);
    const due = alert.kind === 'etl_stale' ? input.etlChecked : normalDays >= input.settings.autoResolveDays;
    if (!due) continue;
    const r = await applyAction(store, alert.id, { type: 'auto_resolve', days: Math.max(normalDays, 0) }, input.now);
    if (r.ok) resolved.push(r.alert);
  }
  return resolved;
}

/** Snoozes that ran out go back to open / acknowledged; returns the alerts that woke up. */
export async function expireSnoozes(store: Store, now: Date): Promise<AlertRecord[]> {
  const snoozed = await listAlerts(store, { statuses: ['snoozed'] });
  const woke: AlertRecord[] = [];
  for (const alert of snoozed) {
    if (alert.snoozedUntil && Date.parse(alert.snoozedUntil) > now.getTime()) continue;
    const r = await applyAction(store, alert.id, { type: 'expire_snooze' }, now);
    if (r.ok) woke.push(r.alert);
  }
  return woke;
}
