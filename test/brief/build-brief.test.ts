import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { BriefInput } from '../../src/insights/brief.js';
import { briefFromRows as rowsToBrief } from '../../src/brief/build-brief.js';
import type { SkuDay } from '../../src/insights/types.js';
import { days, row } from '../helpers/rows.js';

const config = loadConfig({ env: {}, cwd: '/nonexistent' });
/** The relative thresholds alone, for tests about percentages rather than money floors. */
const noFloors = { ...config.thresholds.tags, adInefficientMinSpend: 0, moverMinChange: 0, stockMinDailyRevenue: 0, priceChangeMinMoney: 0, returnsSpikeMinValue: 0 };
const D = '2026-11-22';

function input(rows: SkuDay[], over: Partial<BriefInput> = {}): BriefInput {
  return {
    date: D,
    rows,
    dataStartDay: '2026-08-01',
    lastDay: D,
    etlFinishedAt: '2026-11-23T04:00:00Z',
    currency: 'RUB',
    locale: 'ru',
    thresholds: config.thresholds.tags,
    now: new Date('2026-11-23T06:00:00Z'),
    ...over,
  };
}

describe('rowsToBrief', () => {
  it('sums the shop totals and computes deltas vs the previous day and the same weekday a week earlier', () => {
    const rows = [
      row('2026-11-15', 'A', { units: 2, revenue: 1000, orders: 2 }),
      row('2026-11-21', 'A', { units: 4, revenue: 2000, orders: 3 }),
      row(D, 'A', { units: 5, revenue: 2500, orders: 4, adSpend: 250 }),
      row(D, 'B', { units: 1, revenue: 500, orders: 1, returns: 1 }),
    ];
    const b = rowsToBrief(input(rows));
    expect(b.totals).toMatchObject({ revenue: 3000, orders: 5, units: 6, returns: 1, adSpend: 250, drr: 0.0833 });
    expect(b.totals.vsPrevDay.revenue).toBe(0.5);
    expect(b.totals.vsWeekAgo.revenue).toBe(2);
    expect(b.narrativeSource).toBe('template');
    expect(b.narrative.summary).toContain('Выручка');
  });

  it('handles an empty day: zero totals, null ДРР and deltas, a "no sales" narrative', () => {
    const b = rowsToBrief(input([]));
    expect(b.totals).toMatchObject({ revenue: 0, orders: 0, drr: null });
    expect(b.totals.vsPrevDay.revenue).toBeNull();
    expect(b.items).toEqual([]);
    expect(b.narrative.summary).toMatch(/продаж нет/);
  });

  it('on the first day of data gives null deltas and tags nothing as new', () => {
    const b = rowsToBrief(input([row(D, 'A'), row(D, 'B')], { dataStartDay: D }));
    expect(b.totals.vsPrevDay).toEqual({ revenue: null, orders: null, units: null, returns: null, adSpend: null });
    expect(b.items.flatMap((i) => i.tags)).not.toContain('new');
  });

  it('gives null week deltas when the previous week is missing but keeps the day-before delta', () => {
    const b = rowsToBrief(input([row('2026-11-21', 'A', { revenue: 800 }), row(D, 'A', { revenue: 1000 })]));
    expect(b.totals.vsPrevDay.revenue).toBe(0.25);
    expect(b.totals.vsWeekAgo.revenue).toBeNull();
  });

  it('reports ДРР as null, not Infinity, when revenue is zero but ads were paid', () => {
    const b = rowsToBrief(input([row(D, 'A', { units: 0, revenue: 0, adSpend: 300 })], { thresholds: noFloors }));
    expect(b.totals.drr).toBeNull();
    const item = b.items.find((i) => i.sku === 'A')!;
    expect(item.drr).toBeNull();
    expect(item.tags).toContain('ad_inefficient');
    expect(JSON.stringify(b)).not.toMatch(/Infinity|NaN/);
  });

  it('accepts nulls in optional columns', () => {
    const b = rowsToBrief(
      input([row(D, 'A', { stock: null, price: null, category: null, adClicks: null, adImpressions: null })]),
    );
    expect(b.items[0]).toMatchObject({ sku: 'A', stock: null, price: null, daysOfCover: null, tags: ['top'] });
  });

  it('reports bad rows with their key and skips them: negative, NaN, infinite, duplicated', () => {
    const rows = [
      row(D, 'NEG', { units: -1 }),
      row(D, 'NAN', { revenue: Number.NaN }),
      row(D, 'INF', { adSpend: Number.POSITIVE_INFINITY }),
      row(D, 'DUP', { revenue: 10 }),
      row(D, 'DUP', { revenue: 20 }),
      row(D, 'OK', { revenue: 700, units: 1 }),
    ];
    const b = rowsToBrief(input(rows));
    expect(b.badRows.map((r) => `${r.day}/${r.sku}`)).toEqual([`${D}/DUP`, `${D}/DUP`, `${D}/INF`, `${D}/NAN`, `${D}/NEG`]);
    expect(b.badRows.find((r) => r.sku === 'NEG')!.reason).toMatch(/units is negative/);
    expect(b.totals.revenue).toBe(700);
    expect(b.skuCount).toBe(1);
  });

  it('lists every tagged SKU plus the top products, by revenue descending, with sections filled', () => {
    const rows = [
      ...days('STAR', D, Array(8).fill({ units: 10, revenue: 5000, stock: 500 })),
      ...days('OUT', D, [...Array(7).fill({ units: 3, revenue: 900 }), { units: 0, revenue: 0, stock: 0 }]),
      ...days('LOW', D, Array(8).fill({ units: 5, revenue: 1000, stock: 20 })),
      ...days('ADS', D, Array(8).fill({ units: 1, revenue: 400, adSpend: 200 })),
      ...days('UP', D, [{ revenue: 100 }, ...Array(6).fill({ revenue: 100 }), { revenue: 900 }]),
    ];
    const b = rowsToBrief(input(rows, { thresholds: { ...noFloors, topN: 1 } }));
    expect(b.top).toEqual(['STAR']);
    expect(b.items.map((i) => i.sku)).toEqual(['STAR', 'LOW', 'UP', 'ADS', 'OUT']);
    // Ranked by sales at risk per day: LOW sells 1 000 ₽/day, OUT sold 900 ₽/day.
    expect(b.stockRisks).toEqual(['LOW', 'OUT']);
    expect(b.adInefficient).toEqual(['ADS']);
    expect(b.movers.growth).toEqual(['UP']);
    expect(b.items.find((i) => i.sku === 'LOW')!.daysOfCover).toBe(4);
  });

  it('rounds money to 2 decimals and fractions to 4', () => {
    const b = rowsToBrief(input([row(D, 'A', { revenue: 0.1 + 0.2, adSpend: 0.1 })]));
    expect(b.totals.revenue).toBe(0.3);
    expect(b.totals.drr).toBe(0.3333);
  });

  it('marks freshness stale when the last ETL run is older than the threshold', () => {
    const fresh = rowsToBrief(input([row(D, 'A')]));
    expect(fresh.freshness).toEqual({ lastDay: D, etlFinishedAt: '2026-11-23T04:00:00Z', stale: false });
    const stale = rowsToBrief(input([row(D, 'A')], { now: new Date('2026-11-25T06:00:00Z') }));
    expect(stale.freshness.stale).toBe(true);
    expect(stale.narrative.actions.join(' ')).toMatch(/ETL/);
  });

  it('writes the template narrative in English when asked', () => {
    const b = rowsToBrief(input([row(D, 'A', { revenue: 1234 })], { locale: 'en' }));
    expect(b.narrative.summary).toMatch(/^Revenue on/);
  });
});
