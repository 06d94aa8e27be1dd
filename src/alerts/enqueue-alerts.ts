/**
 * Plans alert notices for every chat that receives alerts: one message per alert group (alerts
 * sharing a `groupId` go out together under their lead), held back until the chat's quiet hours
 * end. The group key names the lead alert, the reason and the notice's number
 * (`alert:42-repeat-2:tg:-100123`), so each notice goes out once, and a repeat is a new notice.
 */
import type { AlertRecord } from '../insights/alert-record.js';
import type { DueNotification } from './notifications.js';
import { notifyAt } from './quiet-hours.js';
import type { AlertAudience } from '../insights/self-alert-kinds.js';
import type { Locale } from '../config.js';
import type { Queryable } from '../data/store.js';
import { renderAlertMessage, type AlertFormat } from '../render/alert-message.js';
import { deliveryGroupKey } from '../delivery/idempotency-key.js';
import { Outbox, type EnqueueResult, type PlannedDelivery } from '../delivery/outbox.js';
import type { TransportKind } from '../messages/message.js';
import type { Subscription } from '../delivery/subscriptions.js';

export interface EnqueueAlertsInput {
  notices: readonly DueNotification[];
  subscriptions: readonly Subscription[];
  locale: Locale;
  currency: string;
  /** Now, from the injected clock. */
  at: Date;
  criticalBypassesQuietHours?: boolean;
  /** Which chats: those receiving `alerts` (the shop's, default) or `ops` (Herald's self-alerts). */
  audience?: AlertAudience;
  /** Where self-alerts' runbooks live (default `docs/operations.md`). */
  runbookUrl?: string;
}

const FORMATS: Record<TransportKind, AlertFormat> = { telegram: 'telegram-html', slack: 'slack-blocks', console: 'text' };

export async function enqueueAlerts(db: Queryable, input: EnqueueAlertsInput): Promise<EnqueueResult & { notices: number }> {
  const groups = new Map<string, { reason: DueNotification['reason']; alerts: AlertRecord[] }>();
  for (const n of input.notices) {
    const key = `${n.reason}|${n.alert.groupId ?? `id-${n.alert.id}`}`;
    const group = groups.get(key) ?? { reason: n.reason, alerts: [] };
    group.alerts.push(n.alert);
    groups.set(key, group);
  }
  const audience = input.audience ?? 'alerts';
  const receivers = input.subscriptions.filter((s) => s.active && s.receives.includes(audience));
  const plans: PlannedDelivery[] = [];
  for (const { reason, alerts } of groups.values()) {
    const lead = alerts[0]!;
    const severity = alerts.some((a) => a.severity === 'critical') ? 'critical' : lead.severity;
    const ref = reason === 'resolved' ? `${lead.id}-resolved` : `${lead.id}-${reason}-${lead.notifyCount}`;
    for (const s of receivers) {
      const options = { locale: input.locale, currency: input.currency, timeZone: s.timeZone, reason, ...(input.runbookUrl ? { runbookUrl: input.runbookUrl } : {}) };
      const message = renderAlertMessage(alerts, options, FORMATS[s.transport]);
      plans.push({
        groupKey: deliveryGroupKey({ kind: 'alert', ref }, s.transport, s.chatId),
        kind: 'alert',
        transport: s.transport,
        chatId: s.chatId,
        parts: [message],
        notBefore: notifyAt(s, severity, input.at, input.criticalBypassesQuietHours ?? false),
      });
    }
  }
  const result = await new Outbox(db).enqueue(plans, input.at);
  return { ...result, notices: groups.size };
}
