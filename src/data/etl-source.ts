/**
 * The ETL source: everything Herald reads from the shop's data (SPEC section 4) goes through this
 * one interface, so the brief, the scan and the chat commands work the same whether the data is
 * reached with SQL (`DATABASE_URL`, the usual case) or through Supabase's REST API
 * (`SUPABASE_URL` + `SUPABASE_KEY`, for teams that have only the project URL and a key). Herald's
 * own state (alerts, outbox, call log) never goes through here: it stays in the Store.
 */
import type { Config } from '../config.js';
import type { EtlFreshness } from '../insights/anomalies/etl.js';
import { addDays } from '../time/days.js';
import type { DailyPoint, EtlRow, SkuDay } from '../insights/types.js';
import { EtlReader, type EtlRelations } from './etl-reader.js';
import { loadEtlFreshness, loadScanRows, loadSkuSeries } from './scan-loader.js';
import { quoteIdent, type Queryable } from './store.js';
import { createSupabaseEtlSource } from './supabase-etl-source.js';

export interface EtlSource {
  /** `sql` or `supabase`: shown by `doctor` and `/status`. */
  readonly kind: 'sql' | 'supabase';
  /** First and last day with data, or nulls for an empty relation. */
  dayRange(): Promise<{ first: string | null; last: string | null }>;
  /** Raw rows of the days `from`…`to` inclusive, and rows whose day is NULL (reported, not ignored), unvalidated. */
  rows(from: string, to: string): Promise<EtlRow[]>;
  /** Raw rows of the days `daysBack` before `date` (0 = `date`): the scan reads only those. */
  scanRows(date: string, daysBack: readonly number[]): Promise<EtlRow[]>;
  /** One SKU's last `days` days up to `date`, oldest first (the Details chart). */
  skuSeries(sku: string, date: string, days: number): Promise<SkuDay[]>;
  /** The first day each of `skus` ever sold (null when never). */
  firstSaleDays(skus: readonly string[]): Promise<Record<string, string | null>>;
  /** Shop totals per day for `from`…`to`, skipping values a brief would skip; oldest first. */
  dailyTotals(from: string, to: string): Promise<DailyPoint[]>;
  /** When the last successful ETL run finished, ISO 8601 UTC to the second, or null. */
  lastEtlFinishedAt(): Promise<string | null>;
  /**
   * The same instant to the microsecond as fixed-width UTC text (`2026-11-23T05:12:09.123456Z`),
   * which compares as a string: the scheduler knows a run by it (runs have no id in SPEC §4).
   */
  latestFinishedRun(): Promise<string | null>;
  /** The last successful run and whether the ETL reports runs at all (the `etl_stale` check). */
  etlFreshness(): Promise<EtlFreshness>;
  /**
   * The columns of `relation` (or of `etlRunsRelation` with `runs`) and their SQL types — null
   * types when the source cannot tell (the API shows values, not types) — or null when the
   * relation does not exist. `herald doctor` checks them against SPEC §4.
   */
  columns(which: 'data' | 'runs'): Promise<Record<string, string | null> | null>;
}

/** The ETL source over SQL: the relation is read with parameterised queries on `db`. */
export function createSqlEtlSource(db: Queryable, relations: EtlRelations): EtlSource {
  const reader = new EtlReader(db, relations);
  return {
    kind: 'sql',
    dayRange: () => reader.dayRange(),
    rows: (from, to) => reader.rows(from, to),
    scanRows: (date, daysBack) => loadScanRows(db, relations.relation, date, daysBack),
    skuSeries: (sku, date, days) => loadSkuSeries(db, relations.relation, sku, date, days),
    firstSaleDays: (skus) => reader.firstSaleDays(skus),
    dailyTotals: (from, to) => reader.dailyTotals(from, to),
    lastEtlFinishedAt: () => reader.lastEtlFinishedAt(),
    async latestFinishedRun() {
      const [row] = await db.query<{ at: string | null }>(
        `select to_char(max(finished_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
           from ${quoteIdent(relations.etlRunsRelation)}
          where finished_at is not null and lower(status) in ('ok', 'success', 'done')`,
      );
      return row?.at ?? null;
    },
    etlFreshness: () => loadEtlFreshness(db, relations.etlRunsRelation),
    async columns(which) {
      const name = which === 'data' ? relations.relation : relations.etlRunsRelation;
      const [found] = await db.query<{ oid: string | null }>('select to_regclass($1)::oid::text as oid', [quoteIdent(name)]);
      if (!found?.oid) return null;
      const rows = await db.query<{ name: string; type: string }>(
        `select attname::text as name, format_type(atttypid, atttypmod) as type from pg_attribute
          where attrelid = $1::text::oid and attnum > 0 and not attisdropped order by attnum`,
        [found.oid],
      );
      return Object.fromEntries(rows.map((r) => [r.name, r.type]));
    },
  };
}

/**
 * The source the configuration asks for: Supabase's API when `SUPABASE_URL` and `SUPABASE_KEY`
 * are set, else SQL on `db` (the Store, which holds the ETL relation too).
 */
export function etlSourceFor(db: Queryable, config: Pick<Config, 'data'> & { supabase?: Config['supabase'] | undefined }): EtlSource {
  if (config.supabase) return createSupabaseEtlSource({ url: config.supabase.url, key: config.supabase.key, relations: config.data });
  return createSqlEtlSource(db, config.data);
}

/** The latest day with data (null for an empty relation). */
export async function latestDay(source: EtlSource): Promise<string | null> {
  return (await source.dayRange()).last;
}

/** The rows and facts a brief for `date` needs: the last 8 days and the first sale of new SKUs. */
export async function briefWindow(source: EtlSource, date: string): Promise<{ rows: EtlRow[]; firstSaleDay: Record<string, string | null> }> {
  const rows = await source.rows(addDays(date, -7), date);
  const sold = (r: EtlRow): r is EtlRow & { day: string; sku: string } => r.day !== null && r.sku !== null && (r.units ?? 0) > 0;
  const soldBefore = new Set(rows.filter((r) => sold(r) && r.day < date).map((r) => r.sku));
  const candidates = [...new Set(rows.filter((r) => sold(r) && r.day === date && !soldBefore.has(r.sku)).map((r) => r.sku!))];
  return { rows, firstSaleDay: await source.firstSaleDays(candidates) };
}
