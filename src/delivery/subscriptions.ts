/**
 * Subscriptions: which chats receive the brief, the shop's alerts and/or Herald's own (`ops`) alerts, when, and in which zone. The one
 * place that writes the `subscriptions` table; `/subscribe` (through the core's `ChatSubscriptions`
 * port), `herald subscriptions …` and the dispatcher (deactivating a chat that blocked the bot)
 * all come here.
 */
import type { ChatSubscription, ChatSubscriptions, QuietHours, Receivable } from '../messages/subscription.js';
import type { Queryable } from '../data/store.js';
import { redactSecrets } from '../secrets.js';
import type { TransportKind } from '../messages/message.js';

export type { QuietHours, Receivable } from '../messages/subscription.js';

export interface Subscription extends ChatSubscription {
  id: number;
  /** Why it became inactive (e.g. "403 Forbidden: bot was blocked by the user"), else null. */
  inactiveReason: string | null;
  /** Who subscribed the chat: an admin's user id, or `cli`. */
  addedBy: string | null;
  createdAt: string;
}

export interface AddSubscription {
  transport: TransportKind;
  chatId: string;
  /** Default: brief and alerts (Herald's own `ops` alerts only when asked for). */
  receives?: Receivable[];
  /** Default: the repository's `timeZone` default. */
  timeZone?: string;
  /** Default: the repository's `briefAt` default (config.schedule.briefAt). */
  briefAt?: string;
  quietHours?: QuietHours | null;
  addedBy?: string | null;
}

export interface SubscriptionDefaults {
  /** HH:MM used when a subscription names no brief time (config.schedule.briefAt; default 09:00). */
  briefAt?: string;
  /** Zone used when a subscription names none (the shop's HERALD_TZ; default Europe/Moscow). */
  timeZone?: string;
}

export interface ListFilter {
  transport?: TransportKind;
  receives?: Receivable;
  /** Only active ones (default: all). */
  activeOnly?: boolean;
}

export interface SubscriptionRepository extends ChatSubscriptions {
  /** Creates the chat's subscription, or replaces its settings and reactivates it. */
  add(input: AddSubscription): Promise<{ subscription: Subscription; created: boolean }>;
  /** Deletes it; false when the chat had none. */
  remove(transport: TransportKind, chatId: string): Promise<boolean>;
  get(transport: TransportKind, chatId: string): Promise<Subscription | null>;
  list(filter?: ListFilter): Promise<Subscription[]>;
  /** Stops deliveries to the chat (a permanent send error), keeping the row and the reason. */
  deactivate(transport: TransportKind, chatId: string, reason: string): Promise<boolean>;
}

const COLUMNS = `id::int as id, transport, chat_id, receives_brief, receives_alerts, receives_ops, time_zone, brief_at,
  quiet_from, quiet_to, active, inactive_reason, added_by, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at`;

const RECEIVES_COLUMN: Record<Receivable, string> = { brief: 'receives_brief', alerts: 'receives_alerts', ops: 'receives_ops' };

interface SubscriptionRow {
  [key: string]: unknown;
  id: number;
  transport: string;
  chat_id: string;
  receives_brief: boolean;
  receives_alerts: boolean;
  receives_ops: boolean;
  time_zone: string;
  brief_at: string;
  quiet_from: string | null;
  quiet_to: string | null;
  active: boolean;
  inactive_reason: string | null;
  added_by: string | null;
  created_at: string;
}

export function createSubscriptionRepository(db: Queryable, defaults: SubscriptionDefaults = {}): SubscriptionRepository {
  const briefAtDefault = defaults.briefAt ?? '09:00';
  const zoneDefault = defaults.timeZone ?? 'Europe/Moscow';

  const get = async (transport: TransportKind, chatId: string) => {
    const [row] = await db.query<SubscriptionRow>(`select ${COLUMNS} from subscriptions where transport = $1 and chat_id = $2`, [transport, chatId]);
    return row ? fromRow(row) : null;
  };

  const add = async (input: AddSubscription) => {
    const receives = input.receives ?? ['brief', 'alerts'];
    const [row] = await db.query<SubscriptionRow & { inserted: boolean }>(
      `insert into subscriptions (transport, chat_id, receives_brief, receives_alerts, receives_ops, time_zone, brief_at, quiet_from, quiet_to, added_by)
       values ($1, $2, $3, $4, $10, $5, $6, $7, $8, $9)
       on conflict (transport, chat_id) do update set
         receives_brief = excluded.receives_brief, receives_alerts = excluded.receives_alerts, receives_ops = excluded.receives_ops,
         time_zone = excluded.time_zone, brief_at = excluded.brief_at, quiet_from = excluded.quiet_from,
         quiet_to = excluded.quiet_to, added_by = excluded.added_by, active = true, inactive_reason = null,
         updated_at = now()
       returning ${COLUMNS}, (xmax = 0) as inserted`,
      [
        input.transport, input.chatId, receives.includes('brief'), receives.includes('alerts'),
        input.timeZone ?? zoneDefault, input.briefAt ?? briefAtDefault,
        input.quietHours?.from ?? null, input.quietHours?.to ?? null, input.addedBy ?? null, receives.includes('ops'),
      ],
    );
    return { subscription: fromRow(row!), created: row!.inserted };
  };

  const remove = async (transport: TransportKind, chatId: string) =>
    (await db.query('delete from subscriptions where transport = $1 and chat_id = $2 returning id', [transport, chatId])).length > 0;

  return {
    add,
    remove,
    get,
    async list(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.transport) where.push(`transport = $${params.push(filter.transport)}`);
      if (filter.receives) where.push(RECEIVES_COLUMN[filter.receives]);
      if (filter.activeOnly) where.push('active');
      const rows = await db.query<SubscriptionRow>(
        `select ${COLUMNS} from subscriptions ${where.length ? `where ${where.join(' and ')}` : ''} order by transport, created_at, id`,
        params,
      );
      return rows.map(fromRow);
    },
    async deactivate(transport, chatId, reason) {
      const rows = await db.query(
        `update subscriptions set active = false, inactive_reason = $3, updated_at = now()
         where transport = $1 and chat_id = $2 and active returning id`,
        // A platform's error text, stored: scrubbed of secrets like every stored error.
        [transport, chatId, redactSecrets(reason)],
      );
      return rows.length > 0;
    },
    // The chat commands' port (src/chat/chat-subscriptions.ts).
    find: get,
    async subscribe(input) {
      await add(input);
    },
    async unsubscribe(transport, chatId) {
      const existing = await get(transport, chatId);
      if (!existing) return false;
      await remove(transport, chatId);
      return existing.active;
    },
  };
}

function fromRow(row: SubscriptionRow): Subscription {
  const receives: Receivable[] = [];
  if (row.receives_brief) receives.push('brief');
  if (row.receives_alerts) receives.push('alerts');
  if (row.receives_ops) receives.push('ops');
  return {
    id: row.id,
    transport: row.transport as TransportKind,
    chatId: row.chat_id,
    receives,
    timeZone: row.time_zone,
    briefAt: row.brief_at,
    quietHours: row.quiet_from && row.quiet_to ? { from: row.quiet_from, to: row.quiet_to } : null,
    active: row.active,
    inactiveReason: row.inactive_reason,
    addedBy: row.added_by,
    createdAt: row.created_at,
  };
}
