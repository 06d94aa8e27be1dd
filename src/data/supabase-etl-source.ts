/**
 * The ETL source through Supabase's REST API (PostgREST, via supabase-js), for teams that have
 * only the project URL and a key and no SQL access to their data. Filters run on the server
 * (`eq`/`gte`/`lte`/`gt`, `order`, `limit`); nothing is aggregated there, because PostgREST's
 * aggregates are off by default in Supabase projects — shop totals are summed here.
 *
 * The API returns at most `max-rows` rows per request (1,000 by default in Supabase). Each day is
 * read on its own (`day=eq.D`, ordered by SKU) so page offsets stay within a day and the server
 * uses its day index; the first page asks for the exact count (`Prefer: count=exact`, answered in
 * `Content-Range: 0-999/10000`) and the remaining pages of that day are then fetched in parallel
 * with `Range` headers, sized by what the server actually returned (a project with a lower cap
 * still reads every row).
 */
import { createClient } from '@supabase/supabase-js';
import type { EtlFreshness } from '../insights/anomalies/etl.js';
import { addDays } from '../time/days.js';
import type { DailyPoint, EtlRow } from '../insights/types.js';
import { validateRows } from '../insights/validate-rows.js';
import { parseEtlRow } from './etl-row.js';
import type { EtlRelations } from './etl-reader.js';
import type { EtlSource } from './etl-source.js';

export interface SupabaseEtlSourceOptions {
  /** `SUPABASE_URL`, e.g. `https://abcd.supabase.co` (the client adds `/rest/v1`). */
  url: string;
  /** `SUPABASE_KEY`: sent as `apikey` and `Authorization: Bearer`; never logged. */
  key: string;
  relations: EtlRelations;
  /** Rows asked for per request (default 1,000, Supabase's default cap). */
  pageSize?: number;
  /** Requests in flight at once (default 6: enough to hide latency, polite to a shared project). */
  concurrency?: number;
  /** fetch for supabase-js (default the global fetch). */
  fetch?: typeof fetch;
}

/** A request the API refused, with PostgREST's own code and message (never the key). */
export class SupabaseEtlError extends Error {
  override name = 'SupabaseEtlError';
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number,
  ) {
    super(message);
  }
}

const SKU_COLUMNS = 'day,sku,title,category,units,orders,revenue,returns,stock,price,ad_spend,ad_clicks,ad_impressions';
const OK_STATUSES = new Set(['ok', 'success', 'done']);

type ApiRow = Record<string, unknown>;
/** What this file needs of supabase-js's query builder: a header setter, and awaiting it. */
interface Filter extends PromiseLike<{ data: unknown; error: { message: string; code?: string; hint?: string | null } | null; count: number | null; status: number }> {
  setHeader(name: string, value: string): Filter;
}

export function createSupabaseEtlSource(options: SupabaseEtlSourceOptions): EtlSource {
  const client = createClient(options.url, options.key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // supabase-js builds its Realtime client eagerly and, on Node 20 (no global WebSocket), throws
    // unless given a transport. Herald reads over REST only, so the transport refuses to connect.
    realtime: { transport: NoRealtime },
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
  });
  const pageSize = options.pageSize ?? 1000;
  const limit = limiter(options.concurrency ?? 6);
  const table = (name: string) => {
    const dot = name.indexOf('.');
    return dot < 0 ? client.from(name) : client.schema(name.slice(0, dot)).from(name.slice(dot + 1));
  };
  const skuDaily = options.relations.relation;
  const etlRuns = options.relations.etlRunsRelation;

  /** One request; a refusal becomes a SupabaseEtlError naming the relation. */
  const send = (relation: string, query: Filter): Promise<{ rows: ApiRow[]; count: number | null }> =>
    limit(async () => {
      const { data, error, count, status } = await query;
      if (error) {
        const code = typeof error.code === 'string' && error.code !== '' ? error.code : null;
        const hint = error.hint ? ` (${error.hint})` : '';
        throw new SupabaseEtlError(`supabase: ${relation}: ${error.message}${code ? ` [${code}]` : ''}${hint}`, code, status);
      }
      return { rows: (data ?? []) as ApiRow[], count };
    });

  /** Every row `build` selects, paging past the server's row cap with `Range`. */
  const readAll = async (relation: string, build: (count: boolean) => Filter): Promise<ApiRow[]> => {
    const first = await send(relation, withRange(build(true), 0, pageSize));
    const got = first.rows.length;
    const total = first.count ?? got;
    if (got === 0 || total <= got) return first.rows;
    const offsets: number[] = [];
    for (let at = got; at < total; at += got) offsets.push(at);
    const pages = await Promise.all(offsets.map((at) => send(relation, withRange(build(false), at, got))));
    return first.rows.concat(...pages.map((p) => p.rows));
  };

  const dayRows = (day: string, columns: string) =>
    readAll(skuDaily, (count) => table(skuDaily).select<string, ApiRow>(columns, count ? { count: 'exact' } : {}).eq('day', day).order('sku'));

  const daysRows = async (days: readonly string[], columns: string) => (await Promise.all(days.map((d) => dayRows(d, columns)))).flat();

  const edgeDay = async (ascending: boolean): Promise<string | null> => {
    const { rows } = await send(skuDaily, table(skuDaily).select<string, ApiRow>('day').order('day', { ascending }).limit(1));
    return rows[0] ? String(rows[0].day) : null;
  };

  /** Finished runs, newest first, until the first successful one: its `finished_at` as sent. */
  const lastOk = async (): Promise<string | null> => {
    for (let at = 0; ; at += pageSize) {
      const q = table(etlRuns).select<string, ApiRow>('finished_at,status').not('finished_at', 'is', null).order('finished_at', { ascending: false });
      const { rows } = await send(etlRuns, withRange(q, at, pageSize));
      const hit = rows.find((r) => OK_STATUSES.has(String(r.status ?? '').toLowerCase()));
      if (hit) return String(hit.finished_at);
      if (rows.length === 0) return null;
    }
  };

  return {
    kind: 'supabase',
    async dayRange() {
      const [first, last] = await Promise.all([edgeDay(true), edgeDay(false)]);
      return { first, last };
    },
    async rows(from, to) {
      const [dated, undated] = await Promise.all([
        daysRows(dayList(from, to), SKU_COLUMNS),
        readAll(skuDaily, (count) => table(skuDaily).select<string, ApiRow>(SKU_COLUMNS, count ? { count: 'exact' } : {}).is('day', null).order('sku')),
      ]);
      return [...dated, ...undated].map(toEtlRow);
    },
    async scanRows(date, daysBack) {
      return (await daysRows([...new Set(daysBack.map((ago) => addDays(date, -ago)))], SKU_COLUMNS)).map(toEtlRow);
    },
    async skuSeries(sku, date, days) {
      const rows = await readAll(skuDaily, (count) =>
        table(skuDaily).select<string, ApiRow>(SKU_COLUMNS, count ? { count: 'exact' } : {}).eq('sku', sku).gte('day', addDays(date, -days + 1)).lte('day', date).order('day'),
      );
      return validateRows(rows.map(toEtlRow)).good;
    },
    async firstSaleDays(skus) {
      const out: Record<string, string | null> = Object.fromEntries(skus.map((s) => [s, null]));
      await Promise.all(
        skus.map(async (sku) => {
          const { rows } = await send(skuDaily, table(skuDaily).select<string, ApiRow>('day').eq('sku', sku).gt('units', 0).order('day').limit(1));
          if (rows[0]) out[sku] = String(rows[0].day);
        }),
      );
      return out;
    },
    async dailyTotals(from, to) {
      const rows = (await daysRows(dayList(from, to), 'day,sku,units,orders,revenue,returns,ad_spend')).filter(countable);
      const byDay = new Map<string, DailyPoint>();
      for (const r of rows) {
        const day = String(r.day);
        let p = byDay.get(day);
        if (!p) byDay.set(day, (p = { day, revenue: 0, orders: 0, adSpend: 0 }));
        p.revenue += clean(r.revenue);
        p.orders += clean(r.orders);
        p.adSpend += clean(r.ad_spend);
      }
      return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
    },
    async lastEtlFinishedAt() {
      const at = await lastOk();
      return at ? new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
    },
    async latestFinishedRun() {
      const at = await lastOk();
      return at === null ? null : microsecondsUtc(at);
    },
    async columns(which) {
      const name = which === 'data' ? skuDaily : etlRuns;
      try {
        const { rows } = await send(name, table(name).select<string, ApiRow>('*').limit(1));
        return rows[0] ? Object.fromEntries(Object.keys(rows[0]).map((k) => [k, null])) : {};
      } catch (err) {
        if (err instanceof SupabaseEtlError && (err.code === 'PGRST205' || err.code === '42P01')) return null;
        throw err;
      }
    },
    async etlFreshness(): Promise<EtlFreshness> {
      const [last, any] = await Promise.all([lastOk(), send(etlRuns, table(etlRuns).select<string, ApiRow>('status').limit(1))]);
      return { lastOkFinishedAt: last === null ? null : new Date(last), anyRuns: any.rows.length > 0 };
    },
  };
}

/** A WebSocket constructor that never connects: see `createClient`'s `realtime` option above. */
const NoRealtime = class {
  constructor() {
    throw new Error('supabase: Herald reads the ETL over REST; Realtime is not used');
  }
} as new () => never;

/** Asks for rows `from`…`from + size − 1` the way PostgREST documents it: `Range` in items. */
function withRange(query: Filter, from: number, size: number): Filter {
  return query.setHeader('Range-Unit', 'items').setHeader('Range', `${from}-${from + size - 1}`);
}

/**
 * PostgREST's timestamptz (`2026-11-23T08:12:09.123456+03:00`, fraction optional) as fixed-width
 * UTC to the microsecond: a JS Date keeps only milliseconds.
 */
export function microsecondsUtc(text: string): string {
  const m = /^(.+?T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.replace(' ', 'T'));
  if (!m) return new Date(text).toISOString().replace('Z', '000Z');
  const zone = (m[3] ?? 'Z').replace(/^([+-]\d{2})$/, '$1:00').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const whole = new Date(`${m[1]}${zone}`).toISOString().slice(0, 19);
  return `${whole}.${(m[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
}

/** Every day `from`…`to` inclusive. */
function dayList(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * PostgREST renders numeric as a JSON number, and NaN / ±Infinity as strings: `Number` turns both
 * into the numbers the row validation expects, so a hostile row is reported, not crashed on.
 */
function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : Number(v);
}

/** A row the shop totals count, as the SQL source: its SKU and required figures present, finite and not negative. */
function countable(r: ApiRow): boolean {
  return r.sku !== null && r.sku !== undefined && [r.units, r.orders, r.revenue, r.returns, r.ad_spend].every((v) => clean(v) === num(v));
}

/** A value the shop totals count: finite and not negative (as the SQL source's sums). */
function clean(v: unknown): number {
  const n = num(v);
  return n !== null && n >= 0 && n < Infinity ? n : 0;
}

/** An API row → the `EtlRow` the SQL source gives, parsed the same way (`parseEtlRow`). */
function toEtlRow(r: ApiRow): EtlRow {
  return parseEtlRow({ ...r, adSpend: r.ad_spend, adClicks: r.ad_clicks, adImpressions: r.ad_impressions });
}

/** Runs at most `n` tasks at once. */
function limiter(n: number): <T>(task: () => PromiseLike<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
