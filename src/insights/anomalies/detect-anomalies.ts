import type { DetectorThresholds } from '../../config.js';
import type { SkuDay } from '../types.js';
import { detectAdSpend, detectDrr } from './ads.js';
import type { AlertCandidate } from './candidate.js';
import { detectCategoryDrops } from './category.js';
import { detectEtlStale, type EtlFreshness, type EtlStaleOptions } from './etl.js';
import { detectPrice } from './price.js';
import { detectReturns } from './returns.js';
import { detectSales } from './sales.js';
import { buildHistories, type SkuHistory } from './sku-history.js';
import { detectStock } from './stock.js';

/** The per-SKU detector families; each returns at most one candidate per SKU and day. */
const SKU_DETECTORS: ReadonlyArray<(h: SkuHistory, t: DetectorThresholds) => AlertCandidate | null> = [
  detectSales,
  detectStock,
  detectPrice,
  detectAdSpend,
  detectDrr,
  detectReturns,
];

export interface DetectInput {
  /** The scan date, YYYY-MM-DD. */
  date: string;
  /** Valid rows (see `validateRows`) covering at least `daysNeeded(weeks)` before `date`. */
  rows: readonly SkuDay[];
  thresholds: DetectorThresholds;
  /** Freshness check; omit to skip `etl_stale` (scanning a past day says nothing about today's ETL). */
  etl?: EtlFreshness & EtlStaleOptions;
}

export interface DetectOutput {
  candidates: AlertCandidate[];
  /** SKUs with a row on the scan date (the denominator for shop-wide grouping). */
  skus: number;
}

/** Runs every detector for one day. Pure: same input, same output. */
export function detectAnomalies(input: DetectInput): DetectOutput {
  const histories = buildHistories(input.rows, input.date);
  const candidates: AlertCandidate[] = [];
  for (const h of histories) {
    for (const detect of SKU_DETECTORS) {
      const c = detect(h, input.thresholds);
      if (c) candidates.push(c);
    }
  }
  candidates.push(...detectCategoryDrops(histories, input.thresholds));
  if (input.etl) {
    const c = detectEtlStale(input.etl, input.etl);
    if (c) candidates.push(c);
  }
  return { candidates, skus: histories.length };
}
