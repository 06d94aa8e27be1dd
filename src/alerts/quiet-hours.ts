/**
 * Quiet hours per subscription: a notification falling inside them waits until they end —
 * critical ones too unless `criticalBypassesQuietHours`. Times are wall-clock in the
 * subscription's zone; a window may cross midnight (22:00–08:00).
 */
import type { Severity } from '../insights/anomalies/candidate.js';
import { localMinutes, toMinutes } from '../insights/anomalies/etl.js';

export interface QuietHours {
  /** HH:MM, start of the quiet window (inclusive). */
  from: string;
  /** HH:MM, end of the quiet window (exclusive). */
  to: string;
}

export interface QuietSubscription {
  timeZone: string;
  quietHours?: QuietHours | null;
}

export function isQuiet(subscription: QuietSubscription, now: Date): boolean {
  return minutesOfQuietLeft(subscription, now) > 0;
}

/**
 * When a notification of `severity` may go out: `now`, or the end of the quiet window. The end is
 * computed as "now + minutes left" so a DST switch inside the window shifts it by at most an hour.
 */
export function notifyAt(subscription: QuietSubscription, severity: Severity, now: Date, criticalBypassesQuietHours = false): Date {
  if (severity === 'critical' && criticalBypassesQuietHours) return now;
  const left = minutesOfQuietLeft(subscription, now);
  if (left === 0) return now;
  const startOfMinute = now.getTime() - (now.getTime() % 60_000);
  return new Date(startOfMinute + left * 60_000);
}

function minutesOfQuietLeft(s: QuietSubscription, now: Date): number {
  if (!s.quietHours) return 0;
  const from = toMinutes(s.quietHours.from);
  const to = toMinutes(s.quietHours.to);
  if (from === to) return 0;
  const m = localMinutes(now, s.timeZone);
  const inside = from < to ? m >= from && m < to : m >= from || m < to;
  if (!inside) return 0;
  return (to - m + 1440) % 1440;
}
