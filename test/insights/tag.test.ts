import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { tag, type SkuContext } from '../../src/insights/tag.js';
import type { SkuDay } from '../../src/insights/types.js';
import { days, row } from '../helpers/rows.js';

const DEFAULTS = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.tags;
/** The SPEC's relative thresholds alone: these tests are about percentages, not money floors. */
const T = { ...DEFAULTS, adInefficientMinSpend: 0, moverMinChange: 0, stockMinDailyRevenue: 0, priceChangeMinMoney: 0, returnsSpikeMinValue: 0 };
const D = '2026-11-22';

function ctx(history: SkuDay[], over: Partial<SkuContext> = {}): SkuContext {
  const today = history[history.length - 1]!;
  const past = history.slice(0, -1);
  return {
    date: today.day,
    today,
    prevDay: past.find((r) => r.day === '2026-11-21') ?? null,
    weekAgo: past.find((r) => r.day === '2026-11-15') ?? null,
    history: past,
    isTop: false,
    dataStartDay: '2026-01-01',
    ...over,
  };
}

describe('tag', () => {
  it('tags nothing on an ordinary day', () => {
    expect(tag(ctx(days('A', D, Array(8).fill({ units: 2 }))), T)).toEqual([]);
  });

  it('tags top when the SKU is among the top N', () => {
    expect(tag(ctx(days('A', D, [{}]), { isTop: true }), T)).toContain('top');
  });

  it('tags growth at +30 % vs the same weekday a week earlier, and not at +29 %', () => {
    const grow = days('A', D, [{ revenue: 1000 }, ...Array(6).fill({}), { revenue: 1300 }]);
    expect(tag(ctx(grow), T)).toContain('growth');
    const almost = days('A', D, [{ revenue: 1000 }, ...Array(6).fill({}), { revenue: 1290 }]);
    expect(tag(ctx(almost), T)).not.toContain('growth');
  });

  it('tags decline at −30 % and needs a week-ago row to say anything', () => {
    const fall = days('A', D, [{ revenue: 1000 }, ...Array(6).fill({}), { revenue: 700 }]);
    expect(tag(ctx(fall), T)).toContain('decline');
    const noWeek = days('A', D, [...Array(6).fill({}), { revenue: 10 }]);
    expect(tag(ctx(noWeek), T)).not.toContain('decline');
  });

  it('tags out_of_stock when stock is 0 and it sold in the last 7 days', () => {
    const out = days('A', D, [{ units: 3 }, { units: 0, stock: 0, revenue: 0 }]);
    expect(tag(ctx(out), T)).toContain('out_of_stock');
    const neverSold = days('A', D, [{ units: 0, revenue: 0 }, { units: 0, stock: 0, revenue: 0 }]);
    expect(tag(ctx(neverSold), T)).not.toContain('out_of_stock');
  });

  it('tags low_stock under 7 days of cover at the last 7 days rate', () => {
    // 10 units/day, 60 in stock → 6 days of cover.
    const low = days('A', D, Array(7).fill({ units: 10, stock: 60 }));
    expect(tag(ctx(low), T)).toContain('low_stock');
    const ok = days('A', D, Array(7).fill({ units: 10, stock: 80 }));
    expect(tag(ctx(ok), T)).not.toContain('low_stock');
  });

  it('leaves stock tags alone when stock is unknown (null)', () => {
    const unknown = days('A', D, Array(7).fill({ units: 10, stock: null }));
    expect(tag(ctx(unknown), T)).toEqual([]);
  });

  it('tags ad_inefficient over 20 % ДРР, and when ads ran with zero revenue', () => {
    expect(tag(ctx([row(D, 'A', { revenue: 1000, adSpend: 201 })]), T)).toContain('ad_inefficient');
    expect(tag(ctx([row(D, 'A', { revenue: 1000, adSpend: 200 })]), T)).not.toContain('ad_inefficient');
    expect(tag(ctx([row(D, 'A', { units: 0, revenue: 0, adSpend: 50 })]), T)).toContain('ad_inefficient');
  });

  it('tags price_change at a 10 % move since the day before, and ignores a missing price', () => {
    const moved = days('A', D, [{ price: 500 }, { price: 450 }]);
    expect(tag(ctx(moved), T)).toContain('price_change');
    const nullPrice = days('A', D, [{ price: null }, { price: 450 }]);
    expect(tag(ctx(nullPrice), T)).not.toContain('price_change');
  });

  it('tags returns_spike at 3× the week average and at least 3 returns', () => {
    const spike = days('A', D, [...Array(7).fill({ returns: 1 }), { returns: 3 }]);
    expect(tag(ctx(spike), T)).toContain('returns_spike');
    const small = days('A', D, [...Array(7).fill({ returns: 0 }), { returns: 2 }]);
    expect(tag(ctx(small), T)).not.toContain('returns_spike');
  });

  it('tags new on the first day with sales, but not on the first day of data', () => {
    const first = days('A', D, [{ units: 0, revenue: 0 }, { units: 4 }]);
    expect(tag(ctx(first, { firstSaleDay: D }), T)).toContain('new');
    expect(tag(ctx(first, { firstSaleDay: '2026-10-01' }), T)).not.toContain('new');
    expect(tag(ctx([row(D, 'A')], { dataStartDay: D }), T)).not.toContain('new');
  });

  it('tags only where money is at stake: each tag has a money floor (defaults in config)', () => {
    // 6,59 ₽ of ads on a product that sold nothing: ДРР is infinite, but nobody should read about it.
    const pennies = days('A', D, [...Array(7).fill({}), { units: 0, revenue: 0, adSpend: 6.59 }]);
    expect(tag(ctx(pennies), DEFAULTS)).not.toContain('ad_inefficient');
    const real = days('A', D, [...Array(7).fill({}), { units: 0, revenue: 0, adSpend: 800 }]);
    expect(tag(ctx(real), DEFAULTS)).toContain('ad_inefficient');
    expect(tag(ctx(real), { ...DEFAULTS, adInefficientMinSpend: 1000 })).not.toContain('ad_inefficient');

    // −50 % of 200 ₽ is not a decline worth a line; −50 % of 10 000 ₽ is.
    const small = days('A', D, [{ revenue: 200 }, ...Array(6).fill({}), { revenue: 100 }]);
    expect(tag(ctx(small), DEFAULTS)).not.toContain('decline');
    const big = days('A', D, [{ revenue: 10_000 }, ...Array(6).fill({}), { revenue: 5_000 }]);
    expect(tag(ctx(big), DEFAULTS)).toContain('decline');

    // A stock-out of something that sold 20 ₽ a day vs one that sold 3 000 ₽ a day.
    const cheapOut = days('A', D, [...Array(7).fill({ units: 1, revenue: 20 }), { units: 0, revenue: 0, stock: 0 }]);
    expect(tag(ctx(cheapOut), DEFAULTS)).not.toContain('out_of_stock');
    const dearOut = days('A', D, [...Array(7).fill({ units: 3, revenue: 3000 }), { units: 0, revenue: 0, stock: 0 }]);
    expect(tag(ctx(dearOut), DEFAULTS)).toContain('out_of_stock');

    // A 20 % price move on 1 unit a day at 50 ₽ shifts 10 ₽ a day.
    const cheapMove = days('A', D, [...Array(7).fill({ units: 1, price: 50, revenue: 50 }), { units: 1, price: 60, revenue: 60 }]);
    expect(tag(ctx(cheapMove), DEFAULTS)).not.toContain('price_change');
    const dearMove = days('A', D, [...Array(7).fill({ units: 5, price: 2000 }), { units: 5, price: 1300 }]);
    expect(tag(ctx(dearMove), DEFAULTS)).toContain('price_change');
  });
});
