import type { DetectorThresholds } from '../../config.js';
import type { SkuDay } from '../types.js';
import { dedupKey, type AlertCandidate } from './candidate.js';
import { MAD_TO_SIGMA, mad, mean, round, sum } from './robust.js';
import { salesBaseline } from './sales-baseline.js';
import { severityFor } from './severity.js';
import { window, type SkuHistory } from './sku-history.js';

/**
 * Sales against the weekday-aware baseline: `zero_sales` (an established seller at zero with
 * stock on hand), else `sales_drop` / `sales_spike` outside the band and by a real margin.
 * Best-sellers (baseline ≥ `salesMinBaselineUnits`) are judged on the day; mid-volume SKUs
 * (from `salesMidMinBaselineUnits`) only when they sell steadily, a spike by a larger factor and a
 * drop over `salesDropDays` days together — one slow day of a 5-a-day SKU is noise, three are not.
 * Stock-outs are left to the stock detector: zero sales with zero stock is not a demand problem.
 */
export function detectSales(h: SkuHistory, t: DetectorThresholds): AlertCandidate | null {
  const base = salesBaseline(h, t);
  if (!base) return null;
  const observed = h.today.units;
  const subject = { sku: h.sku, title: h.title, category: h.category };
  const band = { expected: round(base.expected), expectedLow: round(base.low), expectedHigh: round(base.high) };
  const evidence = {
    sameWeekday: base.sameWeekday.join(','),
    recentMeanUnits: round(base.recentMean),
    unitPrice: round(base.unitPrice),
    revenue: round(h.today.revenue),
    stock: h.today.stock,
  };

  if (observed === 0 && (h.today.stock ?? 0) > 0) {
    // The streak stops at a stock-out: those days are the stock detector's, not lost demand.
    let streak = 0;
    while (streak < 14 && h.at(streak)?.units === 0 && h.at(streak)?.stock !== 0) streak++;
    // The level before the streak needs a few days of its own (a sale two weeks ago is no level).
    const before = window(h, streak, 14, (d) => (d.stock === 0 ? null : d.units));
    const dailyBefore = before.length >= 5 ? mean(before) : 0;
    const expectedDaily = Math.max(base.expected, dailyBefore);
    if (expectedDaily >= t.zeroSalesMinDailyUnits && expectedDaily * streak >= t.zeroSalesMinMissedUnits) {
      const atRisk = expectedDaily * base.unitPrice;
      return {
        kind: 'zero_sales', ...subject, metric: 'units', observed, ...band,
        severity: severityFor(atRisk, t), atRisk: round(atRisk),
        evidence: { ...evidence, zeroDays: streak }, dedupKey: dedupKey('zero_sales', h.sku),
      };
    }
  }
  if (base.expected < t.salesMidMinBaselineUnits) return null;
  const bestSeller = base.expected >= t.salesMinBaselineUnits;
  // The newer rules (mid-volume, a deep fall, a lasting fall) only for steady sellers.
  const steady = activeDays(h) >= t.salesMidActiveDays;
  if (!bestSeller && !steady) return null;

  // A fall to a fifth of the usual is a drop however noisy the SKU's days are, once past Poisson noise.
  const deep = steady && observed <= base.expected * (1 - t.salesDeepDropPct) && observed < base.expected - t.salesBandSigmas * Math.sqrt(base.expected);
  if (bestSeller && (observed < base.low || deep) && observed <= base.expected * (1 - t.salesDropPct) && (h.today.stock ?? 1) > 0) {
    const atRisk = (base.expected - observed) * base.unitPrice;
    return {
      kind: 'sales_drop', ...subject, metric: 'units', observed, ...band,
      severity: severityFor(atRisk, t), atRisk: round(atRisk), evidence, dedupKey: dedupKey('sales_drop', h.sku),
    };
  }
  const lasting = steady ? lastingDrop(h, t) : null;
  if (lasting) {
    // Per-day figures over the window, so the band reads in the same units as a one-day alert.
    const atRisk = (lasting.expected - lasting.observed) * base.unitPrice;
    return {
      kind: 'sales_drop', ...subject, metric: 'units',
      observed: round(lasting.observed, 1), expected: round(lasting.expected), expectedLow: round(lasting.low), expectedHigh: round(lasting.high),
      severity: severityFor(atRisk, t), atRisk: round(atRisk),
      evidence: { ...evidence, windowDays: lasting.units.length, windowUnits: lasting.units.join(',') },
      dedupKey: dedupKey('sales_drop', h.sku),
    };
  }
  const spikePct = bestSeller ? t.salesSpikePct : t.salesMidSpikePct;
  if (observed > base.high && observed >= base.expected * (1 + spikePct)) {
    // A spike is good news unless stock runs out: judge it by the extra revenue, one level lower.
    const extra = (observed - base.expected) * base.unitPrice;
    const severity = severityFor(extra, t) === 'critical' ? 'warning' : 'info';
    return {
      kind: 'sales_spike', ...subject, metric: 'units', observed, ...band,
      severity, atRisk: 0, evidence: { ...evidence, extraRevenue: round(extra) }, dedupKey: dedupKey('sales_spike', h.sku),
    };
  }
  return null;
}

/** Days with a sale among the 14 before the scan date. */
function activeDays(h: SkuHistory): number {
  return window(h, 1, 14, (d) => d.units).filter((u) => u > 0).length;
}

export interface LastingDrop {
  /** Mean units/day over the window (the scan date and the days before it). */
  observed: number;
  /** Mean units/day of the days before the window (out-of-stock days left out), and its band. */
  expected: number;
  low: number;
  high: number;
  /** The window's units, the scan date first. */
  units: number[];
}

/**
 * The last `salesDropDays` days together far below the level of the days before them: below the
 * band (σ of the sum from the SKU's own day-to-day spread, never under Poisson) and by
 * `salesDropPct`, and still low on the scan date. Any day at zero stock in the window is a stock
 * problem, not a demand one.
 */
export function lastingDrop(
  h: SkuHistory,
  t: DetectorThresholds,
  o: { minLevel: number; dropPct: number } = { minLevel: t.salesMidMinBaselineUnits, dropPct: t.salesDropPct },
): LastingDrop | null {
  const n = t.salesDropDays;
  const days: SkuDay[] = [];
  for (let ago = 0; ago < n; ago++) {
    const d = h.at(ago);
    if (!d || d.stock === 0) return null;
    days.push(d);
  }
  const before = window(h, n, 14, (d) => (d.stock === 0 ? null : d.units));
  if (before.length < 7) return null;
  const level = mean(before);
  if (level < o.minLevel) return null;
  // Day-to-day spread, robust to the odd big order and to a slow trend; never under Poisson noise.
  const spread = (MAD_TO_SIGMA * mad(before)) ** 2;
  const sigma = Math.sqrt(Math.max(level, spread) / n);
  const units = days.map((d) => d.units);
  const observed = sum(units) / n;
  const low = Math.max(0, level - t.salesBandSigmas * sigma);
  if (observed >= low || observed > level * (1 - o.dropPct) || h.today.units > level * (1 - o.dropPct)) return null;
  return { observed, expected: level, low, high: level + t.salesBandSigmas * sigma, units };
}
