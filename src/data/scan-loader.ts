/**
 * Reads what the daily anomaly scan needs from the ETL relation: only the days the detectors look
 * at (the last 15 days and the same weekday of earlier weeks — `daysNeeded`), not the whole year,
 * which keeps a 10,000-SKU scan to a few hundred thousand rows. Numbers come back as float8 so a
 * NaN or a negative value reaches `validateRows` and is reported instead of crashing the scan.
 */
import { addDays } from '../insights/days.js';
import type { EtlFreshness } from '../insights/anomalies/etl.js';
import type { SkuDay } from '../insights/types.js';
import { quoteIdent, type Queryable } from './store.js';

/** The latest day with any row, or null for an empty relation. */
export async function latestDataDay(db: Queryable, relation: string): Promise<string | null> {
  const [row] = await db.query<{ day: string | null }>(`select max(day)::text as day from ${quoteIdent(relation)}`);
  return row?.day ?? null;
}

const COLUMNS = `day::text as day, sku::text as sku, title::text as title, category::text as category,
  units::float8 as units, orders::float8 as orders, revenue::float8 as revenue, returns::float8 as returns,
  stock::float8 as stock, price::float8 as price, ad_spend::float8 as "adSpend",
  ad_clicks::float8 as "adClicks", ad_impressions::float8 as "adImpressions"`;

/** Rows of the given days back from `date` (0 = `date` itself). */
export async function loadScanRows(db: Queryable, relation: string, date: string, daysBack: readonly number[]): Promise<SkuDay[]> {
  const days = daysBack.map((ago) => addDays(date, -ago));
  return db.query<SkuDay & Record<string, unknown>>(
    `select ${COLUMNS} from ${quoteIdent(relation)} where day = any($1::text::date[])`,
    [`{${days.join(',')}}`],
  );
}

/** One SKU's last `days` days up to `date` (the Details chart). */
export async function loadSkuSeries(db: Queryable, relation: string, sku: string, date: string, days: number): Promise<SkuDay[]> {
  return db.query<SkuDay & Record<string, unknown>>(
    `select ${COLUMNS} from ${quoteIdent(relation)} where sku = $1 and day > $2::date - $3::int and day <= $2::date order by day`,
    [sku, date, days],
  );
}

/** When the ETL last finished successfully (status ok / success / done, any case). */
export async function loadEtlFreshness(db: Queryable, relation: string): Promise<EtlFreshness> {
  const [row] = await db.query<{ last: string | null; runs: number }>(
    `select to_char(max(finished_at) filter (where finished_at is not null and lower(status) in ('ok', 'success', 'done'))
              at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last,
            count(*)::int as runs
       from ${quoteIdent(relation)}`,
  );
  return { lastOkFinishedAt: row?.last ? new Date(row.last) : null, anyRuns: (row?.runs ?? 0) > 0 };
}
