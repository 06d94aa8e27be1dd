/**
 * Plans a day's brief for every subscribed chat: one outbox group per chat, keyed
 * `brief:<day>:<transport>:<chat>`, so planning the same day again (a second `herald send brief`,
 * the scheduler catching up after a restart) writes nothing.
 */
import type { Locale } from '../config.js';
import type { Queryable } from '../data/store.js';
import type { Brief } from '../insights/types.js';
import { briefMessages } from './brief-messages.js';
import { deliveryGroupKey } from '../delivery/idempotency-key.js';
import { Outbox, type EnqueueResult } from '../delivery/outbox.js';
import type { OutboundMessage } from '../messages/message.js';
import type { Subscription } from '../delivery/subscriptions.js';

export interface EnqueueBriefInput {
  brief: Brief;
  /** Active subscriptions receiving the brief (others are skipped). */
  subscriptions: readonly Subscription[];
  locale: Locale;
  /** Now, from the injected clock. */
  at: Date;
  /** Post the headline chart before the text (default false; see `BriefMessageOptions`). */
  withChart?: boolean;
  /** Rendering per subscription; default `briefMessages` in the subscription's zone. */
  render?: (subscription: Subscription) => OutboundMessage[];
}

export async function enqueueBrief(db: Queryable, input: EnqueueBriefInput): Promise<EnqueueResult> {
  const cache = new Map<string, OutboundMessage[]>();
  const render =
    input.render ??
    ((s: Subscription) => {
      const key = `${s.transport}|${s.timeZone}`;
      let parts = cache.get(key);
      if (!parts) cache.set(key, (parts = briefMessages(input.brief, s.transport, { locale: input.locale, timeZone: s.timeZone, withChart: input.withChart === true })));
      return parts;
    });
  const plans = input.subscriptions
    .filter((s) => s.active && s.receives.includes('brief'))
    .map((s) => ({
      groupKey: deliveryGroupKey({ kind: 'brief', ref: input.brief.date }, s.transport, s.chatId),
      kind: 'brief',
      transport: s.transport,
      chatId: s.chatId,
      parts: render(s),
    }));
  return new Outbox(db).enqueue(plans, input.at);
}
