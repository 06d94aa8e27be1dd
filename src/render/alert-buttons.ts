/**
 * The buttons under an alert: Acknowledge, Snooze ▾ (1 h / 4 h / 24 h), Resolve, Details. Their
 * data is `alert:<id>:<action>` (Telegram allows 64 bytes of callback_data; an id and a short
 * action fit easily). A grouped message carries its lead alert's id; the handler acts on the group.
 */
import type { Locale } from '../config.js';
import type { AlertRecord } from '../alerts/alert-record.js';
import { encodeCallbackData } from '../chat/callback-data.js';
import type { Button } from '../messages/message.js';
import { alertText } from '../locales/alerts.js';

export const ALERT_BUTTON_ACTIONS = ['ack', 'snz1', 'snz4', 'snz24', 'res', 'det'] as const;
export type AlertButtonAction = (typeof ALERT_BUTTON_ACTIONS)[number];

export function alertButtonData(id: number, action: AlertButtonAction): string {
  return encodeCallbackData({ kind: 'alert', id: String(id), action });
}

/** Rows of buttons for the alert's state: a resolved alert keeps only Details. */
export function alertButtons(alert: Pick<AlertRecord, 'id' | 'status'>, locale: Locale): Button[][] {
  const t = alertText[locale].buttons;
  const b = (label: string, action: AlertButtonAction): Button => ({ label, data: alertButtonData(alert.id, action) });
  if (alert.status === 'resolved') return [[b(t.details, 'det')]];
  const first = alert.status === 'acknowledged' ? [b(t.resolve, 'res'), b(t.details, 'det')] : [b(t.ack, 'ack'), b(t.resolve, 'res'), b(t.details, 'det')];
  return [first, [b(t.snooze1, 'snz1'), b(t.snooze4, 'snz4'), b(t.snooze24, 'snz24')]];
}
