/**
 * Reads what the daily anomaly scan needs from the ETL relation: only the days the detectors look
 * at (the last 15 days and the same weekday of earlier weeks — `daysNeeded`), not the whole year,
 * which keeps a 10,000-SKU scan to a few hundred thousand rows. Numbers come back as text, parsed
 * per row (`etl-row.ts`), so a NaN, a value beyond a double or a NULL reaches `validateRows` and is
 * reported instead of crashing the scan.
 */
import { addDays } from '../time/days.js';
import type { EtlFreshness } from '../insights/anomalies/etl.js';
import type { EtlRow, SkuDay } from '../insights/types.js';
import { validateRows } from '../insights/validate-rows.js';
import { etlColumns, parseEtlRow, storesRawText } from './etl-row.js';
import { quoteIdent, type Queryable } from './store.js';

/** The latest day with any row, or null for an empty relation. */
export async function latestDataDay(db: Queryable, relation: string): Promise<string | null> {
  const [row] = await db.query<{ day: string | null }>(`select max(day)::text as day from ${quoteIdent(relation)}`);
  return row?.day ?? null;
}

/**
 * Rows of the given days back from `date` (0 = `date` itself), and the rows whose day is NULL (so
 * they are reported, not silently ignored), unvalidated.
 */
export async function loadScanRows(db: Queryable, relation: string, date: string, daysBack: readonly number[]): Promise<EtlRow[]> {
  const days = daysBack.map((ago) => addDays(date, -ago));
  const columns = etlColumns(await storesRawText(db));
  const rows = await db.query(`select ${columns} from ${quoteIdent(relation)} where day = any($1::text::date[]) or day is null`, [`{${days.join(',')}}`]);
  return rows.map(parseEtlRow);
}

/** One SKU's valid rows of the last `days` days up to `date` (the Details chart). */
export async function loadSkuSeries(db: Queryable, relation: string, sku: string, date: string, days: number): Promise<SkuDay[]> {
  const rows = await db.query(
    `select ${etlColumns(await storesRawText(db))} from ${quoteIdent(relation)} where sku = $1 and day > $2::date - $3::int and day <= $2::date order by day`,
    [sku, date, days],
  );
  return validateRows(rows.map(parseEtlRow)).good;
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
