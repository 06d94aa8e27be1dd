import type { DetectorThresholds } from '../../config.js';
import { dedupKey, type AlertCandidate } from './candidate.js';
import { mean, round } from './robust.js';
import { severityFor } from './severity.js';
import { window, type SkuHistory } from './sku-history.js';

/**
 * `returns_spike`: a day's returns at least a floor and a multiple of the 14-day daily average
 * (a bad batch, a wrong size chart). Judged by the value of the returned units.
 */
export function detectReturns(h: SkuHistory, t: DetectorThresholds): AlertCandidate | null {
  const returns = h.today.returns;
  if (returns < t.returnsSpikeMin) return null;
  const past = window(h, 1, 14, (d) => d.returns);
  if (past.length < 7) return null;
  const expected = mean(past);
  // Poisson-style floor so an average of 0.2/day does not make 5 returns look like ×25 of nothing.
  const high = Math.max(t.returnsSpikeFactor * expected, expected + 3 * Math.sqrt(Math.max(expected, 1)));
  if (returns < high) return null;
  const units14 = window(h, 0, 14, (d) => d.units).reduce((a, b) => a + b, 0);
  const revenue14 = window(h, 0, 14, (d) => d.revenue).reduce((a, b) => a + b, 0);
  const unitPrice = units14 > 0 ? revenue14 / units14 : (h.today.price ?? 0);
  const atRisk = returns * unitPrice;
  return {
    kind: 'returns_spike', sku: h.sku, title: h.title, category: h.category, metric: 'returns',
    observed: returns, expected: round(expected), expectedLow: 0, expectedHigh: round(high),
    severity: severityFor(atRisk, t), atRisk: round(atRisk),
    evidence: { unitsToday: h.today.units, returnRate: h.today.units > 0 ? round(returns / h.today.units, 3) : null },
    dedupKey: dedupKey('returns_spike', h.sku),
  };
}
