import { addDays } from '../../time/days.js';
import type { SkuDay } from '../types.js';

/**
 * One SKU's recent days, indexed by how many days before the scan date they are (0 = the scan
 * date). A day without a row counts as no sales (many ETLs skip zero days) with unknown stock and
 * price — but only after the SKU's first row: before it the SKU did not exist yet.
 */
export interface SkuHistory {
  sku: string;
  title: string;
  category: string | null;
  date: string;
  /** The scan date's row; detectors skip SKUs without one. */
  today: SkuDay;
  /** Days back (1, 2, …) to the first row seen. */
  firstAgo: number;
  /** The row `ago` days before the scan date, or a zero day when missing (null before the SKU existed). */
  at(ago: number): SkuDay | null;
}

/** Groups valid rows by SKU into histories for `date`; SKUs with no row on `date` are left out. */
export function buildHistories(rows: readonly SkuDay[], date: string): SkuHistory[] {
  const bySku = new Map<string, Map<number, SkuDay>>();
  const base = Date.parse(`${date}T00:00:00Z`);
  for (const r of rows) {
    const ago = Math.round((base - Date.parse(`${r.day}T00:00:00Z`)) / 86_400_000);
    if (ago < 0) continue;
    let m = bySku.get(r.sku);
    if (!m) bySku.set(r.sku, (m = new Map()));
    m.set(ago, r);
  }
  const out: SkuHistory[] = [];
  for (const [sku, m] of bySku) {
    const today = m.get(0);
    if (!today) continue;
    let firstAgo = 0;
    for (const ago of m.keys()) if (ago > firstAgo) firstAgo = ago;
    out.push({
      sku,
      title: today.title,
      category: today.category,
      date,
      today,
      firstAgo,
      at(ago) {
        const row = m.get(ago);
        if (row) return row;
        if (ago > firstAgo) return null;
        return zeroDay(today, addDays(date, -ago));
      },
    });
  }
  return out;
}

function zeroDay(like: SkuDay, day: string): SkuDay {
  return {
    day, sku: like.sku, title: like.title, category: like.category,
    units: 0, orders: 0, revenue: 0, returns: 0, stock: null, price: null, adSpend: 0, adClicks: null, adImpressions: null,
  };
}

/** Values of `pick` for the days `from`…`to` back (inclusive), skipping days before the SKU existed. */
export function window(h: SkuHistory, from: number, to: number, pick: (d: SkuDay) => number | null): number[] {
  const out: number[] = [];
  for (let ago = from; ago <= to; ago++) {
    const d = h.at(ago);
    if (!d) continue;
    const v = pick(d);
    if (v !== null) out.push(v);
  }
  return out;
}

/**
 * The days (back from the scan date) any detector reads: the last 14 days and the same weekday of
 * the last `weeks` weeks. The loader fetches only these, which keeps the daily scan fast.
 */
export function daysNeeded(weeks: number): number[] {
  const set = new Set<number>();
  for (let ago = 0; ago <= 14; ago++) set.add(ago);
  for (let w = 1; w <= weeks; w++) set.add(7 * w);
  return [...set].sort((a, b) => a - b);
}
