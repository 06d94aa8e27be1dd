/**
 * Loads the demo data set into a store: replaces `sku_daily`, `etl_runs` and `demo_incidents` in
 * one transaction (so a reader never sees half a shop) and records the `demo_seeded` marker.
 */
import { insertSkuDaily } from '../sku-daily-insert.js';
import type { Queryable, Store } from '../store.js';
import { DEMO_DEFAULTS, defaultEndDay, generateDemo, type DemoData } from './generate-demo.js';
import { createProgressBar } from './progress-bar.js';

export interface SeedDemoOptions {
  /** Seed of the generator (default 1): the same seed always gives the same shop. */
  seed?: number;
  /** Last day of data, `YYYY-MM-DD` (default: yesterday in Europe/Moscow, the last complete day). */
  endDay?: string;
  /** Number of SKUs (default 300). */
  skus?: number;
  /** Days of history (default 120). */
  days?: number;
  /** Where to draw a progress bar (a terminal) or print one summary line (anything else). */
  progress?: NodeJS.WritableStream;
}

export interface SeedDemoResult {
  skus: number;
  days: number;
  rows: number;
  incidents: number;
}

/** The `herald_meta` key that marks a database as holding the demo data set. */
export const DEMO_SEEDED_KEY = 'demo_seeded';

/**
 * Replaces the data with a freshly generated demo shop. Idempotent: running it again with the
 * same options leaves the same rows. It truncates `sku_daily` — callers guard real data.
 */
export async function seedDemo(
  store: Store,
  options?: { seed?: number; endDay?: string; skus?: number; days?: number; progress?: NodeJS.WritableStream },
): Promise<{ skus: number; days: number; rows: number; incidents: number }> {
  const started = Date.now();
  const seed = options?.seed ?? DEMO_DEFAULTS.seed;
  // Seeding is I/O at the edge: the real clock picks the default last day.
  const endDay = options?.endDay ?? defaultEndDay(new Date());
  const data = generateDemo({ seed, endDay, skus: options?.skus, days: options?.days });
  const bar = createProgressBar(options?.progress);

  await store.transaction(async (tx) => {
    await tx.query('truncate sku_daily, etl_runs, demo_incidents restart identity');
    await tx.query(`delete from herald_meta where key = 'retail_loaded'`);
    // The alerts still open were about the rows just replaced: resolve them, with the reason in their trail.
    await tx.query(
      `with closed as (
         update alerts set status = 'resolved', resolved_by = 'seed-demo', resolved_at = now(), resolve_reason = 'data replaced'
          where status <> 'resolved' returning id)
       insert into alert_events (alert_id, at, actor, action, details)
       select id, now(), 'seed-demo', 'resolved', '{"reason":"data replaced"}'::jsonb from closed`,
    );
    await insertSkuDaily(tx, data.rows, (done, total) => bar.update(done, total));
    await insertEtlRuns(tx, data.etlRuns);
    await insertIncidents(tx, data.incidents);
    // Sent as text: postgres.js would encode a string bound to a jsonb parameter as a JSON string.
    await tx.query(
      `insert into herald_meta (key, value, updated_at) values ($1, $2::text::jsonb, now())
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
      [DEMO_SEEDED_KEY, JSON.stringify({ seed, endDay, rows: data.rows.length, at: new Date().toISOString() })],
    );
  });

  const result: SeedDemoResult = {
    skus: new Set(data.rows.map((r) => r.sku)).size,
    days: new Set(data.rows.map((r) => r.day)).size,
    rows: data.rows.length,
    incidents: data.incidents.length,
  };
  bar.finish(
    `demo data: ${result.rows} rows (${result.skus} SKUs × ${result.days} days to ${endDay}, seed ${seed}), ` +
      `${result.incidents} labelled incidents in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return result;
}

async function insertEtlRuns(tx: Queryable, runs: DemoData['etlRuns']): Promise<void> {
  if (runs.length === 0) return;
  await tx.query(
    `insert into etl_runs (started_at, finished_at, status)
     select * from unnest($1::timestamptz[], $2::timestamptz[], $3::text[])`,
    [runs.map((r) => r.startedAt), runs.map((r) => r.finishedAt), runs.map((r) => r.status)],
  );
}

async function insertIncidents(tx: Queryable, incidents: DemoData['incidents']): Promise<void> {
  if (incidents.length === 0) return;
  await tx.query(
    `insert into demo_incidents (kind, sku, category, day_from, day_to, note)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::date[], $6::text[])`,
    [
      incidents.map((i) => i.kind),
      incidents.map((i) => i.sku),
      incidents.map((i) => i.category ?? null),
      incidents.map((i) => i.from),
      incidents.map((i) => i.to),
      incidents.map((i) => i.note),
    ],
  );
}
