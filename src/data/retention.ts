/**
 * Retention: the call log, finished outbox rows and processed chat updates grow with every call,
 * message and update. The scheduler prunes them once a day, off the hot path, `batchSize` rows per
 * statement (each its own short transaction), so pruning a year of backlog never holds a lock the
 * bot or the dispatcher waits on for long.
 */
import type { RetentionSettings } from '../config.js';
import type { Queryable } from './store.js';

export interface PruneResult {
  llmCalls: number;
  deliveries: number;
  processedUpdates: number;
}

const DAY_MS = 86_400_000;

export async function pruneOldRows(db: Queryable, settings: RetentionSettings, now: Date): Promise<PruneResult> {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const n = settings.batchSize;
  return {
    llmCalls: await inBatches(db, n, `delete from llm_calls where id in (select id from llm_calls where ts < $1::timestamptz order by id limit $2)`, cutoff(settings.llmCallsDays)),
    // Only rows that are done: a pending or in-flight row is work, however old.
    deliveries: await inBatches(
      db, n,
      `delete from deliveries where id in (select id from deliveries
         where status in ('sent', 'failed', 'cancelled') and created_at < $1::timestamptz order by id limit $2)`,
      cutoff(settings.deliveriesDays),
    ),
    processedUpdates: await inBatches(
      db, n,
      `delete from processed_updates where (transport, update_key) in (select transport, update_key from processed_updates
         where processed_at < $1::timestamptz limit $2)`,
      cutoff(settings.processedUpdatesDays),
    ),
  };
}

/** Runs a `delete … limit $2` until a batch deletes fewer rows than asked; returns the total. */
async function inBatches(db: Queryable, batchSize: number, deleteSql: string, cutoff: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [row] = await db.query<{ n: number }>(`with d as (${deleteSql} returning 1) select count(*)::int as n from d`, [cutoff, batchSize]);
    const deleted = row?.n ?? 0;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
