import type { DetectorThresholds } from '../../config.js';
import type { SkuDay } from '../types.js';
import { categoryDedupKey, type AlertCandidate } from './candidate.js';
import { MAD_TO_SIGMA, mad, round } from './robust.js';
import { lastingDrop } from './sales.js';
import { salesBaseline } from './sales-baseline.js';
import { severityFor } from './severity.js';
import type { SkuHistory } from './sku-history.js';

/**
 * `sales_drop` of a whole category: its SKUs' units summed per day, against the same weekday-aware
 * baseline as one SKU. A category of twenty 2-a-day SKUs that all sell half as much is a fall a
 * seller wants to hear about (a competitor's sale, a search-ranking change), though no single SKU
 * of it is big enough to alert. SKUs out of stock today are left out (a stock-out is its own alert),
 * and the fall must survive leaving out the SKU that lost the most, so it is not one product's fall.
 * Returns at most one candidate per category, `sku` null.
 */
export function detectCategoryDrops(histories: readonly SkuHistory[], t: DetectorThresholds): AlertCandidate[] {
  const byCategory = new Map<string, SkuHistory[]>();
  for (const h of histories) {
    if (h.category === null || h.today.stock === 0) continue;
    (byCategory.get(h.category) ?? byCategory.set(h.category, []).get(h.category)!).push(h);
  }
  const out: AlertCandidate[] = [];
  for (const [category, members] of byCategory) {
    if (members.length < t.categoryMinSkus) continue;
    const all = categoryFall(sumHistories(category, members), t);
    if (!all) continue;
    // The SKU that lost the most against its own same-weekday median must not carry the fall alone.
    const loss = (h: SkuHistory) => sameWeekdayMedian(h, t.salesBaselineWeeks) - h.today.units;
    const biggest = members.reduce((a, b) => (loss(b) > loss(a) ? b : a));
    if (!categoryFall(sumHistories(category, members.filter((h) => h !== biggest)), t)) continue;
    const { base, observed, windowDays } = all;
    const atRisk = (base.expected - observed) * base.unitPrice;
    out.push({
      kind: 'sales_drop', sku: null, title: null, category, metric: 'units',
      observed, expected: round(base.expected), expectedLow: round(base.low), expectedHigh: round(base.high),
      severity: severityFor(atRisk, t), atRisk: round(atRisk),
      evidence: {
        skus: members.length,
        windowDays,
        sameWeekday: base.sameWeekday.join(','),
        recentMeanUnits: round(base.recentMean),
        unitPrice: round(base.unitPrice),
        biggestLoserSku: biggest.sku,
      },
      dedupKey: categoryDedupKey('sales_drop', category),
    });
  }
  return out;
}

/**
 * The category's own band: σ from the same weekday of past weeks only (floored by Poisson and 10 %).
 * The SKU baseline also pools the last two weeks, which a fall lasting several days would itself
 * widen until it hides; a category sum is smooth enough for the weekday values alone.
 */
function categoryFall(h: SkuHistory, t: DetectorThresholds) {
  const found = salesBaseline(h, t);
  if (!found || found.expected < t.categoryMinBaselineUnits) return null;
  const sigma = Math.max(MAD_TO_SIGMA * mad(found.sameWeekday), Math.sqrt(found.expected), 0.1 * found.expected);
  const k = t.categoryBandSigmas;
  const base = { ...found, low: Math.max(0, found.expected - k * sigma), high: found.expected + k * sigma };
  const observed = h.today.units;
  if (observed < base.low && observed <= base.expected * (1 - t.categoryDropPct)) return { base, observed, windowDays: 1 };
  // A noisy category's single day may stay inside the band; `salesDropDays` low days together do not.
  const lasting = lastingDrop(h, { ...t, salesBandSigmas: k }, { minLevel: t.categoryMinBaselineUnits, dropPct: t.categoryDropPct });
  if (!lasting) return null;
  return {
    base: { ...found, expected: lasting.expected, low: lasting.low, high: lasting.high },
    observed: round(lasting.observed, 1),
    windowDays: lasting.units.length,
  };
}

function sameWeekdayMedian(h: SkuHistory, weeks: number): number {
  const values: number[] = [];
  for (let w = 1; w <= weeks; w++) values.push(h.at(7 * w)?.units ?? 0);
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** One history whose day is the members' sum (units, orders, revenue, returns); stock and price unknown. */
export function sumHistories(category: string, members: readonly SkuHistory[]): SkuHistory {
  const first = members[0]!;
  const cache = new Map<number, SkuDay | null>();
  const firstAgo = Math.max(...members.map((m) => m.firstAgo));
  const at = (ago: number): SkuDay | null => {
    const hit = cache.get(ago);
    if (hit !== undefined) return hit;
    let day: SkuDay | null = null;
    for (const m of members) {
      const d = m.at(ago);
      if (!d) continue;
      day ??= { ...d, sku: `category:${category}`, title: category, category, units: 0, orders: 0, revenue: 0, returns: 0, stock: null, price: null, adSpend: 0, adClicks: null, adImpressions: null };
      day.units += d.units;
      day.orders += d.orders;
      day.revenue += d.revenue;
      day.returns += d.returns;
    }
    cache.set(ago, day);
    return day;
  };
  return { sku: `category:${category}`, title: category, category, date: first.date, today: at(0)!, firstAgo, at };
}
