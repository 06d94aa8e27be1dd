import type { SkuDay } from '../../src/insights/types.js';

/** A hand-made ETL row with sensible defaults; override what the test is about. */
export function row(day: string, sku: string, over: Partial<SkuDay> = {}): SkuDay {
  const units = over.units ?? 2;
  const price = over.price === undefined ? 500 : over.price;
  return {
    day,
    sku,
    title: over.title ?? `Товар ${sku}`,
    category: over.category === undefined ? 'Дом' : over.category,
    units,
    orders: over.orders ?? units,
    revenue: over.revenue ?? units * (price ?? 500),
    returns: over.returns ?? 0,
    stock: over.stock === undefined ? 100 : over.stock,
    price,
    adSpend: over.adSpend ?? 0,
    adClicks: over.adClicks ?? null,
    adImpressions: over.adImpressions ?? null,
    ...over,
  };
}

/** The same SKU on consecutive days ending at `to`, one override per day (oldest first). */
export function days(sku: string, to: string, perDay: Partial<SkuDay>[]): SkuDay[] {
  const end = Date.parse(`${to}T00:00:00Z`);
  return perDay.map((over, i) => {
    const day = new Date(end - (perDay.length - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return row(day, sku, over);
  });
}
