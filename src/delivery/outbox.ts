/**
 * The outbox repository: every outgoing brief and alert is a row in `deliveries` before it is a
 * request to a platform. Statuses: `pending` → `sending` (claimed, committed before the HTTP
 * call) → `sent` (with the platform's message id) | `failed` | `cancelled` (chat unsubscribed or
 * blocked the bot). A row left `sending` by a killed process was in flight at the kill.
 */
import type { Queryable } from '../data/store.js';
import { redactSecrets } from '../secrets.js';
import { deliveryKey } from './idempotency-key.js';
import type { OutboundMessage, TransportKind } from '../messages/message.js';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** A message group to plan: one chat, one subject, one or more parts sent in order. */
export interface PlannedDelivery {
  groupKey: string;
  kind: string;
  transport: TransportKind;
  chatId: string;
  parts: OutboundMessage[];
  /** Not to be sent before this (quiet hours); default: the enqueue time. */
  notBefore?: Date;
}

export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  groupKey: string;
  part: number;
  kind: string;
  transport: TransportKind;
  chatId: string;
  payload: OutboundMessage;
  status: DeliveryStatus;
  attempts: number;
  possibleDuplicate: boolean;
  /** Epoch ms before which the row must not be sent (quiet hours, a retry's backoff). */
  nextAttemptAt: number;
}

export interface EnqueueResult {
  /** Group keys written now. */
  enqueued: string[];
  /** Group keys that were planned before (nothing written). */
  existing: string[];
}

const ROW = `id::int as id, idempotency_key, group_key, part, kind, transport, chat_id, payload, status, attempts,
  possible_duplicate, (extract(epoch from next_attempt_at) * 1000)::float8 as next_attempt_ms`;
type DbRow = {
  id: number; idempotency_key: string; group_key: string; part: number; kind: string; transport: string;
  chat_id: string; payload: OutboundMessage | string; status: string; attempts: number; possible_duplicate: boolean;
  next_attempt_ms: number;
};
const BATCH = 500;

export class Outbox {
  constructor(private readonly db: Queryable) {}

  /**
   * Writes each group unless it was planned before (by group key); one statement per 500 groups.
   * `at` is now: a part may be sent from then on unless its plan says `notBefore`.
   */
  async enqueue(plans: readonly PlannedDelivery[], at: Date): Promise<EnqueueResult> {
    const enqueued = new Set<string>();
    for (let i = 0; i < plans.length; i += BATCH) {
      const rows = plans.slice(i, i + BATCH).flatMap((p) =>
        p.parts.map((payload, n) => ({
          key: deliveryKey(p.groupKey, n + 1), group: p.groupKey, part: n + 1, kind: p.kind, transport: p.transport,
          chat: p.chatId, payload, due: (p.notBefore ?? at).toISOString(),
        })),
      );
      const inserted = await this.db.query<{ group_key: string }>(
        `insert into deliveries (idempotency_key, group_key, part, kind, transport, chat_id, payload, next_attempt_at, created_at)
         select r->>'key', r->>'group', (r->>'part')::int, r->>'kind', r->>'transport', r->>'chat', r->'payload',
           (r->>'due')::timestamptz, $2::timestamptz
         from jsonb_array_elements($1::text::jsonb) with ordinality as e(r, ord)
         where not exists (select 1 from deliveries d where d.group_key = r->>'group')
         -- ids in planning order: the dispatcher sends a chat's parts in id order.
         order by ord
         on conflict (idempotency_key) do nothing
         returning group_key`,
        [JSON.stringify(rows), at.toISOString()],
      );
      for (const r of inserted) enqueued.add(r.group_key);
    }
    return { enqueued: [...enqueued], existing: plans.map((p) => p.groupKey).filter((k) => !enqueued.has(k)) };
  }

  /**
   * Rows a killed dispatcher left `sending`: they may or may not have reached the chat (the
   * platforms take no idempotency key). Puts them back to `pending`, flagged, and returns them.
   */
  async recoverInFlight(): Promise<OutboxRow[]> {
    const rows = await this.db.query<DbRow>(
      `update deliveries set status = 'pending', possible_duplicate = true
       where status = 'sending' returning ${ROW}`,
    );
    return rows.map(fromDb).sort((a, b) => a.id - b.id);
  }

  /** Pending rows in planning order. */
  async pending(limit = 10_000): Promise<OutboxRow[]> {
    const rows = await this.db.query<DbRow>(`select ${ROW} from deliveries where status = 'pending' order by id limit $1`, [limit]);
    return rows.map(fromDb);
  }

  /** Takes a pending row for sending; false when it is no longer pending. Committed on return. */
  async claim(id: number, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update deliveries set status = 'sending', attempt_started_at = $2::timestamptz, attempts = attempts + 1
       where id = $1 and status = 'pending' returning id`,
      [id, at.toISOString()],
    );
    return rows.length > 0;
  }

  async markSent(id: number, messageId: string, at: Date): Promise<void> {
    await this.db.query(
      `update deliveries set status = 'sent', message_id = $2, sent_at = $3::timestamptz, last_error = null where id = $1`,
      [id, messageId, at.toISOString()],
    );
  }

  /** Back to pending for another attempt at `at`; a 429 does not count as an attempt. */
  async reschedule(id: number, at: Date, error: string, countsAsAttempt: boolean): Promise<void> {
    await this.db.query(
      `update deliveries set status = 'pending', next_attempt_at = $2::timestamptz, last_error = $3,
         attempts = attempts - $4::int
       where id = $1`,
      [id, at.toISOString(), redactSecrets(error), countsAsAttempt ? 0 : 1],
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.query(`update deliveries set status = 'failed', last_error = $2 where id = $1`, [id, redactSecrets(error)]);
  }

  /** Cancels what is still pending for a chat (it blocked the bot); returns the ids. */
  async cancelChat(transport: TransportKind, chatId: string, reason: string): Promise<number[]> {
    const rows = await this.db.query<{ id: number }>(
      `update deliveries set status = 'cancelled', last_error = $3
       where transport = $1 and chat_id = $2 and status = 'pending' returning id::int as id`,
      [transport, chatId, redactSecrets(reason)],
    );
    return rows.map((r) => r.id);
  }

  /** Which of these groups were planned already. */
  async existingGroups(groupKeys: readonly string[]): Promise<Set<string>> {
    if (groupKeys.length === 0) return new Set();
    const rows = await this.db.query<{ group_key: string }>(
      `select distinct group_key from deliveries where group_key in (select jsonb_array_elements_text($1::text::jsonb))`,
      [JSON.stringify(groupKeys)],
    );
    return new Set(rows.map((r) => r.group_key));
  }

  /** Row counts by status for the given groups. */
  async statusOf(groupKeys: readonly string[]): Promise<Record<DeliveryStatus, number>> {
    const counts: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
    if (groupKeys.length === 0) return counts;
    const rows = await this.db.query<{ status: DeliveryStatus; n: number }>(
      `select status, count(*)::int as n from deliveries
       where group_key in (select jsonb_array_elements_text($1::text::jsonb)) group by status`,
      [JSON.stringify(groupKeys)],
    );
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }
}

function fromDb(r: DbRow): OutboxRow {
  return {
    id: r.id,
    idempotencyKey: r.idempotency_key,
    groupKey: r.group_key,
    part: r.part,
    kind: r.kind,
    transport: r.transport as TransportKind,
    chatId: r.chat_id,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as OutboundMessage) : r.payload,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    possibleDuplicate: r.possible_duplicate,
    nextAttemptAt: r.next_attempt_ms,
  };
}
