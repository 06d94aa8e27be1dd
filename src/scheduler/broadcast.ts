/**
 * "Send the brief / the alerts to everyone subscribed": plan into the outbox, then drain it. The
 * path `herald send` and the scheduler share. Planning is idempotent per chat and subject, so a
 * second run plans nothing — and when every chat already has the day's brief, the brief is not
 * even built again (no model call is paid twice).
 */
import type { AlertSettings, Locale } from '../config.js';
import { dueNotifications, markNotified, type NotificationReason } from '../alerts/notifications.js';
import type { AlertAudience } from '../insights/self-alert-kinds.js';
import type { Store } from '../data/store.js';
import type { Brief } from '../insights/types.js';
import type { Logger } from '../log.js';
import type { Clock } from '../time/clock.js';
import { dispatch, type DispatchOptions, type DispatchReport } from '../delivery/dispatcher.js';
import { enqueueAlerts } from '../alerts/enqueue-alerts.js';
import { enqueueBrief } from '../brief/enqueue-brief.js';
import { deliveryGroupKey } from '../delivery/idempotency-key.js';
import { Outbox } from '../delivery/outbox.js';
import type { Sender } from '../delivery/sender.js';
import type { OutboundMessage, TransportKind } from '../messages/message.js';
import { createSubscriptionRepository, type Subscription } from '../delivery/subscriptions.js';

export interface BroadcastDeps {
  store: Store;
  logger: Logger;
  senders: readonly Sender[];
  locale: Locale;
  /** Planning time (the CLI's HERALD_NOW), pacing and retries. */
  clock: Clock;
  /** Extra dispatcher settings (concurrency, limits…). */
  dispatch?: Partial<Omit<DispatchOptions, 'store' | 'senders' | 'subscriptions' | 'logger' | 'clock'>>;
}

export interface BroadcastResult {
  /** Chats a new message group was planned for in this run. */
  planned: number;
  /** Messages sent by an earlier run for what this run would have planned. */
  alreadySent: number;
  /** Why nothing was planned, when nothing was: "no open alerts", "no subscriptions". */
  nothingToPlan: string | null;
  report: DispatchReport;
}

export interface SendBriefInput {
  date: string;
  build: (date: string) => Promise<Brief>;
  /** Only these subscriptions (the scheduler sends each chat at its own time); default all. */
  only?: (subscription: Subscription) => boolean;
  /** Rendering per chat (the scheduler adds its "delivered late" line); default `briefMessages`. */
  render?: (brief: Brief, subscription: Subscription) => OutboundMessage[];
}

export async function sendBrief(deps: BroadcastDeps, input: SendBriefInput): Promise<BroadcastResult> {
  const all = await createSubscriptionRepository(deps.store).list({ receives: 'brief', activeOnly: true });
  const subscriptions = input.only ? all.filter(input.only) : all;
  const outbox = new Outbox(deps.store);
  const keyOf = (s: { transport: TransportKind; chatId: string }) => deliveryGroupKey({ kind: 'brief', ref: input.date }, s.transport, s.chatId);
  const existing = await outbox.existingGroups(subscriptions.map(keyOf));
  const fresh = subscriptions.filter((s) => !existing.has(keyOf(s)));
  let planned = 0;
  if (fresh.length > 0) {
    const brief = await input.build(input.date);
    const render = input.render;
    planned = (
      await enqueueBrief(deps.store, {
        brief, subscriptions: fresh, locale: deps.locale, at: new Date(deps.clock.now()), withChart: true,
        ...(render ? { render: (s: Subscription) => render(brief, s) } : {}),
      })
    ).enqueued.length;
  }
  const alreadySent = (await outbox.statusOf([...existing])).sent;
  const nothingToPlan = subscriptions.length === 0 ? 'no active subscriptions receive the brief' : null;
  return { planned, alreadySent, nothingToPlan, report: await drain(deps) };
}

export interface SendAlertsInput {
  date?: string;
  settings: AlertSettings;
  currency: string;
  /** The shop's alerts to chats receiving `alerts` (default), or Herald's self-alerts to `ops` chats. */
  audience?: AlertAudience;
  /** Where self-alerts' runbooks live (default `docs/operations.md`). */
  runbookUrl?: string;
}

export async function sendAlerts(deps: BroadcastDeps, input: SendAlertsInput): Promise<BroadcastResult> {
  const at = new Date(deps.clock.now());
  const audience = input.audience ?? 'alerts';
  const notices = (await dueNotifications(deps.store, at, input.settings, audience)).filter((n) => !input.date || n.alert.scanDay === input.date);
  const subscriptions = await createSubscriptionRepository(deps.store).list({ receives: audience, activeOnly: true });
  let planned = 0;
  let nothingToPlan: string | null = null;
  if (notices.length === 0) nothingToPlan = 'no open alerts to announce';
  else if (subscriptions.length === 0) nothingToPlan = `no active subscriptions receive ${audience}; the alerts stay unannounced`;
  else {
    const result = await enqueueAlerts(deps.store, {
      notices, subscriptions, locale: deps.locale, currency: input.currency, at, audience,
      criticalBypassesQuietHours: input.settings.criticalBypassesQuietHours,
      ...(input.runbookUrl ? { runbookUrl: input.runbookUrl } : {}),
    });
    planned = result.enqueued.length;
    for (const reason of ['new', 'repeat', 'resolved'] as NotificationReason[]) {
      await markNotified(deps.store, notices.filter((n) => n.reason === reason).map((n) => n.alert.id), reason, at);
    }
  }
  return { planned, alreadySent: 0, nothingToPlan, report: await drain(deps) };
}

function drain(deps: BroadcastDeps): Promise<DispatchReport> {
  const senders = Object.fromEntries(deps.senders.map((s) => [s.transport, s]));
  return dispatch({
    ...deps.dispatch,
    store: deps.store,
    senders,
    subscriptions: createSubscriptionRepository(deps.store),
    logger: deps.logger,
    clock: deps.clock,
  });
}
