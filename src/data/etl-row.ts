/**
 * How an ETL row is read so that no value can fail the query: numbers come back as text and are
 * parsed per row here (a `::float8` cast in SQL throws on `numeric` 1e309 and kills the whole
 * brief), NULLs stay NULL, and `validateRows` then reports what does not fit (SPEC section 4).
 */
import type { EtlRow } from '../insights/types.js';
import type { Queryable, Row } from './store.js';

/**
 * The contract's columns (SPEC section 4), every number as text. On a SQL_ASCII server (which
 * stores any bytes) text is read as raw bytes: Postgres would otherwise fail the whole query on the
 * first byte that is not UTF-8 ("invalid byte sequence"); decoded here, such a row is a bad row.
 */
export function etlColumns(rawText: boolean): string {
  const text = (col: string) => (rawText ? `convert_to(${col}::text, 'SQL_ASCII') as ${col}` : `${col}::text as ${col}`);
  return `day::text as day, ${text('sku')}, ${text('title')}, ${text('category')},
  units::text as units, orders::text as orders, revenue::text as revenue, returns::text as returns,
  stock::text as stock, price::text as price, ad_spend::text as "adSpend",
  ad_clicks::text as "adClicks", ad_impressions::text as "adImpressions"`;
}

/** True when the server stores text unchecked (SQL_ASCII): read it with `etlColumns(true)`. */
export async function storesRawText(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ encoding: string }>(`select current_setting('server_encoding') as encoding`);
  return row?.encoding === 'SQL_ASCII';
}

/** Bytes that are not UTF-8 decode with U+FFFD in their place, which `validateRows` reports. */
function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Uint8Array ? new TextDecoder('utf-8').decode(v) : String(v);
}

const NUMBERS = ['units', 'orders', 'revenue', 'returns', 'stock', 'price', 'adSpend', 'adClicks', 'adImpressions'] as const;

/** `Number` of the text Postgres printed: "NaN", "Infinity" and anything beyond a double become NaN / ±Infinity. */
function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : Number(v);
}

/** One row as read with `etlColumns` → an `EtlRow` for validation. */
export function parseEtlRow(r: Row): EtlRow {
  const row = {
    day: (r.day as string | null) ?? null,
    sku: toText(r.sku),
    title: toText(r.title),
    category: toText(r.category),
  } as EtlRow;
  for (const key of NUMBERS) row[key] = toNumber(r[key]);
  return row;
}

/**
 * SQL for `col` when it is a finite, non-negative number that fits a double, else NULL — the
 * comparisons run in the column's own type, so nothing is cast before it is known to fit.
 */
export function finiteNonNegative(col: string): string {
  return `case when ${col} >= 0 and ${col} <= 1.7976931348623157e308 then ${col}::float8 end`;
}
