/**
 * Clean base data for the scan evaluation: demo shops (`generateDemo`) cut before their own
 * labelled incidents (they live in the last three weeks) and without the SKUs and categories they
 * touch, so every alert the detectors raise on it is planted by `inject.ts`, explained by the
 * simulation's own events (a real stock-out, a promotion), or false. Several shops (seeds) are
 * put side by side, SKUs prefixed by shop: a Zipf-shaped shop has only a dozen best-sellers and
 * a dozen mid-volume SKUs, too few to plant on fairly.
 */
import { generateDemo, type SimEvent } from '../../data/demo/generate-demo.js';
import { deriveSeed } from '../../data/demo/random.js';
import { addDays } from '../../time/days.js';
import type { SkuDay } from '../../insights/types.js';

export interface CleanBase {
  /** Rows up to and including `date`, sorted by SKU then day. */
  rows: SkuDay[];
  /** The last day of the base: the day every evaluation round scans. */
  date: string;
  /** The simulation's own events on the kept SKUs, up to `date`. */
  events: SimEvent[];
}

export function cleanBase(options: { seed: number; skus: number; days: number; endDay: string; shops?: number }): CleanBase {
  const shops = options.shops ?? 1;
  const date = addDays(options.endDay, -22);
  const rows: SkuDay[] = [];
  const events: SimEvent[] = [];
  for (let shop = 0; shop < shops; shop++) {
    const seed = shop === 0 ? options.seed : deriveSeed(options.seed, `shop:${shop}`);
    const demo = generateDemo({ seed, skus: options.skus, days: options.days + 22, endDay: options.endDay });
    const name = (sku: string) => (shop === 0 ? sku : `S${shop + 1}-${sku}`);
    const touchedSkus = new Set(demo.incidents.flatMap((i) => (i.sku ? [i.sku] : [])));
    const touchedCategories = new Set(demo.incidents.flatMap((i) => (i.category ? [i.category] : [])));
    const kept = new Set<string>();
    for (const r of demo.rows) {
      if (r.day > date || touchedSkus.has(r.sku) || (r.category && touchedCategories.has(r.category))) continue;
      kept.add(r.sku);
      rows.push({ ...r, sku: name(r.sku) });
    }
    for (const e of demo.events) if (e.day <= date && kept.has(e.sku)) events.push({ ...e, sku: name(e.sku) });
  }
  rows.sort((a, b) => (a.sku === b.sku ? (a.day < b.day ? -1 : 1) : a.sku < b.sku ? -1 : 1));
  return { rows, date, events };
}
