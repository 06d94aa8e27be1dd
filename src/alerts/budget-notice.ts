/**
 * When a daily model budget runs out the router raises an event once per scope and day; this
 * turns it into a notice for every chat that receives alerts, through the outbox — keyed
 * `budget:<day>:<scope>:…`, so it is planned once however often it is raised — and a log line.
 */
import type { Locale } from '../config.js';
import type { Store } from '../data/store.js';
import { deliveryGroupKey } from '../delivery/idempotency-key.js';
import { Outbox } from '../delivery/outbox.js';
import { createSubscriptionRepository } from '../delivery/subscriptions.js';
import { budgetText } from '../locales/budget.js';
import type { Logger } from '../log.js';
import { noticeMessage } from '../render/scheduler-notices.js';
import type { BudgetExhaustedEvent } from '../router/types.js';
import type { Clock } from '../time/clock.js';

export interface BudgetAlertDeps {
  store: Store;
  logger: Logger;
  locale: Locale;
  clock: Clock;
}

/**
 * The router's `onBudgetExhausted` callback (it must not block the call that hit the budget);
 * `settled()` waits for the notices in progress, before a one-shot command closes the store.
 */
export function budgetAlerter(deps: BudgetAlertDeps): ((event: BudgetExhaustedEvent) => void) & { settled(): Promise<void> } {
  const pending = new Set<Promise<unknown>>();
  const raise = (event: BudgetExhaustedEvent) => {
    const p = raiseBudgetAlert(deps, event)
      .catch((err: unknown) => deps.logger.error({ err }, 'router: could not plan the budget notice'))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  return Object.assign(raise, { settled: async () => void (await Promise.all([...pending])) });
}

export async function raiseBudgetAlert(deps: BudgetAlertDeps, event: BudgetExhaustedEvent): Promise<number> {
  deps.logger.error({ ...event }, 'router: daily model budget exhausted; templates are used until it resets');
  const usd = (v: number) => `$${v.toFixed(2)}`;
  const text = budgetText[deps.locale]({ scope: event.scope, day: event.day, spent: usd(event.spentUsd), limit: usd(event.limitUsd) });
  const subscriptions = await createSubscriptionRepository(deps.store).list({ receives: 'alerts', activeOnly: true });
  const plans = subscriptions.map((s) => ({
    groupKey: deliveryGroupKey({ kind: 'budget', ref: `${event.day}:${event.scope}` }, s.transport, s.chatId),
    kind: 'budget',
    transport: s.transport,
    chatId: s.chatId,
    parts: [noticeMessage(text, s.transport)],
  }));
  const { enqueued } = await new Outbox(deps.store).enqueue(plans, new Date(deps.clock.now()));
  return enqueued.length;
}
