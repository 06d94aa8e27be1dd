/** Hand-made daily series for detector tests: a clean base with a weekly pattern, then edits. */
import { addDays } from '../../../src/time/days.js';
import type { SkuDay } from '../../../src/insights/types.js';

export const DATE = '2026-11-22';

/** Units by weekday (Sunday first): weekends sell more, like most marketplace shops. */
export const WEEKLY = [34, 22, 20, 21, 23, 26, 38];

export interface SeriesOptions {
  sku?: string;
  category?: string;
  days?: number;
  /** Units on day i (0 = oldest); default the weekly pattern with ±2 deterministic wobble. */
  units?: (i: number, day: string) => number;
  price?: number;
  stock?: number;
  adShare?: number;
}

/** `days` rows ending on DATE, consistent (revenue = units × price, stock plentiful, ads steady). */
export function series(o: SeriesOptions = {}): SkuDay[] {
  const n = o.days ?? 70;
  const price = o.price ?? 500;
  const rows: SkuDay[] = [];
  for (let i = 0; i < n; i++) {
    const day = addDays(DATE, i - n + 1);
    const units = o.units ? o.units(i, day) : WEEKLY[new Date(`${day}T00:00:00Z`).getUTCDay()]! + ((i * 7) % 5) - 2;
    rows.push({
      day, sku: o.sku ?? 'A1', title: 'Кружка керамическая', category: o.category ?? 'Посуда',
      units, orders: units, revenue: units * price, returns: units > 10 && i % 9 === 0 ? 1 : 0,
      stock: o.stock ?? 2_000, price, adSpend: Math.round(units * price * (o.adShare ?? 0.08)), adClicks: 100, adImpressions: 5_000,
    });
  }
  return rows;
}

/** Replaces the last `count` rows with `edit` applied. */
export function editLast(rows: SkuDay[], count: number, edit: (r: SkuDay) => Partial<SkuDay>): SkuDay[] {
  return rows.map((r, i) => (i >= rows.length - count ? { ...r, ...edit(r) } : r));
}

/** A small deterministic Poisson-like generator for low-volume noise. */
export function lowVolume(seed: number): (i: number) => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const u = s / 2_147_483_648;
    return u < 0.37 ? 0 : u < 0.74 ? 1 : u < 0.92 ? 2 : u < 0.98 ? 3 : 4;
  };
}
