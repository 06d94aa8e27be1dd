/**
 * Ask Herald's query tools over any `EtlSource` — in practice the Supabase door, where there is no
 * SQL to aggregate with (PostgREST's aggregates are off by default). The rows of the period are read
 * through the source, filtered by day on the server and paged past the row cap; the sums, groups
 * and orderings are done here with exactly the SQL implementation's rules (`etl-queries.ts`): a
 * value that is negative, NaN, infinite or missing is left out of a sum, ДРР is a ratio of sums,
 * titles are the latest day's, lists are capped by the row limit.
 */
import type { EtlRow } from '../insights/types.js';
import { addDays } from '../time/days.js';
import type { EtlQuerySource, EtlMetric, ProductMatch, StockCover, TopProduct } from './etl-queries.js';
import type { EtlSource } from './etl-source.js';

export interface SourceEtlQueryOptions {
  /** Most rows any list returns (default 50), as in the SQL implementation. */
  rowLimit?: number;
}

type Row = EtlRow & { day: string };

const MAX_DOUBLE = 1.7976931348623157e308;
/** The value when it is a finite, non-negative number (the SQL side's `finiteNonNegative`). */
const clean = (v: number | null): number | null => (v !== null && v >= 0 && v <= MAX_DOUBLE ? v : null);
const sum = (rows: readonly Row[], pick: (r: Row) => number | null) => rows.reduce((s, r) => s + (clean(pick(r)) ?? 0), 0);
const bySku = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const METRIC: Record<Exclude<EtlMetric, 'drr'>, (r: Row) => number | null> = {
  revenue: (r) => r.revenue,
  units: (r) => r.units,
  orders: (r) => r.orders,
  returns: (r) => r.returns,
  ad_spend: (r) => r.adSpend,
};

function metricValue(metric: EtlMetric, rows: readonly Row[]): number | null {
  if (metric !== 'drr') return sum(rows, METRIC[metric]);
  const revenue = sum(rows, (r) => r.revenue);
  return revenue > 0 ? sum(rows, (r) => r.adSpend) / revenue : null;
}

/** The latest day's value of `pick` among a SKU's rows (the SQL side's `array_agg(… order by day desc)[1]`). */
function latest<T>(rows: readonly Row[], pick: (r: Row) => T): T | undefined {
  let best: Row | undefined;
  for (const r of rows) if (!best || r.day > best.day) best = r;
  return best ? pick(best) : undefined;
}

function groupBySku(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.sku === null) continue;
    const g = groups.get(r.sku);
    if (g) g.push(r);
    else groups.set(r.sku, [r]);
  }
  return groups;
}

export function createSourceEtlQueries(source: EtlSource, options: SourceEtlQueryOptions = {}): EtlQuerySource {
  const rowLimit = options.rowLimit ?? 50;
  const cap = (n: number) => Math.max(1, Math.min(Math.floor(n), rowLimit));

  /** Rows of the days `from`…`to` (filtered on the server), of one SKU when asked. */
  const rowsOf = async (from: string, to: string, sku?: string): Promise<Row[]> => {
    if (from > to) return [];
    const rows = await source.rows(from, to);
    return rows.filter((r): r is Row => r.day !== null && r.day >= from && r.day <= to && (sku === undefined || r.sku === sku));
  };

  return {
    dataRange: () => source.dayRange(),

    async salesSummary({ sku, from, to }) {
      const rows = await rowsOf(from, to, sku);
      const revenue = sum(rows, (r) => r.revenue);
      const adSpend = sum(rows, (r) => r.adSpend);
      return {
        revenue, units: sum(rows, (r) => r.units), orders: sum(rows, (r) => r.orders), returns: sum(rows, (r) => r.returns), adSpend,
        daysWithData: new Set(rows.map((r) => r.day)).size,
        skus: new Set(rows.map((r) => r.sku).filter((s) => s !== null)).size,
        title: sku ? (latest(rows, (r) => r.title) ?? null) : null,
        drr: revenue > 0 ? adSpend / revenue : null,
      };
    },

    async topProducts({ metric, from, to, limit }) {
      const out: TopProduct[] = [];
      for (const [sku, rows] of groupBySku(await rowsOf(from, to))) {
        if (metric === 'drr' && !(sum(rows, (r) => r.adSpend) > 0)) continue;
        out.push({ sku, title: latest(rows, (r) => r.title ?? sku)!, value: metricValue(metric, rows), revenue: sum(rows, (r) => r.revenue), units: sum(rows, (r) => r.units) });
      }
      return out
        .sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || (b.value ?? 0) - (a.value ?? 0) || bySku(a.sku, b.sku))
        .slice(0, cap(limit));
    },

    async stockCover({ sku, limit }) {
      const asOf = (await source.dayRange()).last;
      if (!asOf) return [];
      const out: Omit<StockCover, 'asOf'>[] = [];
      for (const [s, rows] of groupBySku(await rowsOf(addDays(asOf, -6), asOf, sku))) {
        const stock = latest(rows.filter((r) => r.day === asOf), (r) => r.stock) ?? null;
        const avgDailyUnits = sum(rows, (r) => r.units) / 7;
        if (sku === undefined && (stock === null || !(avgDailyUnits > 0))) continue;
        out.push({ sku: s, title: latest(rows, (r) => r.title ?? s)!, stock, avgDailyUnits, daysOfCover: stock !== null && avgDailyUnits > 0 ? stock / avgDailyUnits : null });
      }
      return out
        .sort((a, b) => (a.daysOfCover === null ? 1 : 0) - (b.daysOfCover === null ? 1 : 0) || (a.daysOfCover ?? 0) - (b.daysOfCover ?? 0) || bySku(a.sku, b.sku))
        .slice(0, cap(limit))
        .map((r) => ({ ...r, asOf }));
    },

    async adEfficiency({ sku, from, to, limit }) {
      const rows = await rowsOf(from, to, sku);
      const adSpend = sum(rows, (r) => r.adSpend);
      const revenue = sum(rows, (r) => r.revenue);
      const clicks = sum(rows, (r) => r.adClicks);
      const impressions = sum(rows, (r) => r.adImpressions);
      const skus = sku
        ? []
        : [...groupBySku(rows)]
            .map(([s, g]) => ({ sku: s, title: latest(g, (r) => r.title ?? s)!, adSpend: sum(g, (r) => r.adSpend), revenue: sum(g, (r) => r.revenue) }))
            .filter((r) => r.adSpend > 0)
            .sort((a, b) => b.adSpend - a.adSpend || bySku(a.sku, b.sku))
            .slice(0, cap(limit));
      return {
        adSpend, revenue, clicks, impressions,
        drr: revenue > 0 ? adSpend / revenue : null,
        ctr: impressions > 0 ? clicks / impressions : null,
        cpc: clicks > 0 ? adSpend / clicks : null,
        bySku: skus.map((r) => ({ ...r, drr: r.revenue > 0 ? r.adSpend / r.revenue : null })),
      };
    },

    async comparePeriods({ metric, sku, a, b }) {
      return {
        a: metricValue(metric, await rowsOf(a.from, a.to, sku)),
        b: metricValue(metric, await rowsOf(b.from, b.to, sku)),
      };
    },

    async searchProducts({ query, limit }) {
      const last = (await source.dayRange()).last;
      if (!last) return [];
      const products = [...groupBySku(await rowsOf(addDays(last, -30), last))].map(([sku, rows]): ProductMatch => ({
        sku,
        title: rows.map((r) => r.title ?? sku).reduce((m, t) => (t > m ? t : m)),
        category: rows.map((r) => r.category).filter((c): c is string => c !== null).reduce<string | null>((m, c) => (m === null || c > m ? c : m), null),
      }));
      // No trigram index through the API: a substring of the title or the exact article matches,
      // then titles holding every word of the query by its stem (first 4 letters: «кроссовок» → «кроссовки»).
      const q = query.toLowerCase().trim();
      const stems = q.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3).map((w) => w.slice(0, 4));
      const score = (p: ProductMatch) => {
        const title = p.title.toLowerCase();
        if (title.includes(q) || p.sku.toLowerCase() === q) return 1;
        const words = title.split(/[^\p{L}\p{N}]+/u);
        return stems.length > 0 && stems.every((s) => words.some((w) => w.startsWith(s))) ? 0.9 : 0;
      };
      return products
        .map((p) => ({ p, s: score(p) }))
        .filter((x) => x.s >= 0.5)
        .sort((x, y) => y.s - x.s || bySku(x.p.sku, y.p.sku))
        .slice(0, cap(limit))
        .map((x) => x.p);
    },
  };
}
