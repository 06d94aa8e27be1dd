/**
 * The query tools a model may call (SPEC section 6) — and nothing else. Each has a zod schema
 * (its JSON Schema for the model is derived from it), runs through the ETL query source (fixed,
 * parameterised, read-only SQL in `data/`), and returns compact JSON with its period and units.
 * An unknown tool name or bad arguments are refused, and the refusal goes back to the model as
 * the tool's result.
 */
import { z } from 'zod';
import { ETL_METRICS, type EtlQuerySource, type Period } from '../data/etl-queries.js';
import { daysBetween } from '../time/days.js';
import type { ToolSpec } from '../router/types.js';

/** Longest period a tool accepts: a year and a day covers "this month last year" comparisons. */
const MAX_PERIOD_DAYS = 400;
/** Tool calls one model turn may make; the rest are refused (a model fanning out 100 calls). */
export const MAX_CALLS_PER_TURN = 8;

const day = z.iso.date({ error: 'must be a day YYYY-MM-DD' });
/** A seller's article: what a person would type, nothing that could be mistaken for markup. */
const sku = z.string().trim().min(1).max(64);
const limit = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);

const periodOk = (from: string, to: string) => from <= to && daysBetween(from, to) <= MAX_PERIOD_DAYS;
const PERIOD_ERROR = `"from" must not be after "to", and a period spans at most ${MAX_PERIOD_DAYS} days`;

export const TOOL_SCHEMAS = {
  sales_summary: z
    .strictObject({ sku: sku.optional(), from: day, to: day })
    .refine((a) => periodOk(a.from, a.to), PERIOD_ERROR),
  top_products: z
    .strictObject({ metric: z.enum(ETL_METRICS), from: day, to: day, limit: limit(20, 5) })
    .refine((a) => periodOk(a.from, a.to), PERIOD_ERROR),
  stock_cover: z.strictObject({ sku: sku.optional(), limit: limit(20, 10) }),
  ad_efficiency: z
    .strictObject({ sku: sku.optional(), from: day, to: day })
    .refine((a) => periodOk(a.from, a.to), PERIOD_ERROR),
  compare_periods: z
    .strictObject({ metric: z.enum(ETL_METRICS), sku: sku.optional(), a_from: day, a_to: day, b_from: day, b_to: day })
    .refine((a) => periodOk(a.a_from, a.a_to) && periodOk(a.b_from, a.b_to), PERIOD_ERROR),
  search_products: z.strictObject({ query: z.string().trim().min(1).max(100), limit: limit(20, 10) }),
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;
export type ToolArgs<N extends ToolName> = z.infer<(typeof TOOL_SCHEMAS)[N]>;
export const TOOL_NAMES = Object.keys(TOOL_SCHEMAS) as ToolName[];

const DESCRIPTIONS: Record<ToolName, string> = {
  sales_summary:
    'Sales totals for a period (days inclusive), for one SKU (article) or the whole shop: revenue and ad spend in the shop currency, units, orders, returns, drr (ad spend / revenue as a fraction).',
  top_products: 'The SKUs with the highest value of a metric over a period (drr: only SKUs with ad spend).',
  stock_cover:
    'Stock at the end of the latest day with data, average daily units over the 7 days before, and days of cover. Without sku: the selling SKUs with the least cover first.',
  ad_efficiency: 'Advertising for a period: spend, revenue, drr, clicks, impressions, ctr, cpc; without sku also the SKUs with the largest spend.',
  compare_periods:
    'A metric over two periods (a and b), for one SKU or the whole shop, with the change b - a and the relative change (b - a) / a as a fraction.',
  search_products: 'Finds products by words of their title (Russian or English, typos forgiven) or by article; returns sku, title, category.',
};

export const TOOL_SPECS: ToolSpec[] = TOOL_NAMES.map((name) => ({
  name,
  description: DESCRIPTIONS[name],
  parameters: jsonSchemaOf(TOOL_SCHEMAS[name]),
}));

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  // `input`: fields with a default are optional for the model.
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return rest;
}

/** How a tool call ended; `refused` calls never reached the database. */
export type ToolOutcome =
  | { status: 'ok'; result: Record<string, unknown> }
  | { status: 'refused'; error: string }
  | { status: 'error'; error: string };

export interface AskTools {
  readonly specs: ToolSpec[];
  run(name: string, rawArguments: string): Promise<ToolOutcome>;
}

export interface AskToolsOptions {
  source: EtlQuerySource;
  /** Shop currency (config `data.currency`), stated in every money result. */
  currency: string;
  /** Called with the cause of a failed query (for the log; the model only hears "failed"). */
  onError?: (name: string, err: unknown) => void;
}

const money = (n: number) => Math.round(n * 100) / 100;
const ratio = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);

export function createAskTools(options: AskToolsOptions): AskTools {
  const { source, currency } = options;
  const periodOf = (from: string, to: string): Period & { days: number } => ({ from, to, days: daysBetween(from, to) + 1 });

  const handlers: { [N in ToolName]: (args: ToolArgs<N>) => Promise<Record<string, unknown>> } = {
    async sales_summary({ sku, from, to }) {
      const s = await source.salesSummary({ from, to, ...(sku ? { sku } : {}) });
      return {
        period: periodOf(from, to), ...(sku ? { sku, title: s.title, found: s.skus > 0 } : { skus: s.skus }), currency,
        revenue: money(s.revenue), units: s.units, orders: s.orders, returns: s.returns, adSpend: money(s.adSpend),
        drr: ratio(s.drr), daysWithData: s.daysWithData,
      };
    },
    async top_products({ metric, from, to, limit }) {
      const rows = await source.topProducts({ metric, from, to, limit });
      return {
        period: periodOf(from, to), metric, currency,
        items: rows.map((r) => ({ sku: r.sku, title: r.title, value: metric === 'drr' ? ratio(r.value) : money(r.value ?? 0), revenue: money(r.revenue), units: r.units })),
      };
    },
    async stock_cover({ sku, limit }) {
      const rows = await source.stockCover({ limit, ...(sku ? { sku } : {}) });
      return {
        asOf: rows[0]?.asOf ?? null, ...(sku ? { sku, found: rows.length > 0 } : {}),
        items: rows.map((r) => ({
          sku: r.sku, title: r.title, stock: r.stock, avgDailyUnits: Math.round(r.avgDailyUnits * 10) / 10,
          daysOfCover: r.daysOfCover === null ? null : Math.round(r.daysOfCover * 10) / 10,
        })),
      };
    },
    async ad_efficiency({ sku, from, to }) {
      const a = await source.adEfficiency({ from, to, limit: 5, ...(sku ? { sku } : {}) });
      return {
        period: periodOf(from, to), ...(sku ? { sku } : {}), currency,
        adSpend: money(a.adSpend), revenue: money(a.revenue), drr: ratio(a.drr), clicks: a.clicks, impressions: a.impressions,
        ctr: ratio(a.ctr), cpc: a.cpc === null ? null : money(a.cpc),
        ...(sku ? {} : { bySku: a.bySku.map((r) => ({ sku: r.sku, title: r.title, adSpend: money(r.adSpend), revenue: money(r.revenue), drr: ratio(r.drr) })) }),
      };
    },
    async compare_periods({ metric, sku, a_from, a_to, b_from, b_to }) {
      const r = await source.comparePeriods({ metric, a: { from: a_from, to: a_to }, b: { from: b_from, to: b_to }, ...(sku ? { sku } : {}) });
      const round = metric === 'drr' ? ratio : (n: number | null) => (n === null ? null : money(n));
      const change = r.a !== null && r.b !== null ? r.b - r.a : null;
      return {
        metric, ...(sku ? { sku } : {}), ...(metric === 'revenue' || metric === 'ad_spend' ? { currency } : {}),
        a: { ...periodOf(a_from, a_to), value: round(r.a) },
        b: { ...periodOf(b_from, b_to), value: round(r.b) },
        change: round(change),
        changePct: change !== null && r.a ? ratio(change / Math.abs(r.a)) : null,
      };
    },
    async search_products({ query, limit }) {
      return { query, items: await source.searchProducts({ query, limit }) };
    },
  };

  return {
    specs: TOOL_SPECS,
    async run(name, rawArguments) {
      if (!isToolName(name)) return { status: 'refused', error: `unknown tool "${name.slice(0, 60)}"; the only tools are ${TOOL_NAMES.join(', ')}` };
      let raw: unknown;
      try {
        raw = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
      } catch {
        return { status: 'refused', error: 'arguments are not valid JSON' };
      }
      const parsed = TOOL_SCHEMAS[name].safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return { status: 'refused', error: `bad arguments: ${issue.path.join('.') || '(arguments)'}: ${issue.message}` };
      }
      try {
        const handler = handlers[name] as (args: unknown) => Promise<Record<string, unknown>>;
        return { status: 'ok', result: await handler(parsed.data) };
      } catch (err) {
        options.onError?.(name, err);
        const timedOut = (err as { code?: string }).code === '57014';
        return { status: 'error', error: timedOut ? 'the query took too long' : 'the query failed' };
      }
    },
  };
}

function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOL_SCHEMAS, name);
}
