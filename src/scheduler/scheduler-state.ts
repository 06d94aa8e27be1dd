/**
 * What the scheduler remembers between ticks, restarts and leaders, in `herald_meta`: the last
 * ETL run it scanned for, the last day it ran the "ETL expected by" check, and the local day of
 * each subscription's last handled brief run. Kept in the database, not in memory, so a replica
 * taking over after the leader died carries on where it stopped instead of repeating its work.
 */
import type { Queryable } from '../data/store.js';

export const META_LAST_ETL_RUN = 'scheduler_last_etl_run';
export const META_ETL_CHECK_DAY = 'scheduler_etl_check_day';
export const META_BRIEF_RUNS = 'scheduler_brief_runs';

export async function readMeta<T>(db: Queryable, key: string): Promise<T | null> {
  const [row] = await db.query<{ value: T }>('select value from herald_meta where key = $1', [key]);
  return row ? row.value : null;
}

export async function writeMeta(db: Queryable, key: string, value: unknown, now: Date): Promise<void> {
  await db.query(
    `insert into herald_meta (key, value, updated_at) values ($1, $2::text::jsonb, $3::timestamptz)
     on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    [key, JSON.stringify(value), now.toISOString()],
  );
}

/** Subscription id → local day (YYYY-MM-DD) of its last handled brief run. */
export async function readBriefRuns(db: Queryable): Promise<Map<number, string>> {
  const value = (await readMeta<Record<string, string>>(db, META_BRIEF_RUNS)) ?? {};
  return new Map(Object.entries(value).map(([id, day]) => [Number(id), day]));
}

/** Records handled runs (merging into what is stored, in one statement, so concurrent writers never lose a key). */
export async function recordBriefRuns(db: Queryable, runs: ReadonlyMap<number, string>, now: Date): Promise<void> {
  if (runs.size === 0) return;
  const patch = Object.fromEntries([...runs].map(([id, day]) => [String(id), day]));
  await db.query(
    `insert into herald_meta (key, value, updated_at) values ($1, $2::text::jsonb, $3::timestamptz)
     on conflict (key) do update set value = herald_meta.value || excluded.value, updated_at = excluded.updated_at`,
    [META_BRIEF_RUNS, JSON.stringify(patch), now.toISOString()],
  );
}
