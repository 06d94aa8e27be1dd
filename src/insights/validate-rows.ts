import type { BadRow, SkuDay } from './types.js';

const NON_NEGATIVE = ['units', 'orders', 'revenue', 'returns', 'adSpend'] as const;
const OPTIONAL_NUMBERS = ['stock', 'price', 'adClicks', 'adImpressions'] as const;

/**
 * Splits ETL rows into the ones we can trust and the ones we report and skip (SPEC section 4):
 * negative units / revenue / returns / ad spend, NaN or infinite numbers, negative stock or price,
 * and both rows of a duplicated (day, sku) — neither can be trusted.
 */
export function validateRows(rows: readonly SkuDay[]): { good: SkuDay[]; bad: BadRow[] } {
  // Count (day, sku) pairs without building a composite string per row (80k rows in a brief).
  const perDay = new Map<string, Map<string, number>>();
  for (const r of rows) {
    let skus = perDay.get(r.day);
    if (!skus) perDay.set(r.day, (skus = new Map()));
    skus.set(r.sku, (skus.get(r.sku) ?? 0) + 1);
  }

  const good: SkuDay[] = [];
  const bad: BadRow[] = [];
  for (const r of rows) {
    const reason = rowProblem(r, perDay.get(r.day)!.get(r.sku)!);
    if (reason) bad.push({ day: r.day, sku: r.sku, reason });
    else good.push(r);
  }
  return { good, bad };
}

function rowProblem(r: SkuDay, copies: number): string | null {
  if (copies > 1) return `duplicated (day, sku): ${copies} rows`;
  for (const key of NON_NEGATIVE) {
    const v = r[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) return `${column(key)} is not a finite number (${String(v)})`;
    if (v < 0) return `${column(key)} is negative (${v})`;
  }
  for (const key of OPTIONAL_NUMBERS) {
    const v = r[key];
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return `${column(key)} is not a finite number (${String(v)})`;
    if (v < 0) return `${column(key)} is negative (${v})`;
  }
  return null;
}

/** The ETL column name, as the user knows it. */
function column(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
