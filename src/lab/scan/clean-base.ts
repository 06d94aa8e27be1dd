/**
 * Clean base data for the scan evaluation: the demo shop (`generateDemo`) cut before its own
 * labelled incidents (they live in the last three weeks) and without the SKUs and categories they
 * touch, so every alert the detectors raise on it is either planted by `inject.ts` or false.
 */
import { generateDemo } from '../../data/demo/generate-demo.js';
import { addDays } from '../../time/days.js';
import type { SkuDay } from '../../insights/types.js';

export interface CleanBase {
  /** Rows up to and including `date`, sorted by SKU then day. */
  rows: SkuDay[];
  /** The last day of the base: the day every evaluation round scans. */
  date: string;
}

export function cleanBase(options: { seed: number; skus: number; days: number; endDay: string }): CleanBase {
  const demo = generateDemo({ seed: options.seed, skus: options.skus, days: options.days + 22, endDay: options.endDay });
  const date = addDays(options.endDay, -22);
  const touchedSkus = new Set(demo.incidents.flatMap((i) => (i.sku ? [i.sku] : [])));
  const touchedCategories = new Set(demo.incidents.flatMap((i) => (i.category ? [i.category] : [])));
  const rows = demo.rows
    .filter((r) => r.day <= date && !touchedSkus.has(r.sku) && !(r.category && touchedCategories.has(r.category)))
    .sort((a, b) => (a.sku === b.sku ? (a.day < b.day ? -1 : 1) : a.sku < b.sku ? -1 : 1));
  return { rows, date };
}
