/**
 * The alert buttons (`alert:<id>:ack|snz1|snz4|snz24|res|det`), plugged into the chat core's
 * interaction dispatcher. The id is only a claim from a chat client: it must name a stored alert,
 * or nothing happens. A grouped message carries its lead alert's id, and the action applies to
 * every unresolved alert of the group — one tap for one cause.
 */
import type { Config } from '../config.js';
import type { InteractionHandler, InteractionResult } from '../chat/interactions.js';
import type { ChatContext } from '../messages/reply.js';
import { etlSourceFor } from '../data/etl-source.js';
import type { Store } from '../data/store.js';
import { alertText } from '../locales/alerts.js';
import { alertDetailsReply, DETAILS_DAYS } from '../render/alert-details.js';
import { alertReply } from '../render/alert-message.js';
import type { Actor, AlertRecord } from '../insights/alert-record.js';
import { alertEvents, applyAction, getAlert, listAlerts } from './alert-repository.js';
import type { AlertAction, SnoozeHours } from './lifecycle.js';

export interface AlertInteractionDeps {
  store: Store;
  config: Pick<Config, 'data' | 'timeZone' | 'thresholds'> & Partial<Pick<Config, 'supabase'>>;
}

const ACTIONS = { ack: true, snz1: true, snz4: true, snz24: true, res: true, det: true } as const;
type ButtonAction = keyof typeof ACTIONS;

export function alertInteractions(deps: AlertInteractionDeps): InteractionHandler {
  return {
    kind: 'alert',
    async handle({ ctx, data, now }): Promise<InteractionResult> {
      if (!/^\d{1,15}$/.test(data.id) || !(data.action in ACTIONS)) return { kind: 'not_found' };
      const alert = await getAlert(deps.store, Number(data.id));
      if (!alert) return { kind: 'not_found' };
      const action = data.action as ButtonAction;
      const t = alertText[ctx.locale];
      if (action === 'det') return details(deps, alert, ctx);

      const actor: Actor = { id: `${ctx.transport}:${ctx.userId}`, name: ctx.userName };
      const lifecycle = toLifecycle(action, actor);
      const members = await groupOf(deps.store, alert);
      const lead = await applyAction(deps.store, alert.id, lifecycle, now);
      if (!lead.ok) {
        if (lead.reason === 'not_found') return { kind: 'not_found' };
        return { kind: 'refused', message: lead.reason === 'resolved' ? t.refused.resolved : t.refused.acknowledged };
      }
      const updated: AlertRecord[] = [lead.alert];
      for (const m of members) {
        if (m.id === alert.id) continue;
        const r = await applyAction(deps.store, m.id, lifecycle, now);
        updated.push(r.ok ? r.alert : m);
      }
      const label = action === 'ack' ? t.done.ack : action === 'res' ? t.done.resolve : t.done.snooze(action.slice(3));
      return {
        kind: 'done',
        actionLabel: label,
        toast: label,
        edit: alertReply(updated, { locale: ctx.locale, currency: deps.config.data.currency, timeZone: deps.config.timeZone, reason: 'update' }),
      };
    },
  };
}

function toLifecycle(action: Exclude<ButtonAction, 'det'>, actor: Actor): AlertAction {
  switch (action) {
    case 'ack':
      return { type: 'acknowledge', actor };
    case 'res':
      return { type: 'resolve', actor };
    default:
      return { type: 'snooze', actor, hours: Number(action.slice(3)) as SnoozeHours };
  }
}

/** The unresolved alerts sharing the alert's group (the alert alone when ungrouped), lead first. */
async function groupOf(store: Store, alert: AlertRecord): Promise<AlertRecord[]> {
  if (alert.groupId === null) return [alert];
  const members = await listAlerts(store, { groupId: alert.groupId, statuses: ['open', 'acknowledged', 'snoozed'] });
  return [alert, ...members.filter((m) => m.id !== alert.id)];
}

async function details(deps: AlertInteractionDeps, alert: AlertRecord, ctx: ChatContext): Promise<InteractionResult> {
  const weeks = deps.config.thresholds.detectors.salesBaselineWeeks;
  const history = alert.sku === null ? [] : await etlSourceFor(deps.store, deps.config).skuSeries(alert.sku, alert.scanDay, DETAILS_DAYS + 7 * weeks);
  const events = await alertEvents(deps.store, alert.id);
  const opts = { locale: ctx.locale, currency: deps.config.data.currency, timeZone: deps.config.timeZone, thresholds: deps.config.thresholds.detectors };
  return { kind: 'done', actionLabel: alertText[ctx.locale].done.details, followUp: alertDetailsReply(alert, history, events, opts) };
}
