import type { DetectorThresholds } from '../../config.js';
import { MAD_TO_SIGMA, mean, median } from './robust.js';
import { window, type SkuHistory } from './sku-history.js';

/** The expected units for the scan date and the band around it. */
export interface SalesBaseline {
  expected: number;
  low: number;
  high: number;
  /** Same-weekday units of the last weeks (oldest last), for the evidence. */
  sameWeekday: number[];
  /** Mean units/day over the last 7 days before the scan date. */
  recentMean: number;
  /** Mean revenue per unit over the last 14 days (to turn units into money at risk). */
  unitPrice: number;
}

/**
 * Weekday-aware robust baseline: the median of the same weekday over the last N weeks, blended
 * with the recent level (mean of the last 7 days) so a lasting change is followed within a week
 * or two. The band is `expected ± k·σ`, σ the larger of the scaled MAD of the pooled deviations
 * (same-weekday values from their median, last 14 days from theirs),
 * Poisson noise √expected and 10 % of expected — so small counts never look anomalous.
 * Returns null when fewer than 3 same-weekday days exist (a new SKU has no baseline yet).
 */
export function salesBaseline(h: SkuHistory, t: DetectorThresholds): SalesBaseline | null {
  const sameWeekday: number[] = [];
  for (let w = 1; w <= t.salesBaselineWeeks; w++) {
    const d = h.at(7 * w);
    if (d) sameWeekday.push(d.units);
  }
  if (sameWeekday.length < 3) return null;
  const recent = window(h, 1, 7, (d) => d.units);
  const recentMean = mean(recent);
  const weekdayMedian = median(sameWeekday);
  const expected = 0.7 * weekdayMedian + 0.3 * recentMean;
  // Six same-weekday values alone give a noisy spread: pool their deviations with the last two
  // weeks' deviations from their own median (≈20 points) for one robust scale.
  const recent14 = window(h, 1, 14, (d) => d.units);
  const recentMedian = median(recent14);
  const deviations = [...sameWeekday.map((v) => v - weekdayMedian), ...recent14.map((v) => v - recentMedian)];
  const sigma = Math.max(MAD_TO_SIGMA * median(deviations.map(Math.abs)), Math.sqrt(expected), 0.1 * expected);
  const k = t.salesBandSigmas;
  const units14 = window(h, 0, 14, (d) => d.units).reduce((a, b) => a + b, 0);
  const revenue14 = window(h, 0, 14, (d) => d.revenue).reduce((a, b) => a + b, 0);
  const unitPrice = units14 > 0 ? revenue14 / units14 : (h.today.price ?? 0);
  return { expected, low: Math.max(0, expected - k * sigma), high: expected + k * sigma, sameWeekday, recentMean, unitPrice };
}
