/**
 * Polls the ETL's run log for a new finished run. The contract (SPEC section 4) guarantees only
 * `finished_at` and `status` — no id — so a run is known by its finish time, kept to the
 * microsecond as fixed-width UTC text (`2026-11-23T05:12:09.123456Z`) that compares as a string.
 * Polling, not LISTEN/NOTIFY: it works on a view over someone else's ETL tables, through the
 * Supabase session pooler, and on PGlite, and a 30 s delay does not matter for a daily load.
 */
import { quoteIdent, type Queryable } from '../data/store.js';

/** The latest run that counts (finished, status ok/success/done in any case), or null. */
export async function latestFinishedRun(db: Queryable, etlRunsRelation: string): Promise<string | null> {
  const [row] = await db.query<{ at: string | null }>(
    `select to_char(max(finished_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
       from ${quoteIdent(etlRunsRelation)}
      where finished_at is not null and lower(status) in ('ok', 'success', 'done')`,
  );
  return row?.at ?? null;
}

/** The latest finished run when it is newer than `lastSeen` (null = never saw one), else null. */
export async function newFinishedRun(db: Queryable, etlRunsRelation: string, lastSeen: string | null): Promise<string | null> {
  const latest = await latestFinishedRun(db, etlRunsRelation);
  if (latest === null) return null;
  return lastSeen === null || latest > lastSeen ? latest : null;
}
