/**
 * The queries behind Ask Herald's tools (SPEC section 6), over the ETL relation only. The model
 * never writes SQL: each method is a fixed, parameterised statement; metric names map to column
 * expressions through a closed table; every call runs in a read-only transaction with a statement
 * timeout, and every list is capped by a row limit. `EtlQuerySource` is the seam: this file is its
 * SQL implementation; `etl-source-queries.ts` is the one over the Supabase door.
 */
import { addDays } from '../time/days.js';
import { createPostgresStore } from './postgres-store.js';
import { quoteIdent, type Queryable, type Store } from './store.js';
import { finiteNonNegative } from './etl-row.js';
import { createSourceEtlQueries } from './etl-source-queries.js';
import { createSupabaseEtlSource } from './supabase-etl-source.js';

/** Metrics a tool may name; anything else is refused by the tool's schema before it gets here. */
export const ETL_METRICS = ['revenue', 'units', 'orders', 'returns', 'ad_spend', 'drr'] as const;
export type EtlMetric = (typeof ETL_METRICS)[number];

export interface Period {
  from: string;
  to: string;
}

export interface SalesSummary {
  revenue: number;
  units: number;
  orders: number;
  returns: number;
  adSpend: number;
  /** Ad spend ÷ revenue as a fraction; null when revenue is 0. */
  drr: number | null;
  /** Days in the period that have rows. */
  daysWithData: number;
  /** SKUs with rows in the period (1 or 0 for one SKU). */
  skus: number;
  /** Title of the SKU asked about (null for the whole shop or an unknown SKU). */
  title: string | null;
}

export interface TopProduct {
  sku: string;
  title: string;
  value: number | null;
  revenue: number;
  units: number;
}

export interface StockCover {
  sku: string;
  title: string;
  /** Stock at the end of `asOf` (null when the ETL does not know it). */
  stock: number | null;
  /** Average units a day over the 7 days up to `asOf`. */
  avgDailyUnits: number;
  /** stock ÷ avgDailyUnits; null when nothing sold or stock is unknown. */
  daysOfCover: number | null;
  asOf: string;
}

export interface AdEfficiency {
  adSpend: number;
  revenue: number;
  drr: number | null;
  clicks: number;
  impressions: number;
  /** clicks ÷ impressions, null without impressions. */
  ctr: number | null;
  /** adSpend ÷ clicks, null without clicks. */
  cpc: number | null;
  /** For the whole shop: the SKUs with the largest ad spend and their ДРР. */
  bySku: Array<{ sku: string; title: string; adSpend: number; revenue: number; drr: number | null }>;
}

export interface ProductMatch {
  sku: string;
  title: string;
  category: string | null;
}

/** The read side Ask Herald's tools need from the ETL data. */
export interface EtlQuerySource {
  /** First and last day with data (nulls for an empty relation). */
  dataRange(): Promise<{ first: string | null; last: string | null }>;
  salesSummary(q: Period & { sku?: string }): Promise<SalesSummary>;
  topProducts(q: Period & { metric: EtlMetric; limit: number }): Promise<TopProduct[]>;
  /** One SKU's cover, or (without `sku`) the selling SKUs with the least cover first. */
  stockCover(q: { sku?: string; limit: number }): Promise<StockCover[]>;
  adEfficiency(q: Period & { sku?: string; limit: number }): Promise<AdEfficiency>;
  /** The metric's total over each of two periods. */
  comparePeriods(q: { metric: EtlMetric; sku?: string; a: Period; b: Period }): Promise<{ a: number | null; b: number | null }>;
  /** Products whose title (Russian or English words, typos forgiven) or article matches. */
  searchProducts(q: { query: string; limit: number }): Promise<ProductMatch[]>;
}

export interface SqlEtlQueryOptions {
  /** The ETL relation (config `data.relation`), already validated as an identifier. */
  relation: string;
  /** Longest a tool query may run (default 5000 ms): a slow view must not hold the chat. */
  statementTimeoutMs?: number;
  /** Most rows any list returns (default 50): tool results go back into the model's context. */
  rowLimit?: number;
}

/** A sum that ignores rows a brief would skip (negative, NaN, infinite). */
/** A figure that is finite, non-negative and fits a double; a `::float8` cast of numeric 1e309 would fail the query. */
const clean = finiteNonNegative;
const cleanSum = (col: string) => `coalesce(sum(${clean(col)}), 0)::float8`;

/** Closed table of metric → aggregate. DRR is a ratio of sums, never an average of ratios. */
const METRIC_SQL: Record<EtlMetric, (filter: string) => string> = {
  revenue: (f) => `coalesce(sum(${clean('revenue')}) ${f}, 0)::float8`,
  units: (f) => `coalesce(sum(${clean('units')}) ${f}, 0)::float8`,
  orders: (f) => `coalesce(sum(${clean('orders')}) ${f}, 0)::float8`,
  returns: (f) => `coalesce(sum(${clean('returns')}) ${f}, 0)::float8`,
  ad_spend: (f) => `coalesce(sum(${clean('ad_spend')}) ${f}, 0)::float8`,
  drr: (f) => `(coalesce(sum(${clean('ad_spend')}) ${f}, 0) / nullif(sum(${clean('revenue')}) ${f}, 0))::float8`,
};

export function createSqlEtlQueries(db: Pick<Store, 'transaction'>, options: SqlEtlQueryOptions): EtlQuerySource {
  const rel = quoteIdent(options.relation);
  const timeoutMs = options.statementTimeoutMs ?? 5_000;
  const rowLimit = options.rowLimit ?? 50;
  const cap = (n: number) => Math.max(1, Math.min(Math.floor(n), rowLimit));
  let trigrams: boolean | undefined;

  /** Every tool query: read-only, with a statement timeout, rolled back at the end either way. */
  const readOnly = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      // One round trip: `transaction_read_only` is SET TRANSACTION READ ONLY; both end with the transaction.
      await tx.query(`select set_config('transaction_read_only', 'on', true), set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
      return fn(tx);
    });

  // Products with rows in the last 30 days. A hash aggregate, not `distinct on`: sorting tens of
  // thousands of rows by a text key under a Russian collation took ~300 ms.
  const latestTitles = `(select sku::text as sku, max(coalesce(title::text, sku::text)) as title, max(category::text) as category
      from ${rel} where day >= (select max(day) - 30 from ${rel}) group by sku) p`;

  return {
    dataRange: () =>
      readOnly(async (tx) => {
        const [row] = await tx.query<{ first: string | null; last: string | null }>(`select min(day)::text as first, max(day)::text as last from ${rel}`);
        return { first: row?.first ?? null, last: row?.last ?? null };
      }),

    salesSummary: ({ sku, from, to }) =>
      readOnly(async (tx) => {
        const [row] = await tx.query<Omit<SalesSummary, 'drr'>>(
          `select ${cleanSum('revenue')} as revenue, ${cleanSum('units')} as units, ${cleanSum('orders')} as orders,
                  ${cleanSum('returns')} as returns, ${cleanSum('ad_spend')} as "adSpend",
                  count(distinct day)::int as "daysWithData", count(distinct sku)::int as skus,
                  (array_agg(title::text order by day desc))[1] as title
             from ${rel} where day between $1::date and $2::date and ($3::text is null or sku = $3::text)`,
          [from, to, sku ?? null],
        );
        const r = row!;
        return { ...r, title: sku ? r.title : null, drr: r.revenue > 0 ? r.adSpend / r.revenue : null };
      }),

    topProducts: ({ metric, from, to, limit }) =>
      readOnly((tx) =>
        tx.query<TopProduct & Record<string, unknown>>(
          `select sku::text as sku, (array_agg(coalesce(title::text, sku::text) order by day desc))[1] as title,
                  ${METRIC_SQL[metric]('')} as value, ${cleanSum('revenue')} as revenue, ${cleanSum('units')} as units
             from ${rel} where day between $1::date and $2::date
            group by sku
           having ${metric === 'drr' ? `sum(${clean('ad_spend')}) > 0` : 'true'}
            order by value desc nulls last, sku limit $3`,
          [from, to, cap(limit)],
        ),
      ),

    stockCover: ({ sku, limit }) =>
      readOnly(async (tx) => {
        const [range] = await tx.query<{ last: string | null }>(`select max(day)::text as last from ${rel}`);
        const asOf = range?.last;
        if (!asOf) return [];
        const rows = await tx.query<Omit<StockCover, 'asOf'> & Record<string, unknown>>(
          `select sku, title, stock, "avgDailyUnits",
                  case when stock is not null and "avgDailyUnits" > 0 then stock / "avgDailyUnits" end as "daysOfCover"
             from (select sku::text as sku, (array_agg(coalesce(title::text, sku::text) order by day desc))[1] as title,
                          (array_agg(stock::float8 order by day desc) filter (where day = $1::date))[1] as stock,
                          (${cleanSum('units')} / 7)::float8 as "avgDailyUnits"
                     from ${rel} where day between $2::date and $1::date and ($3::text is null or sku = $3::text)
                    group by sku) s
            where $3::text is not null or (stock is not null and "avgDailyUnits" > 0)
            order by "daysOfCover" asc nulls last, sku limit $4`,
          [asOf, addDays(asOf, -6), sku ?? null, cap(limit)],
        );
        return rows.map((r) => ({ ...r, asOf }));
      }),

    adEfficiency: ({ sku, from, to, limit }) =>
      readOnly(async (tx) => {
        const [t] = await tx.query<{ adSpend: number; revenue: number; clicks: number; impressions: number }>(
          `select ${cleanSum('ad_spend')} as "adSpend", ${cleanSum('revenue')} as revenue,
                  ${cleanSum('ad_clicks')} as clicks, ${cleanSum('ad_impressions')} as impressions
             from ${rel} where day between $1::date and $2::date and ($3::text is null or sku = $3::text)`,
          [from, to, sku ?? null],
        );
        const bySku = sku
          ? []
          : await tx.query<{ sku: string; title: string; adSpend: number; revenue: number } & Record<string, unknown>>(
              `select sku::text as sku, (array_agg(coalesce(title::text, sku::text) order by day desc))[1] as title,
                      ${cleanSum('ad_spend')} as "adSpend", ${cleanSum('revenue')} as revenue
                 from ${rel} where day between $1::date and $2::date
                group by sku having sum(${clean('ad_spend')}) > 0
                order by "adSpend" desc, sku limit $3`,
              [from, to, cap(limit)],
            );
        const { adSpend, revenue, clicks, impressions } = t!;
        return {
          adSpend, revenue, clicks, impressions,
          drr: revenue > 0 ? adSpend / revenue : null,
          ctr: impressions > 0 ? clicks / impressions : null,
          cpc: clicks > 0 ? adSpend / clicks : null,
          bySku: bySku.map((r) => ({ ...r, drr: r.revenue > 0 ? r.adSpend / r.revenue : null })),
        };
      }),

    comparePeriods: ({ metric, sku, a, b }) =>
      readOnly(async (tx) => {
        const [row] = await tx.query<{ a: number | null; b: number | null }>(
          `select ${METRIC_SQL[metric]('filter (where day between $1::date and $2::date)')} as a,
                  ${METRIC_SQL[metric]('filter (where day between $3::date and $4::date)')} as b
             from ${rel} where (day between $1::date and $2::date or day between $3::date and $4::date)
              and ($5::text is null or sku = $5::text)`,
          [a.from, a.to, b.from, b.to, sku ?? null],
        );
        return { a: row?.a ?? null, b: row?.b ?? null };
      }),

    searchProducts: ({ query, limit }) =>
      readOnly(async (tx) => {
        if (trigrams === undefined) {
          const [row] = await tx.query<{ ok: boolean }>(`select to_regprocedure('word_similarity(text,text)') is not null as ok`);
          trigrams = row?.ok === true;
        }
        // Trigrams forgive typos and partial words; full-text in both languages catches word
        // forms («кроссовок» → «кроссовки»); a plain substring catches articles.
        const similarity = trigrams ? 'word_similarity($1::text, p.title)' : '0::float8';
        return tx.query<ProductMatch & Record<string, unknown>>(
          `select p.sku, p.title, p.category from (
             select p.*, greatest(
                 ${similarity},
                 case when strpos(lower(p.title), lower($1::text)) > 0 or lower(p.sku) = lower($1::text) then 1 else 0 end,
                 case when to_tsvector('russian', p.title) @@ plainto_tsquery('russian', $1::text)
                        or to_tsvector('english', p.title) @@ plainto_tsquery('english', $1::text) then 0.9 else 0 end
               )::float8 as score
             from ${latestTitles}) p
           where p.score >= 0.5
           order by p.score desc, p.sku limit $2`,
          [query, cap(limit)],
        );
      }),
  };
}

export interface OpenEtlQueriesOptions extends SqlEtlQueryOptions {
  /** Herald's own store: the tools read through it when no read-only role is given. */
  store: Pick<Store, 'transaction'>;
  /** HERALD_READONLY_DATABASE_URL: a role that can only read; the tools then use their own small pool. */
  readonlyUrl: string | null;
  /**
   * SUPABASE_URL + SUPABASE_KEY: the ETL data is reached only through Supabase's API, so the tools
   * read the period's rows through it (day filters on the server, paged) and aggregate here.
   */
  supabase?: { url: string; key: string; etlRunsRelation: string } | null;
}

/**
 * The SQL query source for the configured database: through a read-only role's own connection
 * when one is configured (so even a bug could not write), else through Herald's store (every
 * query still in a read-only transaction). `close` ends the read-only pool, if any.
 */
export function openEtlQueries(options: OpenEtlQueriesOptions): { source: EtlQuerySource; close(): Promise<void> } {
  if (options.supabase) {
    const { url, key, etlRunsRelation } = options.supabase;
    const door = createSupabaseEtlSource({ url, key, relations: { relation: options.relation, etlRunsRelation } });
    return { source: createSourceEtlQueries(door, options.rowLimit !== undefined ? { rowLimit: options.rowLimit } : {}), close: async () => {} };
  }
  if (!options.readonlyUrl) return { source: createSqlEtlQueries(options.store, options), close: async () => {} };
  const readonly = createPostgresStore({ url: options.readonlyUrl, max: 2 });
  return { source: createSqlEtlQueries(readonly, options), close: () => readonly.close() };
}
