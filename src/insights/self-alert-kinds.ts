/**
 * Herald's alerts about itself (SPEC section 7): they live in the same `alerts` table and go
 * through the same lifecycle and buttons as the shop's, told apart by `audience = 'ops'`, and are
 * sent to the chats subscribed to `ops`. `etl_stale` is both a shop kind and a self kind: the same
 * detector, a day-keyed alert for the ops chats.
 */

export const SELF_ALERT_KINDS = [
  'model_errors',
  'latency_regression',
  'cost_spike',
  'budget_exceeded',
  'unpriced_model',
  'escalation_surge',
  'delivery_failures',
] as const;
export type SelfAlertKind = (typeof SELF_ALERT_KINDS)[number];

/** The number a self-alert judged: its unit decides how it is shown. */
export type SelfAlertMetric = 'error_rate' | 'latency_seconds' | 'cost_usd' | 'calls' | 'escalation_share' | 'failures';

/** Who an alert is for: the shop team (`alerts`) or the team running Herald (`ops`). */
export type AlertAudience = 'alerts' | 'ops';

export function isSelfAlertKind(kind: string): kind is SelfAlertKind {
  return (SELF_ALERT_KINDS as readonly string[]).includes(kind);
}

/** The runbooks' default place: the repository's operations guide (`selfAlerts.runbookUrl`). */
export const DEFAULT_RUNBOOK_URL = 'docs/operations.md';

/** The runbook section of a kind: `docs/operations.md#model_errors` (a heading per kind there). */
export function runbookLink(base: string, kind: string): string {
  return `${base}#${kind}`;
}
