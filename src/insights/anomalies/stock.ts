import type { DetectorThresholds } from '../../config.js';
import { dedupKey, type AlertCandidate } from './candidate.js';
import { mean, round } from './robust.js';
import { severityFor } from './severity.js';
import { window, type SkuHistory } from './sku-history.js';

/**
 * `stockout` (stock 0 on a SKU that sells) and `low_cover` (stock lasts fewer days than the
 * threshold at the forecast rate). The forecast leans on the last 7 days and is steadied by the
 * last 14; days already out of stock are left out so a stock-out does not erase its own demand.
 */
export function detectStock(h: SkuHistory, t: DetectorThresholds): AlertCandidate | null {
  const stock = h.today.stock;
  if (stock === null) return null;
  const inStock = (d: { stock: number | null; units: number }) => (d.stock === 0 && d.units === 0 ? null : d.units);
  const last7 = window(h, stock === 0 ? 1 : 0, 7, inStock);
  const last14 = window(h, stock === 0 ? 1 : 0, 14, inStock);
  if (last7.length === 0 && last14.length === 0) return null;
  const demand = 0.7 * mean(last7.length ? last7 : last14) + 0.3 * mean(last14);
  if (demand < t.stockMinDailyUnits) return null;
  const revenue14 = window(h, 0, 14, (d) => d.revenue).reduce((a, b) => a + b, 0);
  const units14 = window(h, 0, 14, (d) => d.units).reduce((a, b) => a + b, 0);
  const unitPrice = units14 > 0 ? revenue14 / units14 : (h.today.price ?? 0);
  const atRisk = demand * unitPrice;
  const subject = { sku: h.sku, title: h.title, category: h.category };
  const evidence = { stock, forecastDailyUnits: round(demand), unitPrice: round(unitPrice), unitsToday: h.today.units };
  const band = { expected: t.lowCoverDays, expectedLow: t.lowCoverDays, expectedHigh: t.lowCoverDays };

  if (stock === 0) {
    let daysOut = 0;
    while (daysOut < 14 && h.at(daysOut)?.stock === 0) daysOut++;
    return {
      kind: 'stockout', ...subject, metric: 'days_of_cover', observed: 0, ...band,
      severity: severityFor(atRisk, t), atRisk: round(atRisk),
      evidence: { ...evidence, daysOut }, dedupKey: dedupKey('stockout', h.sku),
    };
  }
  // A rate read from a day or two back in stock (a small batch after a long stock-out) is no forecast.
  if (last14.length < 5) return null;
  const cover = stock / demand;
  if (cover >= t.lowCoverDays) return null;
  // Not lost yet: the money is at risk from the day stock runs out, so one level lower unless it is ≤ 1 day.
  const severity = cover <= 1 ? severityFor(atRisk, t) : severityFor(atRisk / 2, t);
  return {
    kind: 'low_cover', ...subject, metric: 'days_of_cover', observed: round(cover, 1), ...band,
    severity, atRisk: round(atRisk), evidence, dedupKey: dedupKey('low_cover', h.sku),
  };
}
