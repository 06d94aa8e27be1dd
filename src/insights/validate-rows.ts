import type { BadRow, EtlRow, SkuDay } from './types.js';

const REQUIRED_TEXT = ['day', 'sku'] as const;
const NON_NEGATIVE = ['units', 'orders', 'revenue', 'returns', 'adSpend'] as const;
const OPTIONAL_NUMBERS = ['stock', 'price', 'adClicks', 'adImpressions'] as const;
const TEXT = ['sku', 'title', 'category'] as const;

/**
 * Splits ETL rows into the ones we can trust and the ones we report and skip (SPEC section 4):
 * a NULL day, SKU or required figure, negative units / revenue / returns / ad spend, NaN or infinite
 * numbers (a value beyond a double included), negative stock or price, text that was not valid
 * UTF-8, and both rows of a duplicated (day, sku) — neither can be trusted.
 */
export function validateRows(rows: readonly EtlRow[]): { good: SkuDay[]; bad: BadRow[] } {
  // Count (day, sku) pairs without building a composite string per row (80k rows in a brief).
  const perDay = new Map<string | null, Map<string | null, number>>();
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
    // Every required column was checked above: the row is a SkuDay now.
    else good.push({ ...r, title: r.title ?? r.sku } as SkuDay);
  }
  return { good, bad };
}

function rowProblem(r: EtlRow, copies: number): string | null {
  for (const key of REQUIRED_TEXT) if (r[key] === null) return `${key} is NULL`;
  for (const key of TEXT) {
    const v = r[key];
    if (v !== null && !wellFormed(v)) return `${key} is not valid UTF-8 text`;
  }
  if (copies > 1) return `duplicated (day, sku): ${copies} rows`;
  for (const key of NON_NEGATIVE) {
    const v = r[key];
    if (v === null) return `${column(key)} is NULL`;
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

/**
 * Text that reached us from bytes that were not UTF-8 (a SQL_ASCII database, a bad import) carries
 * U+FFFD where the drivers could not decode; a lone surrogate cannot be printed or stored either.
 */
function wellFormed(s: string): boolean {
  return !s.includes('\uFFFD') && !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** The ETL column name, as the user knows it. */
function column(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
