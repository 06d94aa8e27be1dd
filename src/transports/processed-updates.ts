/**
 * Exactly-once handling of incoming updates: Telegram redelivers an update whose webhook answer
 * was lost (and long polling redelivers after a crash before the offset moved); Slack retries an
 * event it thinks failed (X-Slack-Retry-Num). The first claim of a (transport, key) wins.
 */
import type { Store } from '../data/store.js';
import type { TransportKind } from '../messages/message.js';

/** True when this call is the first to see the update; false for a duplicate. */
export async function claimUpdate(store: Store, transport: TransportKind, key: string): Promise<boolean> {
  const rows = await store.query(
    `insert into processed_updates (transport, update_key) values ($1, $2)
     on conflict (transport, update_key) do nothing returning update_key`,
    [transport, key],
  );
  return rows.length > 0;
}

/** Forgets updates older than `olderThanMs` (default a week: no platform redelivers that late). */
export async function pruneProcessedUpdates(store: Store, now: Date, olderThanMs = 7 * 86_400_000): Promise<number> {
  const rows = await store.query(
    'delete from processed_updates where processed_at < $1::timestamptz returning update_key',
    [new Date(now.getTime() - olderThanMs).toISOString()],
  );
  return rows.length;
}
