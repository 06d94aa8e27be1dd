import type { DetectorThresholds } from '../../config.js';
import { dedupKey, type AlertCandidate } from './candidate.js';
import { MAD_TO_SIGMA, mad, median, round } from './robust.js';
import { severityFor } from './severity.js';
import { window, type SkuHistory } from './sku-history.js';

/**
 * `price_anomaly`: a sudden large move of a price that was stable, against the median of the last
 * 7 priced days. A ×10 / ÷10 move (the classic extra or missing zero) is critical whatever the volume;
 * a smaller move is judged by the revenue it touches. Volatile prices (promotions every other day)
 * never alert: their relative MAD is over the stability threshold. A cut of `priceCutPct` (−30 %)
 * overnight on a steady price (every one of the last 7 priced days within `priceCutStableSpread`)
 * is flagged too, as a likely pricing error.
 */
export function detectPrice(h: SkuHistory, t: DetectorThresholds): AlertCandidate | null {
  const price = h.today.price;
  if (price === null || price <= 0) return null;
  const ref = window(h, 1, 7, (d) => (d.price !== null && d.price > 0 ? d.price : null));
  if (ref.length < 3) return null;
  const center = median(ref);
  if (center <= 0) return null;
  const spread = mad(ref, center) / center;
  if (spread > t.priceStableMad) return null;
  const ratio = price / center;
  // A deep overnight cut on a price that had not moved is most often a mistyped price or a
  // promotion set up wrong: flag it below the general move threshold.
  const steady = (h.at(1)?.price ?? null) !== null && ref.every((p) => Math.abs(p - center) <= t.priceCutStableSpread * center);
  const deepCut = steady && ratio <= 1 - t.priceCutPct;
  if (!deepCut && Math.abs(ratio - 1) < t.priceMovePct) return null;
  const typo = ratio >= 5 || ratio <= 0.2;
  const units = Math.max(h.today.units, median(window(h, 1, 7, (d) => d.units)));
  // Selling below price loses the difference on every unit; above it, the sales it chokes.
  const atRisk = ratio < 1 ? (center - price) * units : center * units;
  const width = Math.max(MAD_TO_SIGMA * spread, 0.02) * 3 * center;
  return {
    kind: 'price_anomaly', sku: h.sku, title: h.title, category: h.category, metric: 'price',
    observed: round(price), expected: round(center), expectedLow: round(Math.max(0, center - width)), expectedHigh: round(center + width),
    severity: typo ? 'critical' : severityFor(atRisk, t) === 'info' ? 'warning' : severityFor(atRisk, t),
    atRisk: round(atRisk),
    evidence: { ratio: round(ratio, 3), referencePrices: ref.map((p) => round(p)).join(','), unitsToday: h.today.units, likelyTypo: typo ? 'yes' : 'no', likelyPricingError: typo || deepCut ? 'yes' : 'no' },
    dedupKey: dedupKey('price_anomaly', h.sku),
  };
}
