import { addDays } from '../insights/days.js';
import type { DailyPoint, SkuDay } from '../insights/types.js';
import { quoteIdent, type Queryable } from './store.js';

/** Where the ETL contract lives (SPEC section 4); both names come from config `data`. */
export interface EtlRelations {
  relation: string;
  etlRunsRelation: string;
}

/** Every column cast so both drivers return numbers (NaN and ±Infinity included, for validation). */
const COLUMNS = `day::text as day, sku::text as sku, coalesce(title::text, sku::text) as title, category::text as category,
  units::float8 as units, orders::float8 as orders, revenue::float8 as revenue, returns::float8 as returns,
  stock::float8 as stock, price::float8 as price, ad_spend::float8 as "adSpend",
  ad_clicks::float8 as "adClicks", ad_impressions::float8 as "adImpressions"`;

/** A sum that ignores rows a brief would skip (negative, NaN, infinite). */
const cleanSum = (col: string) => `coalesce(sum(case when ${col}::float8 >= 0 and ${col}::float8 < 'Infinity'::float8 then ${col}::float8 end), 0)::float8`;

/** Reads the ETL relations with parameterised SQL. */
export class EtlReader {
  private readonly rel: string;
  private readonly runs: string;

  constructor(private readonly db: Queryable, relations: EtlRelations) {
    this.rel = quoteIdent(relations.relation);
    this.runs = quoteIdent(relations.etlRunsRelation);
  }

  /** First and last day with data, or nulls for an empty relation. */
  async dayRange(): Promise<{ first: string | null; last: string | null }> {
    const [row] = await this.db.query<{ first: string | null; last: string | null }>(
      `select min(day)::text as first, max(day)::text as last from ${this.rel}`,
    );
    return { first: row?.first ?? null, last: row?.last ?? null };
  }

  /** Raw rows for the days `from`…`to` inclusive. */
  async rows(from: string, to: string): Promise<SkuDay[]> {
    return this.db.query<SkuDay & Record<string, unknown>>(
      `select ${COLUMNS} from ${this.rel} where day between $1::date and $2::date`,
      [from, to],
    );
  }

  /** The first day each of `skus` ever sold (null when never). */
  async firstSaleDays(skus: readonly string[]): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = Object.fromEntries(skus.map((s) => [s, null]));
    if (skus.length === 0) return out;
    const rows = await this.db.query<{ sku: string; first: string }>(
      `select sku::text as sku, min(day)::text as first from ${this.rel} where sku = any($1::text[]) and units > 0 group by sku`,
      [skus],
    );
    for (const r of rows) out[r.sku] = r.first;
    return out;
  }

  /** Shop totals per day for `from`…`to`, skipping rows a brief would skip. */
  async dailyTotals(from: string, to: string): Promise<DailyPoint[]> {
    return this.db.query<DailyPoint & Record<string, unknown>>(
      `select day::text as day, ${cleanSum('revenue')} as revenue, ${cleanSum('orders')} as orders, ${cleanSum('ad_spend')} as "adSpend"
         from ${this.rel} where day between $1::date and $2::date group by day order by day`,
      [from, to],
    );
  }

  /** When the last successful ETL run finished (a run counts with status ok/success/done, any case). */
  async lastEtlFinishedAt(): Promise<string | null> {
    const [row] = await this.db.query<{ at: string | null }>(
      `select to_char(max(finished_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as at from ${this.runs}
        where finished_at is not null and lower(status) in ('ok', 'success', 'done')`,
    );
    return row?.at ?? null;
  }

  /** The rows and facts a brief for `date` needs (see `BriefInput`). */
  async briefWindow(date: string): Promise<{ rows: SkuDay[]; firstSaleDay: Record<string, string | null> }> {
    const rows = await this.rows(addDays(date, -7), date);
    const soldBefore = new Set(rows.filter((r) => r.day < date && r.units > 0).map((r) => r.sku));
    const candidates = [...new Set(rows.filter((r) => r.day === date && r.units > 0 && !soldBefore.has(r.sku)).map((r) => r.sku))];
    return { rows, firstSaleDay: await this.firstSaleDays(candidates) };
  }
}
