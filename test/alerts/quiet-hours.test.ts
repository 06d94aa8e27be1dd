import { describe, expect, it } from 'vitest';
import { isQuiet, notifyAt } from '../../src/alerts/quiet-hours.js';
import { groupCandidates } from '../../src/alerts/grouping.js';
import type { AlertCandidate } from '../../src/insights/anomalies/candidate.js';

const night = { timeZone: 'Europe/Moscow', quietHours: { from: '22:00', to: '08:00' } };

describe('quiet hours', () => {
  it('are read in the subscription zone and may cross midnight', () => {
    expect(isQuiet(night, new Date('2026-11-22T19:30:00Z'))).toBe(true); // 22:30 Moscow
    expect(isQuiet(night, new Date('2026-11-22T04:59:00Z'))).toBe(true); // 07:59
    expect(isQuiet(night, new Date('2026-11-22T05:00:00Z'))).toBe(false); // 08:00
    expect(isQuiet({ timeZone: 'Europe/Moscow' }, new Date('2026-11-22T23:00:00Z'))).toBe(false);
  });

  it('hold a notification until they end, critical ones too unless configured', () => {
    const now = new Date('2026-11-22T20:15:30Z'); // 23:15 Moscow
    expect(notifyAt(night, 'warning', now).toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(notifyAt(night, 'critical', now).toISOString()).toBe('2026-11-23T05:00:00.000Z');
    expect(notifyAt(night, 'critical', now, true)).toBe(now);
    expect(notifyAt(night, 'info', new Date('2026-11-22T10:00:00Z')).toISOString()).toBe('2026-11-22T10:00:00.000Z');
  });

  it('follow a DST zone through its wall clock', () => {
    const berlin = { timeZone: 'Europe/Berlin', quietHours: { from: '22:00', to: '07:00' } };
    // Summer (CEST, UTC+2): 21:30Z is 23:30 local.
    expect(isQuiet(berlin, new Date('2026-07-01T21:30:00Z'))).toBe(true);
    expect(isQuiet(berlin, new Date('2026-07-01T05:00:00Z'))).toBe(false); // 07:00 local
    // Winter (CET, UTC+1): 05:30Z is 06:30 local.
    expect(isQuiet(berlin, new Date('2026-01-15T05:30:00Z'))).toBe(true);
  });
});

describe('grouping', () => {
  const c = (sku: string, category: string | null, kind: AlertCandidate['kind'] = 'sales_drop'): AlertCandidate =>
    ({ kind, sku, title: sku, category, metric: 'units', observed: 1, expected: 10, expectedLow: 5, expectedHigh: 15, severity: 'warning', atRisk: 1, evidence: {}, dedupKey: `${kind}:${sku}` }) as AlertCandidate;
  const opts = { groupMinSkus: 3, groupShopShare: 0.3 };

  it('puts three SKUs of one kind and category in one group, leaves pairs alone', () => {
    const g = groupCandidates([c('A', 'Кружки'), c('B', 'Кружки'), c('C', 'Кружки'), c('D', 'Пледы'), c('E', 'Пледы')], { ...opts, skus: 100 });
    expect([...g.entries()]).toEqual([['sales_drop:A', 'sales_drop:cat:Кружки'], ['sales_drop:B', 'sales_drop:cat:Кружки'], ['sales_drop:C', 'sales_drop:cat:Кружки']]);
  });

  it('groups a kind hitting a large share of the shop as one shop-wide problem', () => {
    const g = groupCandidates([c('A', 'x'), c('B', 'y'), c('C', 'z'), c('D', 'x', 'stockout')], { ...opts, skus: 8 });
    expect(g.get('sales_drop:A')).toBe('sales_drop:shop');
    expect(g.get('sales_drop:C')).toBe('sales_drop:shop');
    expect(g.has('stockout:D')).toBe(false);
  });
});
