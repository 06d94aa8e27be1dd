/**
 * The seeded incident injector of the scan evaluation. It plants one incident per chosen SKU on the
 * scan day — clear ones a seller wants to hear about, and sub-threshold ones that must NOT fire —
 * using only the data and its own rules of thumb. It deliberately imports nothing from the
 * detectors (`src/insights/anomalies/`), so it cannot be tuned to what they happen to catch.
 */
import type { AlertKind } from '../../insights/anomalies/candidate.js';
import type { SkuDay } from '../../insights/types.js';
import type { Random } from '../../data/demo/random.js';
import { addDays } from '../../time/days.js';

export type Strength = 'clear' | 'subtle';

export interface PlantedIncident {
  kind: AlertKind;
  /** The recipe that planted it (several recipes may plant one kind: best-sellers, mid-volume…). */
  recipe: string;
  /** '' for a category-wide or shop-wide incident. */
  sku: string;
  /** Set for a category-wide incident. */
  category?: string;
  strength: Strength;
  note: string;
}

/**
 * Alert kinds that count as catching a planted kind: a SKU whose sales fall to zero for days with
 * stock on hand is caught whether the detector says `sales_drop` or `zero_sales`.
 */
export const ACCEPTS: Partial<Record<AlertKind, readonly AlertKind[]>> = {
  sales_drop: ['sales_drop', 'zero_sales'],
};

type SkuKind = Exclude<AlertKind, 'etl_stale'>;

/** What the injector looks at to choose a SKU (computed from the base, never from detectors). */
interface Stats {
  mean14: number;
  mean7: number;
  returns14: number;
  adMedian14: number;
  revenue3: number;
  ad3: number;
  priceStable: boolean;
  stock: number | null;
  /** The lowest stock of the last 3 days (null when unknown): "stock on hand" must hold on each. */
  minStock3: number | null;
}

interface Recipe {
  kind: SkuKind;
  eligible(s: Stats, strength: Strength): boolean;
  /** Edits the last rows (index 0 = scan day, 1 = the day before, …). */
  apply(last: SkuDay[], s: Stats, strength: Strength, random: Random): string;
}

const scaleSales = (r: SkuDay, f: number) => {
  const units = Math.round(r.units * f);
  r.revenue = r.units > 0 ? Math.round((r.revenue * units) / r.units) : 0;
  r.orders = Math.min(units, Math.round(r.orders * f));
  r.units = units;
};

/** Sets the day's units to `f` × the usual daily level (the 14-day mean), at the day's price. */
const toUsual = (r: SkuDay, s: Stats, f: number) => {
  const unitPrice = r.units > 0 ? r.revenue / r.units : (r.price ?? 0);
  r.units = Math.round(s.mean14 * f);
  r.orders = r.units;
  r.revenue = Math.round(r.units * unitPrice);
};

export const RECIPES: Record<string, Recipe> = {
  sales_drop: {
    kind: 'sales_drop',
    eligible: (s) => s.mean14 >= 15 && (s.stock ?? 1) > 0,
    apply: ([d], s, st) => (toUsual(d!, s, st === 'clear' ? 0.15 : 0.8), st === 'clear' ? 'units 15 % of usual' : 'units 80 % of usual'),
  },
  sales_spike: {
    kind: 'sales_spike',
    eligible: (s) => s.mean14 >= 10,
    apply: ([d], s, st) => (toUsual(d!, s, st === 'clear' ? 4 : 1.3), st === 'clear' ? 'units 4× usual' : 'units 1.3× usual'),
  },
  zero_sales: {
    kind: 'zero_sales',
    eligible: (s, st) => (st === 'clear' ? s.mean14 >= 4 : s.mean14 >= 0.3 && s.mean14 <= 1) && (s.minStock3 ?? 0) > 0,
    apply(last, _s, st) {
      for (const d of last.slice(0, st === 'clear' ? 2 : 1)) scaleSales(d, 0);
      return st === 'clear' ? 'no sales for 2 days, stock on hand' : 'a low seller with a zero day';
    },
  },
  stockout: {
    kind: 'stockout',
    eligible: (s, st) => (st === 'clear' ? s.mean14 >= 3 : s.mean14 > 0 && s.mean14 < 0.25),
    apply: ([d]) => (scaleSales(d!, 0), (d!.stock = 0), 'stock 0'),
  },
  low_cover: {
    kind: 'low_cover',
    eligible: (s) => s.mean7 >= 3 && s.stock !== null,
    apply: ([d], s, st) => ((d!.stock = Math.max(1, Math.round((st === 'clear' ? 2 : 15) * s.mean7))), st === 'clear' ? '2 days of cover' : '15 days of cover'),
  },
  price_anomaly: {
    kind: 'price_anomaly',
    eligible: (s) => s.priceStable && s.mean14 >= 0.5,
    apply([d], _s, st, random) {
      const f = st === 'clear' ? (random.chance(0.5) ? 10 : 0.1) : 1.12;
      d!.price = Math.round(d!.price! * f * 100) / 100;
      return `price ×${f}`;
    },
  },
  ad_spend_spike: {
    kind: 'ad_spend_spike',
    eligible: (s) => s.adMedian14 >= 300,
    apply: ([d], s, st) => ((d!.adSpend = Math.round(st === 'clear' ? 5 * s.adMedian14 + 2_000 : 1.4 * s.adMedian14)), st === 'clear' ? 'ad spend ×5 + 2000' : 'ad spend ×1.4'),
  },
  drr_high: {
    kind: 'drr_high',
    eligible: (s) => s.revenue3 >= 10_000 && s.ad3 < 0.15 * s.revenue3,
    apply(last, _s, st) {
      for (const d of last.slice(0, 3)) d.adSpend = Math.round(d.revenue * (st === 'clear' ? 0.7 : 0.2));
      return st === 'clear' ? 'ДРР 70 % for 3 days' : 'ДРР 20 % for 3 days';
    },
  },
  returns_spike: {
    kind: 'returns_spike',
    eligible: (s) => s.mean14 >= 2 && s.returns14 <= 0.5,
    apply: ([d], s, st) => ((d!.returns = st === 'clear' ? Math.max(8, Math.ceil(4 * s.returns14 + 6)) : 2), st === 'clear' ? 'returns ≥ 8' : '2 returns'),
  },
  // Moderate incidents a seller still expects to hear about: mid-volume SKUs (3–8 units a day)
  // and a deep overnight price cut that is not a typo. Mid-volume SKUs are few (a dozen in a
  // Zipf-shaped shop), so `MID_VOLUME_RECIPES` get rounds of their own.
  sales_spike_mid: {
    kind: 'sales_spike',
    eligible: (s) => s.mean14 >= 3 && s.mean14 < 8,
    apply: ([d], s, st) => (toUsual(d!, s, st === 'clear' ? 4 : 1.5), st === 'clear' ? 'mid-volume: units 4× usual (a promotion)' : 'mid-volume: units 1.5× usual'),
  },
  sales_drop_mid: {
    kind: 'sales_drop',
    eligible: (s) => s.mean14 >= 3 && s.mean14 < 8 && (s.minStock3 ?? 1) > 0,
    apply(last, s, st) {
      for (const d of last) toUsual(d, s, st === 'clear' ? 0.15 : 0.75);
      return st === 'clear' ? 'mid-volume: 3 days at 15 % of usual' : 'mid-volume: 3 days at 75 % of usual';
    },
  },
  price_cut: {
    kind: 'price_anomaly',
    eligible: (s) => s.priceStable && s.mean14 >= 0.5,
    apply([d], _s, st, random) {
      const f = st === 'clear' ? Math.round(random.uniform(0.6, 0.7) * 100) / 100 : 0.85;
      d!.price = Math.round(d!.price! * f * 100) / 100;
      return `overnight price cut ×${f}`;
    },
  },
};

export const MID_VOLUME_RECIPES: readonly string[] = ['sales_spike_mid', 'sales_drop_mid'];

/**
 * A category-wide fall: every SKU of `category` sells `factor` of its usual for the last `days`
 * days (the scan day the last of them) — a competitor's sale, a search-ranking change.
 */
export function plantCategoryDrop(rows: SkuDay[], date: string, category: string, strength: Strength, days = 5): PlantedIncident {
  const factor = strength === 'clear' ? 0.4 : 0.85;
  const from = addDays(date, -(days - 1));
  for (const r of rows) if (r.category === category && r.day >= from && r.day <= date) scaleSales(r, factor);
  return { kind: 'sales_drop', recipe: 'category_drop', sku: '', category, strength, note: `category «${category}» at ${factor * 100} % for ${days} days` };
}

/** Categories selling at least `minDaily` units a day over the 14 days before `date` (the injector's own rule). */
export function busyCategories(rows: readonly SkuDay[], date: string, minDaily = 30): string[] {
  const from = addDays(date, -14);
  const units = new Map<string, number>();
  for (const r of rows) if (r.category && r.day >= from && r.day < date) units.set(r.category, (units.get(r.category) ?? 0) + r.units);
  return [...units.entries()].filter(([, u]) => u / 14 >= minDaily).map(([c]) => c).sort();
}

/**
 * Plants up to `perKind` clear and `perKind` subtle incidents of every recipe (default: all) on
 * `date`, each on its own SKU. Returns modified copies; the input is not touched.
 */
export function plantIncidents(
  rows: readonly SkuDay[],
  date: string,
  random: Random,
  perKind: number,
  recipes: readonly string[] = Object.keys(RECIPES),
): { rows: SkuDay[]; planted: PlantedIncident[] } {
  const bySku = new Map<string, SkuDay[]>();
  for (const r of rows) {
    const list = bySku.get(r.sku) ?? [];
    list.push({ ...r });
    bySku.set(r.sku, list);
  }
  const candidates = [...bySku.entries()].filter(([, list]) => list.at(-1)?.day === date && list.length >= 50);
  const used = new Set<string>();
  const planted: PlantedIncident[] = [];
  // Round-robin over kinds so the few high-volume SKUs are shared fairly between them.
  for (let i = 0; i < perKind; i++) {
    for (const recipe of recipes) {
      const r = RECIPES[recipe]!;
      for (const strength of ['clear', 'subtle'] as const) {
        const pool = candidates.filter(([sku, list]) => !used.has(sku) && r.eligible(stats(list), strength));
        if (pool.length === 0) continue;
        const [sku, list] = pool[random.int(0, pool.length - 1)]!;
        used.add(sku);
        const last = list.slice(-3).reverse();
        const note = r.apply(last, stats(list), strength, random);
        planted.push({ kind: r.kind, recipe, sku, strength, note });
      }
    }
  }
  return { rows: [...bySku.values()].flat(), planted };
}

function stats(list: readonly SkuDay[]): Stats {
  const back = (from: number, to: number) => list.slice(Math.max(0, list.length - 1 - to), list.length - from);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const before = back(1, 14);
  const prices = back(1, 7).map((r) => r.price).filter((p): p is number => p !== null && p > 0).sort((a, b) => a - b);
  const mid = prices[prices.length >> 1] ?? 0;
  const ads = before.map((r) => r.adSpend).sort((a, b) => a - b);
  return {
    mean14: mean(before.map((r) => r.units)),
    mean7: mean(back(1, 7).map((r) => r.units)),
    returns14: mean(before.map((r) => r.returns)),
    adMedian14: ads[ads.length >> 1] ?? 0,
    revenue3: back(0, 2).reduce((a, r) => a + r.revenue, 0),
    ad3: back(0, 2).reduce((a, r) => a + r.adSpend, 0),
    priceStable: prices.length >= 5 && prices.every((p) => Math.abs(p - mid) <= 0.05 * mid),
    stock: list.at(-1)?.stock ?? null,
    minStock3: back(0, 2).some((r) => r.stock === null) ? null : Math.min(...back(0, 2).map((r) => r.stock!)),
  };
}
