/**
 * Labelled incidents planted in the last three weeks of the demo data, so anomaly detectors have
 * something true to find and tests can check they find it. Kinds are the alert kinds of SPEC
 * section 5. Windows that depend on how stock actually ran down are read back from the rows.
 */
import type { SkuDay } from '../../insights/types.js';
import type { Random } from './random.js';
import type { DayEffect, SkuProfile } from './simulate-sku.js';

export const INCIDENT_KINDS = [
  'stockout', 'price_anomaly', 'ad_spend_spike', 'drr_high', 'zero_sales',
  'sales_drop', 'sales_spike', 'returns_spike', 'low_cover', 'etl_stale',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export interface DemoIncident {
  kind: IncidentKind;
  /** null for a category-wide or shop-wide incident. */
  sku: string | null;
  /** Set for category-wide incidents. */
  category?: string;
  /** First and last day (inclusive), `YYYY-MM-DD`. */
  from: string;
  to: string;
  note: string;
}

/** Incidents need a history before them: shorter windows get none. */
export const MIN_DAYS_FOR_INCIDENTS = 35;

interface Draft {
  kind: IncidentKind;
  sku: string | null;
  category?: string;
  from: number;
  to: number;
  note: string;
  /** Reads the real window back from the SKU's rows; null drops the label (it did not happen). */
  settle?: (rows: readonly SkuDay[], at: (t: number) => SkuDay | undefined) => { from: number; to: number } | null;
}

export interface IncidentPlan {
  effects: Map<string, Map<number, DayEffect>>;
  /** Category-wide demand multipliers by day index. */
  categoryDemand: Map<string, Map<number, number>>;
  /** SKUs an incident touches: their random price life stops before the window. */
  skus: Set<string>;
  label(rowsBySku: ReadonlyMap<string, readonly SkuDay[]>, days: readonly string[]): DemoIncident[];
}

export function planIncidents(profiles: readonly SkuProfile[], days: readonly string[], random: Random): IncidentPlan {
  const effects = new Map<string, Map<number, DayEffect>>();
  const categoryDemand = new Map<string, Map<number, number>>();
  const drafts: Draft[] = [];
  const used = new Set<string>();
  const e = days.length - 1;
  const plan: IncidentPlan = { effects, categoryDemand, skus: used, label: (rows) => settle(drafts, rows, days) };
  if (days.length < MIN_DAYS_FOR_INCIDENTS) return plan;

  const established = profiles.filter((p) => p.launch === 0).sort((a, b) => a.rank - b.rank);
  // The slumping category is chosen first and its SKUs get no other incident, so its drop is
  // measured against a clean baseline.
  const slumping = random.pick([...new Set(established.map((p) => p.item.category.name))].sort());
  const choose = (fromRank: number, toRank: number, ok: (p: SkuProfile) => boolean = () => true): SkuProfile | null => {
    const fits = (p: SkuProfile, to: number) =>
      p.rank >= fromRank && p.rank <= to && !used.has(p.item.sku) && p.item.category.name !== slumping && ok(p);
    let pool = established.filter((p) => fits(p, toRank));
    // Few SKUs left in the rank range (small shops, or all in the slumping category): widen it.
    if (pool.length === 0) pool = established.filter((p) => fits(p, Math.max(toRank * 3, 30)));
    if (pool.length === 0) return null;
    const p = random.pick(pool);
    used.add(p.item.sku);
    return p;
  };
  const affect = (sku: string, from: number, to: number, fx: DayEffect) => {
    const bySku = effects.get(sku) ?? new Map<number, DayEffect>();
    effects.set(sku, bySku);
    for (let t = from; t <= to; t += 1) bySku.set(t, { ...bySku.get(t), ...fx });
  };
  // An established seller: several units a day, so a change is a signal and not noise.
  const sold = (p: SkuProfile) => p.baseDemand * Math.exp(p.trend) >= 2;

  // A best-seller runs dry: the supplier is late, stock sells out, nothing for days.
  const dry = choose(0, 2);
  if (dry) {
    const sku = dry.item.sku;
    affect(sku, e - 21, e - 21, { capStockDays: 5.5 });
    affect(sku, e - 21, e - 11, { holdDeliveries: true });
    affect(sku, e - 10, e - 10, { topUpDays: 28 });
    drafts.push({ kind: 'stockout', sku, from: e - 18, to: e - 11, note: 'best-seller sold out: supplier batch late, stock 0 and no sales',
      settle: (_rows, at) => longestRun(e - 21, e - 11, (t) => at(t)?.units === 0 && at(t)?.stock === 0, 3) });
  }

  // Price typos: a missing zero (×0.1, buyers rush in) and an extra one (×10, sales stop).
  const cheap = choose(3, 15, sold);
  if (cheap) {
    affect(cheap.item.sku, e - 10, e - 10, { topUpDays: 20 });
    affect(cheap.item.sku, e - 9, e - 9, { price: 0.1, demand: 8 });
    drafts.push({ kind: 'price_anomaly', sku: cheap.item.sku, from: e - 9, to: e - 9, note: 'price typo ×0.1 for one day: sales spike at a tenth of the price' });
  }
  const dear = choose(3, 15, sold);
  if (dear) {
    affect(dear.item.sku, e - 4, e - 4, { price: 10, demand: 0.02 });
    drafts.push({ kind: 'price_anomaly', sku: dear.item.sku, from: e - 4, to: e - 4, note: 'price typo ×10 for one day: sales stop' });
  }

  // An ad campaign burns money: bids ×5 or more, ДРР above 40 %.
  const burner = choose(3, 40, (p) => p.ads !== null && sold(p));
  if (burner?.ads) {
    affect(burner.item.sku, e - 7, e - 7, { topUpDays: 14 });
    affect(burner.item.sku, e - 6, e - 4, { adSpend: Math.max(5, 1 / burner.ads.drr) });
    drafts.push({ kind: 'ad_spend_spike', sku: burner.item.sku, from: e - 6, to: e - 4, note: 'ad bids raised by mistake: spend ×5, ДРР above 40 %' });
  }
  // A bid war: spend up, sales down, ДРР high until the last day.
  const war = choose(3, 40, (p) => p.ads !== null && sold(p));
  if (war?.ads) {
    affect(war.item.sku, e - 6, e - 6, { topUpDays: 21 });
    affect(war.item.sku, e - 5, e, { adSpend: 0.5 / war.ads.drr, demand: 0.6 });
    drafts.push({ kind: 'drr_high', sku: war.item.sku, from: e - 5, to: e, note: 'competitors outbid: spend up, sales down, ДРР about 50 %' });
  }

  // An established seller vanishes from search with stock on hand (card blocked).
  const hidden = choose(6, 40, sold);
  if (hidden) {
    affect(hidden.item.sku, e - 13, e - 13, { topUpDays: 14 });
    affect(hidden.item.sku, e - 12, e - 9, { demand: 0, adSpend: 0 });
    drafts.push({ kind: 'zero_sales', sku: hidden.item.sku, from: e - 12, to: e - 9, note: 'listing hidden by the marketplace: no sales for 4 days with stock on hand' });
  }

  // A defective batch comes back.
  const faulty = choose(3, 40, sold);
  if (faulty) {
    affect(faulty.item.sku, e - 3, e - 1, { returnsShare: 0.25 });
    drafts.push({ kind: 'returns_spike', sku: faulty.item.sku, from: e - 3, to: e - 1, note: 'defective batch: returns jump to several times the usual' });
  }

  // Featured on the marketplace's front page: sales ×4 for two days (stocked up for it).
  const star = choose(6, 40, sold);
  if (star) {
    affect(star.item.sku, e - 15, e - 15, { topUpDays: 25 });
    affect(star.item.sku, e - 14, e - 13, { demand: 7 });
    drafts.push({ kind: 'sales_spike', sku: star.item.sku, from: e - 14, to: e - 13, note: 'featured in a marketplace promotion: sales ×7' });
  }

  // A best-seller heads for a stock-out at the end of the window: under 7 days of cover.
  const thin = choose(0, 5);
  if (thin) {
    affect(thin.item.sku, e - 9, e - 9, { topUpDays: 10, capStockDays: 11 });
    affect(thin.item.sku, e - 9, e, { holdDeliveries: true });
    drafts.push({ kind: 'low_cover', sku: thin.item.sku, from: e - 3, to: e, note: 'supplier delay: best-seller under 7 days of cover',
      settle: (_rows, at) => {
        const low = (t: number) => {
          const recent = [0, 1, 2, 3, 4, 5, 6].map((k) => at(t - k)?.units ?? 0);
          const rate = recent.reduce((a, b) => a + b, 0) / 7;
          const stock = at(t)?.stock ?? 0;
          return rate > 0 && stock / rate < 7;
        };
        let from = e + 1;
        while (from > e - 9 && low(from - 1)) from -= 1;
        return from <= e ? { from, to: e } : null;
      } });
  }

  // A whole category slumps (a competitor's sale, a search-ranking change).
  const category = slumping;
  const slump = new Map<number, number>();
  for (let t = e - 8; t <= e - 4; t += 1) slump.set(t, 0.45);
  categoryDemand.set(category, slump);
  drafts.push({ kind: 'sales_drop', sku: null, category, from: e - 8, to: e - 4, note: `category «${category}» sales fall by about half for 5 days` });

  return plan;
}

/** The longest run of consecutive day indexes in [from, to] where `ok` holds, if at least `min` long. */
function longestRun(from: number, to: number, ok: (t: number) => boolean, min: number): { from: number; to: number } | null {
  let best: { from: number; to: number } | null = null;
  let start = -1;
  for (let t = from; t <= to + 1; t += 1) {
    if (t <= to && ok(t)) {
      if (start < 0) start = t;
    } else if (start >= 0) {
      if (!best || t - 1 - start > best.to - best.from) best = { from: start, to: t - 1 };
      start = -1;
    }
  }
  return best && best.to - best.from + 1 >= min ? best : null;
}

function settle(drafts: readonly Draft[], rowsBySku: ReadonlyMap<string, readonly SkuDay[]>, days: readonly string[]): DemoIncident[] {
  const out: DemoIncident[] = [];
  for (const d of drafts) {
    let window: { from: number; to: number } | null = { from: d.from, to: d.to };
    if (d.settle && d.sku) {
      const rows = rowsBySku.get(d.sku) ?? [];
      const byDay = new Map(rows.map((r) => [r.day, r]));
      window = d.settle(rows, (t) => (days[t] ? byDay.get(days[t]) : undefined));
    }
    if (!window) continue;
    out.push({
      kind: d.kind,
      sku: d.sku,
      ...(d.category ? { category: d.category } : {}),
      from: days[window.from]!,
      to: days[window.to]!,
      note: d.note,
    });
  }
  return out;
}
