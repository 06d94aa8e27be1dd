/**
 * Real data nobody here generated: the UCI Online Retail (France) invoice lines aggregated per
 * StockCode per day into `sku_daily` rows. Sparse, long-tailed and without stock or ads — a
 * check that briefs and scans stay sane on someone else's numbers.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkuDay } from '../../insights/types.js';
import { sharedDataDir } from '../shared-data.js';
import { insertSkuDaily } from '../sku-daily-insert.js';
import type { Store } from '../store.js';
import { parseRetailCsv, type RetailLine } from './retail-csv.js';

export { RetailFormatError, parseRetailCsv, type RetailLine } from './retail-csv.js';

export const RETAIL_FILE = 'online-retail-france.csv';
/** The `herald_meta` key that marks a database as holding the retail sample. */
export const RETAIL_LOADED_KEY = 'retail_loaded';

/** `$HERALD_SHARED_DATA/retail/…`, else `../shared/data/retail/…` beside the repository. */
export function retailCsvPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(sharedDataDir(env), 'retail', RETAIL_FILE);
}

/**
 * Per StockCode per day: `units` = Σ quantity ordered and not cancelled, `orders` = distinct
 * invoices with units left, `revenue` = Σ units × unit price (2 dp), `price` = revenue ÷ units
 * when units > 0. A cancellation invoice (`C…`) is not a return: it cancels the same customer's
 * latest earlier order lines of that StockCode (on or before its day), which lose those units on
 * their own day — SPEC's `units` are "ordered and not cancelled". A cancellation with no such order
 * in the sample (placed before it, or without a customer) cancels nothing we saw and is dropped,
 * as are stray negative adjustments. The source has no returns, stock or ads: `returns` 0, stock
 * and ad clicks/impressions null, ad spend 0. Never negative. Ordered by day, then SKU.
 */
export function aggregateRetail(lines: readonly RetailLine[]): SkuDay[] {
  const titles = new Map<string, string>();
  const orders: OrderLine[] = [];
  const byCustomerSku = new Map<string, OrderLine[]>();
  const cancellations: RetailLine[] = [];
  for (const l of lines) {
    if (!titles.get(l.stockCode) && l.description) titles.set(l.stockCode, l.description);
    if (/^c/i.test(l.invoiceNo)) {
      if (l.quantity < 0) cancellations.push(l);
    } else if (l.quantity > 0) {
      const o = { line: l, units: l.quantity };
      orders.push(o);
      if (l.customerId) {
        const key = `${l.customerId}\u0000${l.stockCode}`;
        (byCustomerSku.get(key) ?? byCustomerSku.set(key, []).get(key)!).push(o);
      }
    }
  }
  for (const c of cancellations) {
    if (!c.customerId) continue;
    const candidates = (byCustomerSku.get(`${c.customerId}\u0000${c.stockCode}`) ?? []).filter((o) => o.line.day <= c.day && o.units > 0);
    let left = -c.quantity;
    for (let i = candidates.length - 1; i >= 0 && left > 0; i--) {
      const o = candidates[i]!;
      const take = Math.min(o.units, left);
      o.units -= take;
      left -= take;
    }
  }
  const groups = new Map<string, { day: string; sku: string; units: number; cents: number; invoices: Set<string> }>();
  for (const o of orders) {
    const key = `${o.line.day}\u0000${o.line.stockCode}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { day: o.line.day, sku: o.line.stockCode, units: 0, cents: 0, invoices: new Set() }));
    if (o.units === 0) continue;
    g.units += o.units;
    // Whole cents per line keep the sum exact; a negative price (bad-debt adjustment) adds nothing.
    g.cents += Math.max(0, Math.round(o.units * o.line.unitPrice * 100));
    g.invoices.add(o.line.invoiceNo);
  }
  const rows = [...groups.values()].map((g): SkuDay => {
    const revenue = g.cents / 100;
    return {
      day: g.day,
      sku: g.sku,
      title: titles.get(g.sku) ?? g.sku,
      category: null,
      units: g.units,
      orders: g.invoices.size,
      revenue,
      returns: 0,
      stock: null,
      price: g.units > 0 ? Math.round((revenue / g.units) * 100) / 100 : null,
      adSpend: 0,
      adClicks: null,
      adImpressions: null,
    };
  });
  return rows.sort((a, b) => (a.day === b.day ? (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0) : a.day < b.day ? -1 : 1));
}

/** An order line and the units of it not cancelled (yet). */
interface OrderLine {
  line: RetailLine;
  units: number;
}

/** Reads and aggregates the CSV (default: `retailCsvPath()`). Throws RetailFormatError naming the line. */
export async function readRetailRows(path: string = retailCsvPath()): Promise<SkuDay[]> {
  return aggregateRetail(parseRetailCsv(await readFile(path, 'utf8'), path));
}

export interface LoadRetailResult {
  rows: number;
  skus: number;
  /** First and last day, or null when there are no rows. */
  from: string | null;
  to: string | null;
}

/**
 * Replaces `sku_daily` with `rows` (and `etl_runs` with one `ok` run finished at `now`, so the
 * data counts as fresh), in one transaction, through the same bulk insert as the demo seeding.
 * The demo's incidents and marker are removed: they describe data that is gone.
 */
export async function loadRetailInto(store: Store, rows: readonly SkuDay[], options: { now?: Date } = {}): Promise<LoadRetailResult> {
  const now = (options.now ?? new Date()).toISOString();
  const days = rows.map((r) => r.day).sort();
  const result: LoadRetailResult = {
    rows: rows.length,
    skus: new Set(rows.map((r) => r.sku)).size,
    from: days[0] ?? null,
    to: days[days.length - 1] ?? null,
  };
  await store.transaction(async (tx) => {
    await tx.query('truncate sku_daily, etl_runs, demo_incidents restart identity');
    await tx.query(`delete from herald_meta where key = 'demo_seeded'`);
    await insertSkuDaily(tx, rows);
    await tx.query(`insert into etl_runs (started_at, finished_at, status) values ($1::timestamptz, $1::timestamptz, 'ok')`, [now]);
    await tx.query(
      `insert into herald_meta (key, value, updated_at) values ($1, $2::text::jsonb, now())
       on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
      [RETAIL_LOADED_KEY, JSON.stringify({ ...result, at: now })],
    );
  });
  return result;
}
