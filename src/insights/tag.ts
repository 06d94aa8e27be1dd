import type { TagThresholds } from '../config.js';
import { addDays } from '../time/days.js';
import type { SkuDay, Tag } from './types.js';

/** Everything `tag` needs to know about one SKU on one day. */
export interface SkuContext {
  date: string;
  today: SkuDay;
  /** The row of the day before, if any. */
  prevDay: SkuDay | null;
  /** The row of the same weekday a week earlier, if any. */
  weekAgo: SkuDay | null;
  /** Rows of the 7 days before `date` (date-7 … date-1), any order, possibly fewer. */
  history: readonly SkuDay[];
  /** Whether the SKU is among the top N by revenue that day (decided across SKUs). */
  isTop: boolean;
  /** First day the SKU ever sold, when known; undefined when unknown. */
  firstSaleDay?: string | null;
  /** First day of data in the relation; `new` needs history before the day to mean anything. */
  dataStartDay: string | null;
}

/** Average daily units over the last 7 days including today; 0 when it did not sell. */
export function dailyRate(ctx: Pick<SkuContext, 'today' | 'history' | 'date'>): number {
  const from = addDays(ctx.date, -6);
  let units = ctx.today.units;
  for (const r of ctx.history) if (r.day >= from && r.day < ctx.date) units += r.units;
  return units / 7;
}

/** Stock ÷ the last 7 days' daily rate; null when it did not sell or stock is unknown. */
export function daysOfCover(ctx: Pick<SkuContext, 'today' | 'history' | 'date'>): number | null {
  const rate = dailyRate(ctx);
  if (ctx.today.stock === null || rate <= 0) return null;
  return ctx.today.stock / rate;
}

/** Relative change `now / base - 1`; null when the base is 0 or missing. */
export function change(now: number, base: number | null | undefined): number | null {
  if (base === null || base === undefined || base === 0) return null;
  return now / base - 1;
}

/** Float slack so that exactly 10 % (450 vs 500 → −0.0999…98) counts as 10 %. */
const EPS = 1e-9;

/** Average daily revenue over the 7 days before `date` (what a stock-out loses per day). */
function revenueBefore(ctx: Pick<SkuContext, 'history' | 'date'>): number {
  const from = addDays(ctx.date, -7);
  let revenue = 0;
  for (const r of ctx.history) if (r.day >= from && r.day < ctx.date) revenue += r.revenue;
  return revenue / 7;
}

/** Price of one unit: the day's price, else revenue per unit sold over the window; 0 when unknown. */
function unitValue(ctx: Pick<SkuContext, 'today' | 'history'>): number {
  if (ctx.today.price !== null && ctx.today.price > 0) return ctx.today.price;
  let units = ctx.today.units;
  let revenue = ctx.today.revenue;
  for (const r of ctx.history) ((units += r.units), (revenue += r.revenue));
  return units > 0 ? revenue / units : 0;
}

/**
 * The money each tag of the day is about, in the shop currency per day: what a stock-out or a
 * shrinking cover loses in sales, the revenue won or lost vs a week earlier, the ad spend beyond
 * the target ДРР, the revenue a price move shifts, the value of the returned goods. Tags fire only
 * where this reaches the configured minimum, and the brief ranks items by it.
 */
export function tagMoney(ctx: SkuContext, t: TagThresholds): Record<Exclude<Tag, 'top' | 'new'>, number> {
  const { today } = ctx;
  const weekRevenue = ctx.weekAgo?.revenue ?? 0;
  const prevPrice = ctx.prevDay?.price ?? null;
  return {
    growth: today.revenue - weekRevenue,
    decline: weekRevenue - today.revenue,
    out_of_stock: revenueBefore(ctx),
    low_stock: dailyRate(ctx) * unitValue(ctx),
    ad_inefficient: Math.max(0, today.adSpend - today.revenue * t.adInefficientDrr),
    price_change: today.price !== null && prevPrice !== null ? Math.abs(today.price - prevPrice) * dailyRate(ctx) : 0,
    returns_spike: today.returns * unitValue(ctx),
  };
}

/** The tags of SKUs on a day (SPEC section 5), each with a configurable threshold and money floor. */
export function tag(ctx: SkuContext, t: TagThresholds): Tag[] {
  const { today } = ctx;
  const tags: Tag[] = [];
  const money = tagMoney(ctx, t);
  if (ctx.isTop) tags.push('top');

  const vsWeek = ctx.weekAgo ? change(today.revenue, ctx.weekAgo.revenue) : null;
  if (vsWeek !== null && vsWeek >= t.growthPct - EPS && money.growth >= t.moverMinChange) tags.push('growth');
  if (vsWeek !== null && vsWeek <= -t.declinePct + EPS && money.decline >= t.moverMinChange) tags.push('decline');

  const weekStart = addDays(ctx.date, -6);
  const soldLast7 = today.units > 0 || ctx.history.some((r) => r.day >= weekStart && r.units > 0);
  if (today.stock === 0 && soldLast7 && money.out_of_stock >= t.stockMinDailyRevenue) tags.push('out_of_stock');
  const cover = daysOfCover(ctx);
  if (today.stock !== null && today.stock > 0 && cover !== null && cover < t.lowStockDays && money.low_stock >= t.stockMinDailyRevenue) {
    tags.push('low_stock');
  }

  if (
    today.adSpend > 0 &&
    today.adSpend >= t.adInefficientMinSpend &&
    (today.revenue === 0 || today.adSpend / today.revenue > t.adInefficientDrr)
  ) {
    tags.push('ad_inefficient');
  }

  const prevPrice = ctx.prevDay?.price;
  if (today.price !== null && today.price > 0 && prevPrice && prevPrice > 0 && money.price_change >= t.priceChangeMinMoney) {
    if (Math.abs(today.price / prevPrice - 1) >= t.priceChangePct - EPS) tags.push('price_change');
  }

  const past = ctx.history.filter((r) => r.day < ctx.date);
  const avgReturns = past.length > 0 ? past.reduce((s, r) => s + r.returns, 0) / past.length : 0;
  if (today.returns >= t.returnsSpikeMin && today.returns >= t.returnsSpikeFactor * avgReturns && money.returns_spike >= t.returnsSpikeMinValue) {
    tags.push('returns_spike');
  }

  if (today.units > 0 && isFirstSale(ctx)) tags.push('new');
  return tags;
}

function isFirstSale(ctx: SkuContext): boolean {
  // On the first day of data every seller would look "new": say nothing.
  if (ctx.dataStartDay === null || ctx.dataStartDay >= ctx.date) return false;
  if (ctx.firstSaleDay !== undefined) return ctx.firstSaleDay === ctx.date;
  // Unknown: decide from the window, but only when the window reaches back to the start of data.
  if (ctx.history.some((r) => r.units > 0)) return false;
  return ctx.dataStartDay >= addDays(ctx.date, -7);
}
