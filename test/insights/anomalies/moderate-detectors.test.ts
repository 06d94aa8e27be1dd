/**
 * The rules for incidents a seller expects below the best-seller thresholds: mid-volume spikes and
 * lasting drops, a deep overnight price cut on a steady price, a whole category's fall, and a zero
 * streak that does not count stock-out days. Pure functions on hand-made series.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { detectCategoryDrops } from '../../../src/insights/anomalies/category.js';
import { detectAnomalies } from '../../../src/insights/anomalies/detect-anomalies.js';
import { detectPrice } from '../../../src/insights/anomalies/price.js';
import { detectSales } from '../../../src/insights/anomalies/sales.js';
import { buildHistories } from '../../../src/insights/anomalies/sku-history.js';
import type { SkuDay } from '../../../src/insights/types.js';
import { DATE, editLast, series } from './series.js';

const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.detectors;
const history = (rows: SkuDay[]) => buildHistories(rows, DATE)[0]!;
/** A steady mid-volume seller: 4–6 units every day. */
const mid = (sku = 'M1') => series({ sku, units: (i) => 4 + (i % 3), price: 800 });

describe('mid-volume SKUs (3–8 units a day)', () => {
  it('flag a promotion spike (about 6 → 34 units)', () => {
    const c = detectSales(history(editLast(mid(), 1, () => ({ units: 34, orders: 34, revenue: 34 * 800 }))), thresholds);
    expect(c).toMatchObject({ kind: 'sales_spike', sku: 'M1', observed: 34 });
    expect(c!.expected).toBeLessThan(thresholds.salesMinBaselineUnits);
  });

  it('do not flag a day at twice the usual', () => {
    expect(detectSales(history(editLast(mid(), 1, () => ({ units: 10, orders: 10, revenue: 8_000 }))), thresholds)).toBeNull();
  });

  it('flag three days at a fifth of the usual as a lasting drop, in per-day figures', () => {
    const c = detectSales(history(editLast(mid(), 3, () => ({ units: 1, orders: 1, revenue: 800 }))), thresholds);
    expect(c).toMatchObject({ kind: 'sales_drop', sku: 'M1', observed: 1 });
    expect(c!.evidence).toMatchObject({ windowDays: 3, windowUnits: '1,1,1' });
    expect(c!.expectedLow).toBeGreaterThan(1);
  });

  it('do not flag one slow day, nor three days at three quarters', () => {
    expect(detectSales(history(editLast(mid(), 1, () => ({ units: 1, orders: 1, revenue: 800 }))), thresholds)).toBeNull();
    expect(detectSales(history(editLast(mid(), 3, (r) => ({ units: Math.round(r.units * 0.75) }))), thresholds)).toBeNull();
  });

  it('leave lumpy sellers alone (a big order every few days is no rhythm)', () => {
    const lumpy = series({ sku: 'W1', units: (i) => (i % 4 === 0 ? 20 : 0), price: 100 });
    expect(detectSales(history(editLast(lumpy, 1, () => ({ units: 60, orders: 1, revenue: 6_000 }))), thresholds)).toBeNull();
  });
});

describe('price_anomaly on a deep overnight cut', () => {
  it('flags a 35 % cut on a steady price as a likely pricing error', () => {
    const c = detectPrice(history(editLast(series(), 1, () => ({ price: 325 }))), thresholds);
    expect(c).toMatchObject({ kind: 'price_anomaly', observed: 325, expected: 500 });
    expect(c!.evidence.likelyPricingError).toBe('yes');
    expect(c!.evidence.likelyTypo).toBe('no');
  });

  it('ignores a 15 % cut, and a 35 % cut on a price that was already moving', () => {
    expect(detectPrice(history(editLast(series(), 1, () => ({ price: 425 }))), thresholds)).toBeNull();
    const moving = series().map((r, i) => ({ ...r, price: i % 2 ? 500 : 540 }));
    expect(detectPrice(history(editLast(moving, 1, () => ({ price: 340 }))), thresholds)).toBeNull();
  });

  it('does not call a 35 % rise a pricing error', () => {
    expect(detectPrice(history(editLast(series(), 1, () => ({ price: 675 }))), thresholds)).toBeNull();
  });
});

describe('sales_drop of a whole category', () => {
  /** Ten 2–3 a day SKUs of «Одежда»: none big enough to alert alone, 25 a day together. */
  const category = (factor: (sku: number) => number, days = 3) =>
    Array.from({ length: 10 }, (_, k) => {
      const rows = series({ sku: `C${k}`, category: 'Одежда', units: (i) => 2 + ((i + k) % 2), price: 1_000 });
      return editLast(rows, days, (r) => {
        const units = Math.round(r.units * factor(k));
        return { units, orders: units, revenue: units * 1_000 };
      });
    }).flat();
  const detect = (rows: SkuDay[]) => detectCategoryDrops(buildHistories(rows, DATE), thresholds);

  it('flags a fall to 40 % across the category, with no SKU and the category named', () => {
    const [c, ...rest] = detect(category(() => 0.4));
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ kind: 'sales_drop', sku: null, category: 'Одежда', metric: 'units', dedupKey: 'sales_drop:category:Одежда' });
    expect(c!.observed).toBeLessThan(c!.expectedLow);
    expect(c!.evidence.skus).toBe(10);
  });

  it('stays quiet on a 15 % dip and when one SKU carries the whole fall', () => {
    expect(detect(category(() => 0.85))).toEqual([]);
    const rows = [
      ...category(() => 1),
      ...editLast(series({ sku: 'BIG', category: 'Одежда', units: () => 20, price: 1_000 }), 3, () => ({ units: 0, orders: 0, revenue: 0 })),
    ];
    expect(detect(rows)).toEqual([]);
  });

  it('leaves SKUs out of stock today out of the category (a stock-out is its own alert)', () => {
    const rows = category(() => 1).map((r) => (r.day === DATE && r.sku < 'C6' ? { ...r, units: 0, orders: 0, revenue: 0, stock: 0 } : r));
    expect(detect(rows)).toEqual([]);
  });

  it('is part of the daily scan', () => {
    const found = detectAnomalies({ date: DATE, rows: category(() => 0.4), thresholds }).candidates;
    expect(found.filter((c) => c.sku === null).map((c) => c.dedupKey)).toEqual(['sales_drop:category:Одежда']);
  });
});

describe('zero_sales', () => {
  it('does not count stock-out days into the zero streak', () => {
    // Out of stock for four days, restocked today, no sale yet today: not a listing problem.
    const rows = editLast(series({ units: () => 5, price: 800 }), 5, (r) =>
      r.day === DATE ? { units: 0, orders: 0, revenue: 0, stock: 40 } : { units: 0, orders: 0, revenue: 0, stock: 0 });
    expect(detectSales(history(rows), thresholds)).toBeNull();
  });

  it('does not take one sale two weeks ago as the level before a zero streak', () => {
    const rows = series({ units: (i, day) => (day === '2026-11-08' ? 2 : 0), price: 800, stock: 5 });
    expect(detectSales(history(rows), thresholds)).toBeNull();
  });
});
