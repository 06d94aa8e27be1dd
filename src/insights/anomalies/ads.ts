import type { DetectorThresholds } from '../../config.js';
import { dedupKey, type AlertCandidate } from './candidate.js';
import { MAD_TO_SIGMA, mad, median, round, sum } from './robust.js';
import { severityFor } from './severity.js';
import { window, type SkuHistory } from './sku-history.js';

/** ДРР is capped here when revenue is zero (JSON has no infinity): 99.99 reads as "all spend, no sales". */
export const DRR_CAP = 99.99;

/**
 * `ad_spend_spike`: today's spend far above its 14-day median (a campaign burning its budget), by
 * a factor and by a money floor so small campaigns stay quiet.
 */
export function detectAdSpend(h: SkuHistory, t: DetectorThresholds): AlertCandidate | null {
  const spend = h.today.adSpend;
  if (spend < t.adSpendMinExcess) return null;
  const past = window(h, 1, 14, (d) => d.adSpend);
  if (past.length < 7) return null;
  const expected = median(past);
  const sigma = Math.max(MAD_TO_SIGMA * mad(past, expected), 0.2 * expected);
  const excess = spend - expected;
  if (spend < t.adSpendSpikeFactor * expected || excess < t.adSpendMinExcess || spend <= expected + 3 * sigma) return null;
  return {
    kind: 'ad_spend_spike', sku: h.sku, title: h.title, category: h.category, metric: 'ad_spend',
    observed: round(spend), expected: round(expected), expectedLow: round(Math.max(0, expected - 3 * sigma)), expectedHigh: round(expected + 3 * sigma),
    severity: severityFor(excess, t), atRisk: round(excess),
    evidence: { revenue: round(h.today.revenue), adClicks: h.today.adClicks, adImpressions: h.today.adImpressions, factor: round(expected > 0 ? spend / expected : 0, 1) },
    dedupKey: dedupKey('ad_spend_spike', h.sku),
  };
}

/**
 * `drr_high`: ad spend ÷ revenue over the last 3 days above the threshold, with enough spend to
 * matter. Three days smooth out a day whose orders land tomorrow.
 */
export function detectDrr(h: SkuHistory, t: DetectorThresholds): AlertCandidate | null {
  const spend = sum(window(h, 0, 2, (d) => d.adSpend));
  if (spend < t.drrMinAdSpend) return null;
  const revenue = sum(window(h, 0, 2, (d) => d.revenue));
  const drr = revenue > 0 ? Math.min(spend / revenue, DRR_CAP) : DRR_CAP;
  if (drr <= t.drrHigh) return null;
  const overspend = (spend - t.drrHigh * revenue) / 3;
  return {
    kind: 'drr_high', sku: h.sku, title: h.title, category: h.category, metric: 'drr',
    observed: round(drr, 4), expected: t.drrHigh, expectedLow: 0, expectedHigh: t.drrHigh,
    severity: severityFor(overspend, t), atRisk: round(overspend),
    evidence: { adSpend3d: round(spend), revenue3d: round(revenue) },
    dedupKey: dedupKey('drr_high', h.sku),
  };
}
