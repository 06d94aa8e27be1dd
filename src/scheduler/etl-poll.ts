/**
 * Polls the ETL's run log for a new finished run. The contract (SPEC section 4) guarantees only
 * `finished_at` and `status` — no id — so a run is known by its finish time, kept to the
 * microsecond as fixed-width UTC text (`2026-11-23T05:12:09.123456Z`) that compares as a string.
 * Polling, not LISTEN/NOTIFY: it works on a view over someone else's ETL tables, through the
 * Supabase session pooler or its REST API, and on PGlite, and a 30 s delay does not matter for a
 * daily load.
 */
import type { EtlSource } from '../data/etl-source.js';

/** The latest finished run when it is newer than `lastSeen` (null = never saw one), else null. */
export async function newFinishedRun(etl: EtlSource, lastSeen: string | null): Promise<string | null> {
  const latest = await etl.latestFinishedRun();
  if (latest === null) return null;
  return lastSeen === null || latest > lastSeen ? latest : null;
}
