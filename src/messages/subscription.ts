/**
 * The subscription a chat holds, and what the chat commands need from the subscriptions repository (src/delivery/subscriptions.ts,
 * owned by the delivery outbox): a narrow port, so `/subscribe` and access checks stay testable
 * and the repository stays the one place that writes the table.
 */
import type { TransportKind } from './message.js';

/** `ops`: Herald's self-alerts (model errors, cost, deliveries, ETL), for the team that runs it. */
export type Receivable = 'brief' | 'alerts' | 'ops';

export interface QuietHours {
  /** HH:MM, in the subscription's zone; may wrap midnight (22:00–08:00). */
  from: string;
  to: string;
}

export interface ChatSubscription {
  transport: TransportKind;
  chatId: string;
  receives: Receivable[];
  /** HH:MM in `timeZone`. */
  briefAt: string;
  timeZone: string;
  quietHours: QuietHours | null;
  active: boolean;
}

/** A new or replaced subscription, as `/subscribe` gives it. */
export interface SubscribeInput extends Omit<ChatSubscription, 'active'> {
  /** The admin who subscribed the chat (user id). */
  addedBy: string;
}

export interface ChatSubscriptions {
  find(transport: TransportKind, chatId: string): Promise<ChatSubscription | null>;
  /** Creates or replaces the chat's subscription and makes it active. */
  subscribe(input: SubscribeInput): Promise<void>;
  /** Returns false when the chat had no active subscription. */
  unsubscribe(transport: TransportKind, chatId: string): Promise<boolean>;
}
