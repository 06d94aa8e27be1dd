/**
 * One alert of every kind, found by the real detectors on hand-made series and stored as the
 * lifecycle stores it, for the text and chart tests.
 */
import { loadConfig } from '../../../src/config.js';
import type { ShopAlertRecord as AlertRecord } from '../../../src/insights/alert-record.js';
import type { AlertCandidate, AlertKind } from '../../../src/insights/anomalies/candidate.js';
import { detectAnomalies } from '../../../src/insights/anomalies/detect-anomalies.js';
import type { SkuDay } from '../../../src/insights/types.js';
import { addDays } from '../../../src/time/days.js';
import { DATE, editLast, series } from '../../insights/anomalies/series.js';

export const config = loadConfig({ env: {}, cwd: '/nonexistent' });
export const NOW = new Date('2026-11-23T06:14:00Z');

const drop = (f: number) => (r: SkuDay) => ({ units: Math.round(r.units * f), orders: Math.round(r.units * f), revenue: Math.round(r.units * f) * 500 });

/** The rows that make each SKU kind fire on DATE. */
export const ROWS: Record<Exclude<AlertKind, 'etl_stale'>, SkuDay[]> = {
  sales_drop: editLast(series(), 3, drop(0.2)),
  sales_spike: editLast(series(), 1, drop(4)),
  zero_sales: editLast(series(), 2, () => ({ units: 0, orders: 0, revenue: 0 })),
  stockout: editLast(series(), 4, () => ({ units: 0, orders: 0, revenue: 0, stock: 0 })),
  low_cover: editLast(series(), 1, () => ({ stock: 40 })),
  price_anomaly: editLast(series(), 1, (r) => ({ price: 50, revenue: r.units * 50 })),
  ad_spend_spike: editLast(series(), 1, (r) => ({ adSpend: r.adSpend * 6 + 2_000 })),
  drr_high: editLast(series(), 3, (r) => ({ adSpend: r.revenue * 0.6 })),
  returns_spike: editLast(series(), 1, () => ({ returns: 12 })),
};

export function asRecord(c: AlertCandidate, over: Partial<AlertRecord> = {}): AlertRecord {
  return {
    ...c, audience: 'alerts', id: 7, status: 'open', groupId: null, firstSeen: NOW.toISOString(), lastSeen: NOW.toISOString(),
    firstDay: DATE, scanDay: DATE, acknowledgedBy: null, acknowledgedAt: null, snoozedUntil: null, resolvedBy: null,
    resolvedAt: null, resolveReason: null, lastNotifiedAt: null, notifyCount: 0, resolvedNotifiedAt: null, explanation: null,
    ...over,
  };
}

/** The alert of `kind` the detectors raise on its rows (the problem first seen on its first edited day). */
export function alertOf(kind: AlertKind): AlertRecord {
  if (kind === 'etl_stale') {
    return asRecord({
      kind: 'etl_stale', sku: null, title: null, category: null, metric: 'hours_since_etl', observed: 30.2, expected: 24,
      expectedLow: 0, expectedHigh: 24, severity: 'critical', atRisk: 0,
      evidence: { lastOkFinishedAt: '2026-11-22T00:02:00.000Z', expectedBy: '06:00', timeZone: 'Europe/Moscow' }, dedupKey: 'etl_stale',
    });
  }
  const found = detectAnomalies({ date: DATE, rows: ROWS[kind], thresholds: config.thresholds.detectors }).candidates.filter((c) => c.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, got ${found.length}`);
  const firstDay = kind === 'sales_drop' || kind === 'drr_high' ? addDays(DATE, -2) : DATE;
  return asRecord(found[0]!, { firstDay });
}
