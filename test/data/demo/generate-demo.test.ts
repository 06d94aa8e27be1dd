import { describe, expect, it } from 'vitest';
import { generateDemo, INCIDENT_KINDS, type DemoData } from '../../../src/data/demo/generate-demo.js';
import { addDays, weekday } from '../../../src/time/days.js';
import type { SkuDay } from '../../../src/insights/types.js';
import { checkIncident } from './incident-checks.js';

const END = '2026-11-22';
// Generated once per file (≈0.5 s each): the default shop of seed 1 and one other seed.
const shop = generateDemo({ seed: 1, endDay: END });
const other = generateDemo({ seed: 2, endDay: END });

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
function bySku(rows: readonly SkuDay[]): Map<string, SkuDay[]> {
  const out = new Map<string, SkuDay[]>();
  for (const r of rows) out.set(r.sku, [...(out.get(r.sku) ?? []), r]);
  return out;
}

describe('generateDemo', () => {
  it('gives identical data for the same seed and different data for another seed', () => {
    const again = generateDemo({ seed: 1, endDay: END });
    expect(again).toEqual(shop);
    expect(other.rows.slice(0, 500)).not.toEqual(shop.rows.slice(0, 500));
    expect(sum(other.rows.map((r) => r.revenue))).not.toBe(sum(shop.rows.map((r) => r.revenue)));
  });

  it('covers 300 SKUs over 120 days ending at endDay, one row per (day, sku)', () => {
    const days = new Set(shop.rows.map((r) => r.day));
    expect(days.size).toBe(120);
    expect([...days].sort().at(-1)).toBe(END);
    expect([...days].sort()[0]).toBe(addDays(END, -119));
    expect(new Set(shop.rows.map((r) => r.sku)).size).toBe(300);
    const keys = new Set(shop.rows.map((r) => `${r.day}|${r.sku}`));
    expect(keys.size).toBe(shop.rows.length);
  });

  it('defaults endDay to yesterday in Moscow from the injected clock', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Moscow: yesterday is the 22nd.
    const small = generateDemo({ now: new Date('2026-11-22T23:30:00Z'), skus: 5, days: 3 });
    expect([...new Set(small.rows.map((r) => r.day))].sort().at(-1)).toBe('2026-11-22');
  });

  it('never produces negative or non-finite numbers, and keeps the contract types', () => {
    const bad = [...shop.rows, ...other.rows].filter((r) => {
      const numbers = [r.units, r.orders, r.revenue, r.returns, r.stock ?? 0, r.price ?? 0, r.adSpend, r.adClicks ?? 0, r.adImpressions ?? 0];
      const ints = [r.units, r.orders, r.returns, r.stock ?? 0, r.adClicks ?? 0, r.adImpressions ?? 0];
      return (
        !numbers.every((v) => Number.isFinite(v) && v >= 0) ||
        !ints.every(Number.isInteger) ||
        r.orders > r.units ||
        !/[а-яё]/i.test(r.title)
      );
    });
    expect(bad).toEqual([]);
  });

  it('has Russian titles in the six categories', () => {
    const categories = new Set(shop.rows.map((r) => r.category));
    expect(categories).toEqual(new Set(['Посуда', 'Электроника', 'Дом', 'Одежда', 'Красота', 'Игрушки']));
    expect(new Set(shop.rows.map((r) => r.title)).size).toBe(300);
  });

  it('is long-tailed: the top 10 % of SKUs hold over 40 % of revenue and many SKUs sell rarely', () => {
    const revenue = [...bySku(shop.rows).values()].map((rs) => sum(rs.map((r) => r.revenue))).sort((a, b) => b - a);
    expect(sum(revenue.slice(0, 30)) / sum(revenue)).toBeGreaterThan(0.4);
    const sparse = [...bySku(shop.rows).values()].filter((rs) => rs.filter((r) => r.units === 0).length > rs.length / 2);
    expect(sparse.length).toBeGreaterThan(30);
  });

  it('keeps ДРР mostly within 5–15 % for advertised SKUs, and some SKUs have no ads', () => {
    const skus = [...bySku(shop.rows).values()];
    const advertised = skus.filter((rs) => sum(rs.map((r) => r.adSpend)) > 0 && sum(rs.map((r) => r.revenue)) > 0);
    const drr = advertised.map((rs) => sum(rs.map((r) => r.adSpend)) / sum(rs.map((r) => r.revenue)));
    expect(drr.filter((d) => d >= 0.05 && d <= 0.15).length / drr.length).toBeGreaterThan(0.8);
    expect(skus.length - advertised.length).toBeGreaterThan(50);
  });

  it('shows weekly seasonality: weekday means differ', () => {
    const byWeekday = [0, 1, 2, 3, 4, 5, 6].map((w) => {
      const rows = shop.rows.filter((r) => weekday(r.day) === w);
      return sum(rows.map((r) => r.units)) / new Set(rows.map((r) => r.day)).size;
    });
    expect(Math.max(...byWeekday) / Math.min(...byWeekday)).toBeGreaterThan(1.1);
  });

  it('has real stock-outs, price changes, returns, multi-unit orders and new launches', () => {
    expect(shop.rows.some((r) => r.stock === 0 && r.units === 0)).toBe(true);
    const units = sum(shop.rows.map((r) => r.units));
    const returnsShare = sum(shop.rows.map((r) => r.returns)) / units;
    expect(returnsShare).toBeGreaterThan(0.005);
    expect(returnsShare).toBeLessThan(0.06);
    expect(sum(shop.rows.map((r) => r.orders)) / units).toBeGreaterThan(0.85);
    expect(sum(shop.rows.map((r) => r.orders)) / units).toBeLessThan(1);
    const repriced = [...bySku(shop.rows).values()].filter((rs) => new Set(rs.map((r) => r.price)).size > 1);
    expect(repriced.length).toBeGreaterThan(50);
    const firstDay = [...bySku(shop.rows).values()].map((rs) => rs[0]!.day);
    expect(firstDay.filter((d) => d > addDays(END, -119)).length).toBeGreaterThan(3);
    expect(firstDay.filter((d) => d >= addDays(END, -3)).length).toBeGreaterThanOrEqual(2);
  });

  it('writes one ETL run per night, finished after it started', () => {
    const ok = shop.etlRuns.filter((r) => r.status === 'ok');
    expect(ok).toHaveLength(120);
    for (const r of shop.etlRuns) expect(Date.parse(r.finishedAt)).toBeGreaterThan(Date.parse(r.startedAt));
    expect(ok.at(-1)!.finishedAt.slice(0, 10)).toBe(addDays(END, 1));
  });
});

describe('labelled incidents', () => {
  const cases: [string, DemoData][] = [['seed 1', shop], ['seed 2', other]];

  it.each(cases)('plants every incident kind but etl_stale in the last three weeks (%s)', (_, data) => {
    const kinds = new Set(data.incidents.map((i) => i.kind));
    expect(kinds).toEqual(new Set(INCIDENT_KINDS.filter((k) => k !== 'etl_stale')));
    for (const i of data.incidents) {
      expect(i.from >= addDays(END, -20) && i.to <= END && i.from <= i.to).toBe(true);
      expect(i.sku !== null || i.category !== undefined).toBe(true);
    }
  });

  it.each(cases)('holds in the rows as labelled (%s)', (_, data) => {
    const problems = data.incidents.map((i) => [i.kind, i.sku, checkIncident(i, data.rows)]).filter(([, , p]) => p !== null);
    expect(problems).toEqual([]);
  });

  it('shows the stock-out as stock 0 and units 0, and the price typo as a tenfold price', () => {
    const stockout = shop.incidents.find((i) => i.kind === 'stockout')!;
    const window = shop.rows.filter((r) => r.sku === stockout.sku && r.day >= stockout.from && r.day <= stockout.to);
    expect(window.length).toBeGreaterThanOrEqual(3);
    expect(window.every((r) => r.stock === 0 && r.units === 0)).toBe(true);

    for (const typo of shop.incidents.filter((i) => i.kind === 'price_anomaly')) {
      const price = (day: string) => shop.rows.find((r) => r.sku === typo.sku && r.day === day)!.price!;
      const ratio = price(typo.from) / price(addDays(typo.from, -1));
      expect([0.1, 10].some((x) => Math.abs(ratio / x - 1) < 0.05)).toBe(true);
    }
  });

  it('plants nothing in a window too short for a baseline', () => {
    expect(generateDemo({ seed: 1, endDay: END, skus: 20, days: 20 }).incidents).toEqual([]);
  });
});
