/**
 * The shapes the core works on: one ETL row per SKU per day (SPEC section 4) and the brief built
 * from them (SPEC section 5). Pure data — no vendor types, no I/O.
 */

/** One row of the ETL relation (`sku_daily` or the user's view), after type coercion. */
export interface SkuDay {
  /** Calendar day, `YYYY-MM-DD`. */
  day: string;
  sku: string;
  title: string;
  category: string | null;
  units: number;
  orders: number;
  revenue: number;
  returns: number;
  stock: number | null;
  price: number | null;
  adSpend: number;
  adClicks: number | null;
  adImpressions: number | null;
}

/**
 * An ETL row as read, before validation: any column may be NULL, a number may be NaN or ±Infinity
 * (a value beyond a double), text may be mangled. `validateRows` turns it into a `SkuDay` or a `BadRow`.
 */
export type EtlRow = { -readonly [K in keyof SkuDay]: SkuDay[K] | null };

/** A row that was skipped, with the key the user needs to find it in their ETL (null: the key itself is NULL). */
export interface BadRow {
  day: string | null;
  sku: string | null;
  reason: string;
}

export const TAGS = [
  'top',
  'growth',
  'decline',
  'out_of_stock',
  'low_stock',
  'ad_inefficient',
  'price_change',
  'returns_spike',
  'new',
] as const;
export type Tag = (typeof TAGS)[number];

/** Shop-level figures for one day. `drr` is ad spend ÷ revenue, null when revenue is 0. */
export interface Totals {
  revenue: number;
  orders: number;
  units: number;
  returns: number;
  adSpend: number;
  drr: number | null;
}

/** Relative changes as fractions (+0.25 = +25 %); null when the base is 0 or missing. */
export interface Deltas {
  revenue: number | null;
  orders: number | null;
  units: number | null;
  returns: number | null;
  adSpend: number | null;
}

export interface BriefItem {
  sku: string;
  title: string;
  category: string | null;
  revenue: number;
  units: number;
  orders: number;
  returns: number;
  stock: number | null;
  price: number | null;
  adSpend: number;
  /** Item ДРР (ad spend ÷ revenue), null when revenue is 0. */
  drr: number | null;
  /** Stock ÷ average daily units of the last 7 days; null when it did not sell or stock is unknown. */
  daysOfCover: number | null;
  /** Revenue on the same weekday a week earlier; null when that day has no row. */
  revenueWeekAgo: number | null;
  /** Revenue change vs the same weekday a week earlier, as a fraction. */
  vsWeekAgo: number | null;
  /** Price change vs the day before, as a fraction. */
  priceChange: number | null;
  /** Price and ad spend on the same weekday a week earlier (what a decline is compared with). */
  priceWeekAgo: number | null;
  adSpendWeekAgo: number | null;
  /**
   * Money the item's tags are about, per day in the shop currency (the largest of: sales a
   * stock-out loses, revenue lost or won vs a week earlier, ad spend beyond the target ДРР, revenue
   * a price move shifts, returned goods); 0 for an item that is only `top` or `new`.
   */
  atStake: number;
  tags: Tag[];
}

/**
 * How complete the day's data is. A day is partial when rows were skipped as bad or SKUs the ETL
 * reported every day of the past week are missing; the totals then cover only the SKUs that
 * arrived, and the deltas compare the same SKUs on both days (like for like).
 */
export interface Coverage {
  partial: boolean;
  /** SKUs with a usable row on the day. */
  skus: number;
  /** SKUs the day should have had: usable + skipped as bad + missing. */
  expectedSkus: number;
  /** SKUs of the day whose row was skipped as bad. */
  badSkus: number;
  /** SKUs reported every day of the past week but absent on the day. */
  missingSkus: number;
  /** (bad + missing) ÷ expected, a fraction. */
  skippedShare: number;
  /** SKUs the deltas compare on both days, when the comparison is like for like (partial days). */
  comparedSkus: { prevDay: number | null; weekAgo: number | null } | null;
}

export interface Narrative {
  summary: string;
  highlights: string[];
  actions: string[];
}

export interface DailyPoint {
  day: string;
  revenue: number;
  orders: number;
  adSpend: number;
}

export interface Brief {
  date: string;
  currency: string;
  totals: Totals & { vsPrevDay: Deltas; vsWeekAgo: Deltas };
  /** Every SKU with a tag plus the top products, by revenue descending. */
  items: BriefItem[];
  /** Top products by revenue (SKUs, in order). */
  top: string[];
  movers: { growth: string[]; decline: string[] };
  /** SKUs out of stock or with low days of cover, most urgent first. */
  stockRisks: string[];
  /** SKUs whose ДРР is over the threshold, worst first. */
  adInefficient: string[];
  narrative: Narrative;
  /** `model:<name>` or `template`. */
  narrativeSource: string;
  freshness: {
    lastDay: string | null;
    etlFinishedAt: string | null;
    /** True when the last finished ETL run is older than the freshness threshold at build time. */
    stale: boolean;
  };
  /** Shop revenue per day for the chart (oldest first); may be empty. */
  series: DailyPoint[];
  skuCount: number;
  badRows: BadRow[];
  coverage: Coverage;
}
