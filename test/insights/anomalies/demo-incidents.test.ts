/**
 * The demo shop's own labelled incidents that a seller expects the daily scan to catch: the
 * category-wide fall (about 50 → 20 units/day for five days) and the promotion spike on a
 * mid-volume SKU (about 6 → 34 units). Scanned day by day as the scheduler would.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { generateDemo } from '../../../src/data/demo/generate-demo.js';
import { detectAnomalies } from '../../../src/insights/anomalies/detect-anomalies.js';
import { daysNeeded } from '../../../src/insights/anomalies/sku-history.js';
import { addDays } from '../../../src/time/days.js';

const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.detectors;
const demo = generateDemo({ seed: 1, endDay: '2026-11-22' });

/** The rows the scan loads for `date` (the days the detectors read), like `runScan`. */
function scan(date: string) {
  const wanted = new Set(daysNeeded(thresholds.salesBaselineWeeks).map((ago) => addDays(date, -ago)));
  return detectAnomalies({ date, rows: demo.rows.filter((r) => wanted.has(r.day)), thresholds }).candidates;
}

function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

describe('the demo scan catches the incidents a seller expects', () => {
  it('flags the category fall as a category sales_drop while it lasts', () => {
    const fall = demo.incidents.find((i) => i.kind === 'sales_drop' && i.category)!;
    expect(fall.category).toBe('Одежда');
    const caught = daysOf(fall.from, fall.to).flatMap((day) => scan(day).filter((c) => c.kind === 'sales_drop' && c.sku === null && c.category === fall.category));
    // A noisy ~40-a-day category (its days swing ±25 %): the alert opens within the fall, and stays
    // open through it (auto-resolve waits for normal days).
    expect(caught.length).toBeGreaterThanOrEqual(2);
    for (const c of caught) {
      expect(c.dedupKey).toBe('sales_drop:category:Одежда');
      expect(c.observed).toBeLessThan(c.expected * (1 - thresholds.categoryDropPct));
      expect(c.evidence.skus).toBeGreaterThanOrEqual(thresholds.categoryMinSkus);
    }
  });

  it('stays quiet about the category before and after the fall', () => {
    const fall = demo.incidents.find((i) => i.kind === 'sales_drop' && i.category)!;
    for (const day of [...daysOf(addDays(fall.from, -7), addDays(fall.from, -1)), ...daysOf(addDays(fall.to, 2), addDays(fall.to, 4))]) {
      expect(scan(day).filter((c) => c.sku === null && c.category !== null), day).toEqual([]);
    }
  });

  it('flags the promotion spike on its mid-volume SKU', () => {
    const promo = demo.incidents.find((i) => i.kind === 'sales_spike')!;
    const found = scan(promo.from).find((c) => c.kind === 'sales_spike' && c.sku === promo.sku);
    expect(found).toBeDefined();
    expect(found!.expected).toBeLessThan(thresholds.salesMinBaselineUnits);
    expect(found!.observed).toBeGreaterThan(found!.expected * 3);
  });
});
