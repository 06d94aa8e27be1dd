/**
 * One SKU's life, day by day: demand (popularity × weekday × trend × price elasticity × noise),
 * price changes and promotions, stock that sells down and is replenished in batches after a
 * lead time (sometimes late, so real stock-outs happen), ads sized to a target ДРР, and returns
 * that arrive days after the sale. Incidents bend it through `DayEffect`s.
 */
import type { SkuDay } from '../../insights/types.js';
import { weekday } from '../../time/days.js';
import type { CatalogItem } from './catalog.js';
import { shopPrice } from './catalog.js';
import { createRandom } from './random.js';

export interface SkuProfile {
  item: CatalogItem;
  /** Intended popularity rank, 0 = the best-seller. */
  rank: number;
  /** Units per day at the base price on the first day. */
  baseDemand: number;
  basePrice: number;
  /** Demand falls as (price / basePrice)^-elasticity. */
  elasticity: number;
  /** Log growth of demand over the whole window (0.2 ≈ +22 %). */
  trend: number;
  /** Day index of the SKU's first row (0 unless launched inside the window). */
  launch: number;
  /** Days from a purchase order to the batch on the marketplace's shelf. */
  leadDays: number;
  /** Ad campaign, or null for SKUs sold without ads. */
  ads: { cpc: number; ctr: number; drr: number } | null;
  /** Random repricing and promotions stop from this day index (keeps incident windows clean). */
  calmFrom: number;
  seed: number;
}

/** How an incident bends one SKU-day. Multipliers default to 1. */
export interface DayEffect {
  demand?: number;
  /** Multiplies the listed price (a typo); demand is set by `demand`, not by elasticity. */
  price?: number;
  adSpend?: number;
  /** Extra returns that day, as a share of the units sold in the previous 14 days. */
  returnsShare?: number;
  /** At the start of the day, stock above this many days of demand leaves (moved to another warehouse). */
  capStockDays?: number;
  /** Supplier delay: nothing arrives that day; due batches wait. */
  holdDeliveries?: boolean;
  /** At the start of the day, a batch tops stock up to this many days of demand. */
  topUpDays?: number;
}

/**
 * What the simulation itself did to a SKU on a day — real events of the shop's life, apart from the
 * planted incidents — so an evaluation can tell an alert on a real stock-out from a false one.
 * `stockout`: demand went unmet (stock ran out); `low_stock`: stock under the reorder point (an
 * order is on its way) or under 7 days of demand; `promo`: a promotion price (and the day it ends); `reprice`: the list price changed;
 * `ads_resumed`: ads back on after a pause for a stock-out in the last 14 days; `restock`: a batch arrived.
 */
export type SimEventKind = 'stockout' | 'low_stock' | 'promo' | 'reprice' | 'ads_resumed' | 'restock';
export interface SimEvent {
  sku: string;
  day: string;
  kind: SimEventKind;
}

export interface SimulationInput {
  profile: SkuProfile;
  days: readonly string[];
  /** Per day index. */
  effects?: ReadonlyMap<number, DayEffect>;
  /** Shop-wide or category-wide demand multiplier per day index. */
  demandFactor(t: number): number;
  /** When given, the SKU's own events are appended here. */
  events?: SimEvent[];
}

const SAFETY_DAYS = 4;
const round2 = (x: number) => Math.round(x * 100) / 100;

export function simulateSku(input: SimulationInput): SkuDay[] {
  const { profile, days, effects } = input;
  const random = createRandom(profile.seed);
  const { item } = profile;
  const n = days.length;
  const rows: SkuDay[] = [];

  // Baseline daily demand without noise or incidents: what the seller plans with.
  const planned = (t: number, price: number) =>
    profile.baseDemand *
    Math.exp((profile.trend * t) / n) *
    Math.pow(price / profile.basePrice, -profile.elasticity) *
    (profile.launch > 0 ? Math.min(1, 0.35 + 0.065 * (t - profile.launch)) : 1);

  let listPrice = profile.basePrice;
  let promoUntil = -1;
  let promoDepth = 0;
  let stock = profile.launch > 0 ? 0 : Math.round(planned(0, listPrice) * random.uniform(8, 35));
  const returnsDue = new Array<number>(n + 16).fill(0);
  const unitsSold: number[] = [];
  let returnedPool = 0;
  let order: { qty: number; arrives: number } | null =
    profile.launch > 0 ? { qty: Math.max(5, Math.ceil(planned(profile.launch + 20, listPrice) * 30)), arrives: profile.launch } : null;

  let adsPausedAt = -Infinity;
  for (let t = profile.launch; t < n; t += 1) {
    const day = days[t]!;
    const fx = effects?.get(t) ?? {};
    const happened = new Set<SimEventKind>();
    const priceBefore = listPrice;

    // Repricing (±5–15 %) and short promotions, the everyday price life of a listing.
    if (t < profile.calmFrom) {
      if (random.chance(1 / 35)) {
        const step = random.uniform(0.05, 0.15) * (random.chance(0.55) ? 1 : -1);
        listPrice = shopPrice(Math.min(profile.basePrice * 1.35, Math.max(profile.basePrice * 0.75, listPrice * (1 + step))));
      }
      if (t > promoUntil && random.chance(1 / 70)) {
        promoUntil = t + random.int(2, 6);
        promoDepth = random.uniform(0.15, 0.3);
      }
    }
    if (listPrice !== priceBefore) happened.add('reprice');
    if (t <= promoUntil + 1 && promoUntil >= 0) happened.add('promo');
    const shelfPrice = t <= promoUntil ? shopPrice(listPrice * (1 - promoDepth)) : listPrice;
    const price = fx.price ? round2(shelfPrice * fx.price) : shelfPrice;

    // Start of day: batches, returned units back on the shelf, incident stock moves.
    if (order && order.arrives <= t) {
      if (fx.holdDeliveries) order.arrives = t + 1;
      else {
        // Returned units wait at the warehouse and go back on sale with the next batch.
        stock += order.qty + returnedPool;
        returnedPool = 0;
        order = null;
        happened.add('restock');
      }
    }
    const plannedToday = planned(t, shelfPrice);
    if (fx.topUpDays !== undefined) stock = Math.max(stock, Math.round(plannedToday * fx.topUpDays));
    if (fx.capStockDays !== undefined) stock = Math.min(stock, Math.round(plannedToday * fx.capStockDays));
    const openingStock = stock;

    // Demand: negative-binomial-like (lognormal-mixed Poisson) around the expectation.
    const seasonal = item.category.weekly[weekday(day)] ?? 1;
    const expected = plannedToday * seasonal * input.demandFactor(t) * (fx.demand ?? 1);
    const wanted = random.poisson(expected * random.logNormal(-0.045, 0.3));
    const units = Math.min(wanted, stock);
    stock -= units;
    if (units < wanted || stock === 0) happened.add('stockout');
    unitsSold.push(units);
    const orders = units === 0 ? 0 : Math.max(1, units - random.binomial(Math.floor(units / 2), item.category.multiUnitShare));

    // Returns: a share of units comes back 3–10 days later; an incident adds a burst.
    const returnedUnits = random.binomial(units, item.category.returnRate);
    for (let i = 0; i < returnedUnits; i += 1) returnsDue[t + random.int(3, 10)]! += 1;
    let returns = returnsDue[t] ?? 0;
    returnedPool += returns;
    if (fx.returnsShare) {
      // A defective batch: these go back to the supplier, not to the shelf.
      const recent = unitsSold.slice(-15, -1).reduce((a, b) => a + b, 0);
      returns += random.binomial(recent, fx.returnsShare);
    }

    // Ads: the budget follows planned revenue (not today's luck); shown only while in stock.
    let adSpend = 0;
    let adClicks = 0;
    let adImpressions = 0;
    if (profile.ads && openingStock === 0) adsPausedAt = t;
    if (profile.ads && openingStock > 0 && t - adsPausedAt <= 14) happened.add('ads_resumed');
    if (profile.ads && openingStock > 0) {
      const budget = profile.ads.drr * plannedToday * seasonal * shelfPrice * (fx.adSpend ?? 1);
      const expectedClicks = budget / profile.ads.cpc;
      adImpressions = random.poisson(expectedClicks / profile.ads.ctr);
      adClicks = random.binomial(adImpressions, profile.ads.ctr);
      adSpend = round2(adClicks * profile.ads.cpc * random.uniform(0.85, 1.15));
    }

    rows.push({
      day,
      sku: item.sku,
      title: item.title,
      category: item.category.name,
      units,
      orders,
      revenue: round2(units * price),
      returns,
      stock,
      price,
      adSpend,
      adClicks: profile.ads ? adClicks : 0,
      adImpressions: profile.ads ? adImpressions : 0,
    });

    // End of day: reorder when stock (with what is on its way) drops under lead + safety days.
    const daily = planned(t, listPrice);
    if (!order && stock < daily * (profile.leadDays + SAFETY_DAYS)) {
      const late = random.chance(0.12) ? random.int(3, 12) : 0;
      const qty = Math.max(3, Math.ceil((daily * random.uniform(21, 35)) / 5) * 5);
      order = { qty, arrives: t + profile.leadDays + late };
    }
    if (order || stock < 7 * Math.max(daily, expected)) happened.add('low_stock');
    if (input.events) for (const kind of happened) input.events.push({ sku: item.sku, day, kind });
  }
  return rows;
}
