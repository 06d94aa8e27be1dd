import type { DetectorThresholds } from '../../config.js';
import { dedupKey, type AlertCandidate } from './candidate.js';
import { mean, round } from './robust.js';
import { salesBaseline } from './sales-baseline.js';
import { severityFor } from './severity.js';
import { window, type SkuHistory } from './sku-history.js';

/**
 * Sales against the weekday-aware baseline: `zero_sales` (an established seller at zero with
 * stock on hand), else `sales_drop` / `sales_spike` outside the band and by a real margin.
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
    let streak = 0;
    while (streak < 14 && (h.at(streak)?.units ?? 1) === 0) streak++;
    const dailyBefore = mean(window(h, streak, 14, (d) => d.units));
    const expectedDaily = Math.max(base.expected, dailyBefore);
    if (expectedDaily >= t.zeroSalesMinDailyUnits && expectedDaily * streak >= t.zeroSalesMinMissedUnits) {
      const atRisk = expectedDaily * base.unitPrice;
      return {
        kind: 'zero_sales', ...subject, metric: 'units', observed, ...band,
        severity: severityFor(atRisk, t), atRisk: round(atRisk),
        evidence: { ...evidence, zeroDays: streak }, dedupKey: dedupKey('zero_sales', h.sku),
      };
    }
    return null;
  }
  if (base.expected < t.salesMinBaselineUnits) return null;
  if (observed < base.low && observed <= base.expected * (1 - t.salesDropPct) && (h.today.stock ?? 1) > 0) {
    const atRisk = (base.expected - observed) * base.unitPrice;
    return {
      kind: 'sales_drop', ...subject, metric: 'units', observed, ...band,
      severity: severityFor(atRisk, t), atRisk: round(atRisk), evidence, dedupKey: dedupKey('sales_drop', h.sku),
    };
  }
  if (observed > base.high && observed >= base.expected * (1 + t.salesSpikePct)) {
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
