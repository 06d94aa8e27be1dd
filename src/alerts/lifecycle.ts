/**
 * The alert state machine, like PagerDuty / Grafana OnCall: open → acknowledged → snoozed →
 * resolved. Pure: given an alert, an action and `now`, it says what changes and what the audit
 * trail records, or why the action is refused. `alert-repository.ts` applies it atomically.
 */
import type { Actor, AlertRecord, AlertStatus } from '../insights/alert-record.js';

export const SNOOZE_HOURS = [1, 4, 24] as const;
export type SnoozeHours = (typeof SNOOZE_HOURS)[number];

export type AlertAction =
  | { type: 'acknowledge'; actor: Actor }
  | { type: 'snooze'; actor: Actor; hours: SnoozeHours }
  | { type: 'resolve'; actor: Actor }
  /** The metric has been back to normal for `days` days. */
  | { type: 'auto_resolve'; days: number }
  /** The snooze ran out: back to acknowledged (if someone had) or open. */
  | { type: 'expire_snooze' };

/** Column changes, in database column names, with ISO timestamps. */
export interface AlertPatch {
  status: AlertStatus;
  acknowledged_by?: string | null;
  acknowledged_at?: string | null;
  snoozed_until?: string | null;
  resolved_by?: string | null;
  resolved_at?: string | null;
  resolve_reason?: string | null;
}

export interface AuditEntry {
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

export type Transition =
  | { ok: true; patch: AlertPatch; audit: AuditEntry }
  | { ok: false; reason: 'resolved' | 'already_acknowledged' | 'not_snoozed' };

type State = Pick<AlertRecord, 'status' | 'acknowledgedAt' | 'snoozedUntil'>;

export function transition(alert: State, action: AlertAction, now: Date): Transition {
  const at = now.toISOString();
  if (alert.status === 'resolved') return { ok: false, reason: 'resolved' };
  switch (action.type) {
    case 'acknowledge':
      if (alert.status === 'acknowledged') return { ok: false, reason: 'already_acknowledged' };
      return {
        ok: true,
        patch: { status: 'acknowledged', acknowledged_by: action.actor.name, acknowledged_at: at, snoozed_until: null },
        audit: { actor: action.actor.id, action: 'acknowledged', details: { name: action.actor.name } },
      };
    case 'snooze': {
      const until = new Date(now.getTime() + action.hours * 3_600_000).toISOString();
      return {
        ok: true,
        patch: { status: 'snoozed', snoozed_until: until },
        audit: { actor: action.actor.id, action: 'snoozed', details: { name: action.actor.name, hours: action.hours, until } },
      };
    }
    case 'resolve':
      return {
        ok: true,
        patch: { status: 'resolved', resolved_by: action.actor.name, resolved_at: at, resolve_reason: 'manual', snoozed_until: null },
        audit: { actor: action.actor.id, action: 'resolved', details: { name: action.actor.name } },
      };
    case 'auto_resolve':
      return {
        ok: true,
        patch: { status: 'resolved', resolved_by: 'Herald', resolved_at: at, resolve_reason: 'auto', snoozed_until: null },
        audit: { actor: 'herald', action: 'auto_resolved', details: { normalDays: action.days } },
      };
    case 'expire_snooze':
      if (alert.status !== 'snoozed' || (alert.snoozedUntil !== null && Date.parse(alert.snoozedUntil) > now.getTime())) {
        return { ok: false, reason: 'not_snoozed' };
      }
      return {
        ok: true,
        patch: { status: alert.acknowledgedAt ? 'acknowledged' : 'open', snoozed_until: null },
        audit: { actor: 'herald', action: 'snooze_expired', details: {} },
      };
    default: {
      const never: never = action;
      return never;
    }
  }
}
