/**
 * Bulk insert of `sku_daily` rows, shared by the demo seeding and the retail import. PGlite pays
 * a large cost per statement, so rows go in as column arrays through `unnest`, one statement per
 * chunk, instead of one statement (or one VALUES tuple list) per row.
 */
import type { SkuDay } from '../insights/types.js';
import type { Queryable } from './store.js';

/** Rows per statement: 5,000 keeps each statement's parameters a few hundred kB on both drivers. */
export const INSERT_CHUNK_ROWS = 5_000;

const INSERT_SQL = `insert into sku_daily
  (day, sku, title, category, units, orders, revenue, returns, stock, price, ad_spend, ad_clicks, ad_impressions)
  select * from unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::numeric[],
                       $8::int[], $9::int[], $10::numeric[], $11::numeric[], $12::int[], $13::int[])`;

/**
 * Inserts `rows` into `sku_daily` (of the connection or transaction given) and returns how many.
 * `onProgress(done, total)` is called after each chunk.
 */
export async function insertSkuDaily(
  db: Queryable,
  rows: readonly SkuDay[],
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
    await db.query(INSERT_SQL, [
      chunk.map((r) => r.day),
      chunk.map((r) => r.sku),
      chunk.map((r) => r.title),
      chunk.map((r) => r.category),
      chunk.map((r) => r.units),
      chunk.map((r) => r.orders),
      chunk.map((r) => r.revenue),
      chunk.map((r) => r.returns),
      chunk.map((r) => r.stock),
      chunk.map((r) => r.price),
      chunk.map((r) => r.adSpend),
      chunk.map((r) => r.adClicks),
      chunk.map((r) => r.adImpressions),
    ]);
    onProgress?.(Math.min(rows.length, start + chunk.length), rows.length);
  }
  return rows.length;
}
