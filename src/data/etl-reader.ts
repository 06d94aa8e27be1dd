import { addDays } from '../time/days.js';
import type { DailyPoint, EtlRow } from '../insights/types.js';
import { etlColumns, finiteNonNegative, parseEtlRow, storesRawText } from './etl-row.js';
import { quoteIdent, type Queryable } from './store.js';

/** Where the ETL contract lives (SPEC section 4); both names come from config `data`. */
export interface EtlRelations {
  relation: string;
  etlRunsRelation: string;
}

/** A row a brief can count: its key and required figures present, each figure finite and non-negative. */
const COUNTABLE = `sku is not null and ${['units', 'orders', 'revenue', 'returns', 'ad_spend'].map((c) => `${finiteNonNegative(c)} is not null`).join(' and ')}`;

/** A day's sum over countable rows only — a bad row is never summed, and nothing is cast before it is known to fit. */
const cleanSum = (col: string) => `coalesce(sum(case when ${COUNTABLE} then ${finiteNonNegative(col)} end), 0)::float8`;

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

  /**
   * Raw rows for the days `from`…`to` inclusive, and the rows whose day is NULL (so they are
   * reported, not silently ignored), unvalidated.
   */
  async rows(from: string, to: string): Promise<EtlRow[]> {
    const columns = etlColumns(await storesRawText(this.db));
    const rows = await this.db.query(`select ${columns} from ${this.rel} where day between $1::date and $2::date or day is null`, [from, to]);
    return rows.map(parseEtlRow);
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
  async briefWindow(date: string): Promise<{ rows: EtlRow[]; firstSaleDay: Record<string, string | null> }> {
    const rows = await this.rows(addDays(date, -7), date);
    const sold = (r: EtlRow): r is EtlRow & { day: string; sku: string } => r.day !== null && r.sku !== null && (r.units ?? 0) > 0;
    const soldBefore = new Set(rows.filter((r) => sold(r) && r.day < date).map((r) => r.sku));
    const candidates = [...new Set(rows.filter((r) => sold(r) && r.day === date && !soldBefore.has(r.sku)).map((r) => r.sku!))];
    return { rows, firstSaleDay: await this.firstSaleDays(candidates) };
  }
}
