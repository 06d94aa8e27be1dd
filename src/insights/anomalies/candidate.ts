/**
 * What a detector returns: one suspected problem on one subject (a SKU, or the whole shop), with
 * the numbers a person needs to judge it and the dedup key that keeps an ongoing problem on one
 * alert across days. Pure data; the alert lifecycle in `src/alerts/` stores and tracks it.
 */

export const ALERT_KINDS = [
  'sales_drop',
  'sales_spike',
  'zero_sales',
  'stockout',
  'low_cover',
  'price_anomaly',
  'ad_spend_spike',
  'drr_high',
  'returns_spike',
  'etl_stale',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Which number the detector judged (for the message and the chart's unit). */
export type AlertMetric = 'units' | 'days_of_cover' | 'price' | 'ad_spend' | 'drr' | 'returns' | 'hours_since_etl';

/** The facts of a suspected problem, shared by a detector's candidate and the stored alert. */
export interface AlertFacts {
  sku: string | null;
  title: string | null;
  category: string | null;
  metric: AlertMetric;
  observed: number;
  /** The baseline number; the band is `expectedLow`–`expectedHigh`. */
  expected: number;
  expectedLow: number;
  expectedHigh: number;
  severity: Severity;
  /** Money at risk per day in the shop currency (what the severity was judged by). */
  atRisk: number;
  /** Supporting figures, already rounded, for the Details view and the model's explanation. */
  evidence: Record<string, number | string | null>;
  /** `kind:subject`: stays the same while the problem lasts, so it updates one alert. */
  dedupKey: string;
}

/**
 * Discriminated on `kind`; SKU kinds always carry a SKU, `etl_stale` never does. A `sales_drop` of a
 * whole category has no SKU and names the category (SPEC: `sku` is null when the subject is not one SKU).
 */
export type AlertCandidate =
  | (AlertFacts & { kind: Exclude<AlertKind, 'etl_stale'>; sku: string })
  | (AlertFacts & { kind: 'sales_drop'; sku: null; category: string })
  | (AlertFacts & { kind: 'etl_stale'; sku: null });

export function dedupKey(kind: AlertKind, sku: string | null): string {
  return sku === null ? kind : `${kind}:${sku}`;
}

/** The dedup key of a category-wide alert (`sales_drop:category:Одежда`), apart from any SKU's key. */
export function categoryDedupKey(kind: AlertKind, category: string): string {
  return `${kind}:category:${category}`;
}
