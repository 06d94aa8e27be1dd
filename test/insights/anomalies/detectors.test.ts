import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { detectAnomalies } from '../../../src/insights/anomalies/detect-anomalies.js';
import { detectEtlStale } from '../../../src/insights/anomalies/etl.js';
import type { SkuDay } from '../../../src/insights/types.js';
import { DATE, editLast, lowVolume, series } from './series.js';

const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.detectors;
const detect = (rows: SkuDay[]) => detectAnomalies({ date: DATE, rows, thresholds }).candidates;
const kinds = (rows: SkuDay[]) => detect(rows).map((c) => c.kind);

describe('marketplace detectors on hand-made series', () => {
  it('stay silent on a clean weekly pattern', () => {
    expect(detect(series())).toEqual([]);
  });

  it('do not mistake the weekly peak for a spike', () => {
    // DATE is a Sunday, the best day of the week: 34 units is normal for it.
    expect(new Date(`${DATE}T00:00:00Z`).getUTCDay()).toBe(0);
    expect(kinds(editLast(series(), 1, () => ({ units: 37, revenue: 37 * 500 })))).toEqual([]);
  });

  it('flag a sales spike against the weekday baseline, with the band in the alert', () => {
    const [c] = detect(editLast(series(), 1, (r) => ({ units: r.units * 4, orders: r.units * 4, revenue: r.units * 4 * 500 })));
    expect(c).toMatchObject({ kind: 'sales_spike', sku: 'A1', metric: 'units', dedupKey: 'sales_spike:A1' });
    expect(c!.observed).toBeGreaterThan(c!.expectedHigh);
    expect(c!.expectedLow).toBeLessThan(c!.expected);
    expect(c!.expected).toBeGreaterThan(25);
  });

  it('flag a level shift down as a sales drop on its first days', () => {
    const rows = editLast(series(), 3, (r) => ({ units: Math.round(r.units * 0.2), orders: Math.round(r.units * 0.2), revenue: Math.round(r.units * 0.2) * 500 }));
    const [c] = detect(rows);
    expect(c).toMatchObject({ kind: 'sales_drop', dedupKey: 'sales_drop:A1' });
    expect(c!.observed).toBeLessThan(c!.expectedLow);
    expect(c!.atRisk).toBeGreaterThan(0);
  });

  it('report a stock-out on a SKU that sells, not a sales drop', () => {
    const rows = editLast(series(), 1, () => ({ units: 0, orders: 0, revenue: 0, stock: 0 }));
    const found = detect(rows);
    expect(found.map((c) => c.kind)).toEqual(['stockout']);
    expect(found[0]!.severity).toBe('warning'); // ~25 units × 500 ₽ a day at risk
  });

  it('warn about low days of cover from the recent sales rate', () => {
    const [c] = detect(editLast(series(), 1, () => ({ stock: 40 })));
    expect(c).toMatchObject({ kind: 'low_cover', metric: 'days_of_cover' });
    expect(c!.observed).toBeLessThan(5);
  });

  it('flag a price typo (÷10) as critical, whatever the volume', () => {
    const [c] = detect(editLast(series(), 1, () => ({ price: 50 })));
    expect(c).toMatchObject({ kind: 'price_anomaly', severity: 'critical', observed: 50, expected: 500 });
  });

  it('ignore an ordinary 10 % price change', () => {
    expect(kinds(editLast(series(), 1, () => ({ price: 550 })))).toEqual([]);
  });

  it('flag an established seller at zero with stock on hand', () => {
    const rows = editLast(series(), 2, () => ({ units: 0, orders: 0, revenue: 0 }));
    const [c] = detect(rows);
    expect(c).toMatchObject({ kind: 'zero_sales', observed: 0 });
    expect(c!.evidence.zeroDays).toBe(2);
  });

  it('never alert on low-volume noise (about one sale a day)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const next = lowVolume(seed);
      const rows = series({ sku: `LV${seed}`, units: () => next(0), stock: 50, price: 300 });
      expect(detect(rows), `seed ${seed}`).toEqual([]);
    }
  });

  it('flag an ad spend spike and a high ДРР over three days', () => {
    const spike = detect(editLast(series(), 1, (r) => ({ adSpend: r.adSpend * 6 + 2_000 })));
    expect(spike.map((c) => c.kind)).toContain('ad_spend_spike');
    const drr = detect(editLast(series(), 3, (r) => ({ adSpend: r.revenue * 0.6 })));
    expect(drr.map((c) => c.kind)).toContain('drr_high');
    expect(drr.find((c) => c.kind === 'drr_high')!.observed).toBeCloseTo(0.6, 2);
  });

  it('flag a returns spike but not a couple of extra returns', () => {
    expect(kinds(editLast(series(), 1, () => ({ returns: 12 })))).toEqual(['returns_spike']);
    expect(kinds(editLast(series(), 1, () => ({ returns: 3 })))).toEqual([]);
  });

  it('skip SKUs without a row on the scan day and new SKUs without a baseline', () => {
    expect(detect(series().slice(0, -1))).toEqual([]);
    expect(detect(series({ days: 10, adShare: 0, units: (i) => (i === 9 ? 200 : 20) }))).toEqual([]);
  });
});

describe('etl_stale', () => {
  const o = { timeZone: 'Europe/Moscow', expectedBy: '08:00' };
  const run = (iso: string | null) => ({ lastOkFinishedAt: iso ? new Date(iso) : null, anyRuns: true });

  it('waits until the expected hour in the shop zone', () => {
    // 07:30 Moscow (UTC+3): no verdict yet even though the last run is from yesterday.
    expect(detectEtlStale(run('2026-11-21T00:10:00Z'), { ...o, now: new Date('2026-11-22T04:30:00Z') })).toBeNull();
  });

  it('fires after the expected hour without a run today, and not with one', () => {
    const now = new Date('2026-11-22T06:00:00Z'); // 09:00 Moscow
    const c = detectEtlStale(run('2026-11-21T00:10:00Z'), { ...o, now });
    expect(c).toMatchObject({ kind: 'etl_stale', sku: null, severity: 'critical', dedupKey: 'etl_stale' });
    expect(c!.observed).toBeCloseTo(29.8, 1);
    expect(detectEtlStale(run('2026-11-22T00:10:00Z'), { ...o, now })).toBeNull(); // 03:10 Moscow today
  });

  it('reads the day in a DST zone correctly', () => {
    const berlin = { timeZone: 'Europe/Berlin', expectedBy: '08:00' };
    // 30 March 2025 (DST starts at 02:00): 08:30 CEST = 06:30Z; a run at 01:30 CET = 00:30Z is today.
    const now = new Date('2025-03-30T06:30:00Z');
    expect(detectEtlStale(run('2025-03-30T00:30:00Z'), { ...berlin, now })).toBeNull();
    expect(detectEtlStale(run('2025-03-29T22:30:00Z'), { ...berlin, now })).not.toBeNull(); // 23:30 CET the day before
    // 07:30 CEST = 05:30Z: before the expected hour.
    expect(detectEtlStale(run('2025-03-29T22:30:00Z'), { ...berlin, now: new Date('2025-03-30T05:30:00Z') })).toBeNull();
  });

  it('stays quiet when the ETL reports no runs at all', () => {
    expect(detectEtlStale({ lastOkFinishedAt: null, anyRuns: false }, { ...o, now: new Date('2026-11-22T12:00:00Z') })).toBeNull();
  });
});
