/**
 * The buttons under an alert: Acknowledge, Snooze ▾ (1 h / 4 h / 24 h), Resolve, Details. Their
 * data is `alert:<id>:<action>` (Telegram allows 64 bytes of callback_data; an id and a short
 * action fit easily). A grouped message carries its lead alert's id; the handler acts on the group.
 */
import type { Locale } from '../config.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { encodeCallbackData } from '../messages/callback-data.js';
import type { Button } from '../messages/message.js';
import { alertText } from '../locales/alerts.js';

export const ALERT_BUTTON_ACTIONS = ['ack', 'snz1', 'snz4', 'snz24', 'res', 'det'] as const;
export type AlertButtonAction = (typeof ALERT_BUTTON_ACTIONS)[number];

export function alertButtonData(id: number, action: AlertButtonAction): string {
  return encodeCallbackData({ kind: 'alert', id: String(id), action });
}

/**
 * Rows of buttons for the alert's state: a resolved alert keeps only Details. `details: false`
 * leaves Details out, for the Details view itself (which carries the lifecycle buttons, so an
 * alert reached from `/alerts` can be acted on where it is read).
 */
export function alertButtons(alert: Pick<AlertRecord, 'id' | 'status'>, locale: Locale, o: { details?: boolean } = {}): Button[][] {
  const t = alertText[locale].buttons;
  const b = (label: string, action: AlertButtonAction): Button => ({ label, data: alertButtonData(alert.id, action) });
  const details = o.details === false ? [] : [b(t.details, 'det')];
  if (alert.status === 'resolved') return details.length ? [details] : [];
  const first = alert.status === 'acknowledged' ? [b(t.resolve, 'res'), ...details] : [b(t.ack, 'ack'), b(t.resolve, 'res'), ...details];
  return [first, [b(t.snooze1, 'snz1'), b(t.snooze4, 'snz4'), b(t.snooze24, 'snz24')]];
}
