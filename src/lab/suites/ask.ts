/**
 * Suite `ask` (route `ask`): questions about the shop's data through Ask Herald's real loop and
 * query tools (`src/ask/`), on the database the bench runs on (the embedded demo shop unless
 * `DATABASE_URL` says otherwise). Cases in `bench/suites/ask.json` name the tool, its arguments
 * and the figure the answer must state; days are relative to the last day with data (`{last}`,
 * `{last-6}`), and `{topSku}` is the article with the most revenue over the last 7 days. The
 * expected figure is computed here from the raw `sku_daily` rows, independently of the tools' SQL.
 * A case scores 1 when the model called the right tool, with the right arguments, and its answer
 * states the right number; each part is also a metric (`tool`, `args`, `number`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askQuestion, type AskDeps } from '../../ask/ask-loop.js';
import { numbersIn } from '../../ask/grounding.js';
import { createAskTools } from '../../ask/tools.js';
import type { Locale } from '../../config.js';
import { createSqlEtlQueries } from '../../data/etl-queries.js';
import { quoteIdent, type Store } from '../../data/store.js';
import type { ChatRequest, RouterResult } from '../../router/types.js';
import { addDays } from '../../time/days.js';
import type { CaseScore, ModelClient, Suite, SuiteCase } from '../suite.js';

type Metric = 'revenue' | 'units' | 'orders' | 'returns' | 'ad_spend' | 'drr' | 'stock';

interface AskCaseSpec {
  id: string;
  question: string;
  /** The tool that answers it (or any of several). */
  tool: string | string[];
  /** Arguments the call must carry (others, like `limit`, are free). */
  args: Record<string, string>;
  /** The figure the answer must state: a metric over a period, for one SKU or the shop. */
  expect: { metric: Metric; from?: string; to?: string; sku?: string; top?: true; changeFrom?: { from: string; to: string } };
}

interface AskSuiteFile {
  locale: Locale;
  cases: AskCaseSpec[];
}

export interface AskCase extends SuiteCase {
  question: string;
  tools: string[];
  args: Record<string, string>;
  /** Any of these, as written in the answer (money and counts, or a ratio as a fraction or in per cent). */
  expected: Array<{ value: number; tolerance: number }>;
  locale: Locale;
  /** The data the case was resolved against. */
  data: AskState;
}

interface Row {
  day: string;
  sku: string;
  units: number;
  orders: number;
  revenue: number;
  returns: number;
  ad_spend: number;
  stock: number | null;
}

export interface AskState {
  store: Store;
  relation: string;
  currency: string;
  last: string;
  first: string;
}

/** Replaces `{last}`, `{last-N}` and `{topSku}` in a template. */
function fill(text: string, last: string, topSku: string): string {
  return text
    .replace(/\{last(?:-(\d+))?\}/g, (_, n: string | undefined) => addDays(last, -Number(n ?? 0)))
    .replace(/\{topSku\}/g, topSku);
}

const sumOf = (rows: Row[], metric: Exclude<Metric, 'drr' | 'stock'>) => rows.reduce((s, r) => s + Number(r[metric]), 0);

/** The expected figure(s) of a case, from raw rows. */
function expectedFigures(spec: AskCaseSpec['expect'], rows: Row[], last: string, topSku: string): AskCase['expected'] {
  const from = spec.from ? fill(spec.from, last, topSku) : last;
  const to = spec.to ? fill(spec.to, last, topSku) : last;
  const sku = spec.sku ? fill(spec.sku, last, topSku) : null;
  const inPeriod = (f: string, t: string) => rows.filter((r) => r.day >= f && r.day <= t && (sku === null || r.sku === sku));
  const money = (v: number) => [{ value: Math.round(v * 100) / 100, tolerance: Math.max(0.01, Math.abs(v) * 0.005) }];
  const count = (v: number) => [{ value: v, tolerance: 0 }];
  const ratio = (v: number) => [{ value: v * 100, tolerance: 0.1 }, { value: v, tolerance: 0.001 }];
  if (spec.metric === 'stock') {
    const row = rows.find((r) => r.sku === sku && r.day === last);
    return count(row?.stock ?? 0);
  }
  if (spec.top) {
    const bySku = new Map<string, number>();
    for (const r of inPeriod(from, to)) bySku.set(r.sku, (bySku.get(r.sku) ?? 0) + Number(r[spec.metric as 'revenue']));
    return money(Math.max(...bySku.values()));
  }
  const total = (f: string, t: string) => {
    const period = inPeriod(f, t);
    if (spec.metric === 'drr') return sumOf(period, 'ad_spend') / sumOf(period, 'revenue');
    return sumOf(period, spec.metric as Exclude<Metric, 'drr' | 'stock'>);
  };
  const isMoney = spec.metric === 'revenue' || spec.metric === 'ad_spend';
  const b = total(from, to);
  if (spec.changeFrom) {
    const a = total(fill(spec.changeFrom.from, last, topSku), fill(spec.changeFrom.to, last, topSku));
    return [...(isMoney ? money(b - a) : count(b - a)), ...ratio((b - a) / Math.abs(a))];
  }
  return spec.metric === 'drr' ? ratio(b) : isMoney ? money(b) : count(b);
}

/** Resolves the file's cases against the data: the last day, the top SKU, the expected figures. */
export async function loadAskCases(file: AskSuiteFile, store: Store, relation: string, currency = 'RUB'): Promise<AskCase[] | null> {
  const rel = quoteIdent(relation);
  const [range] = await store.query<{ first: string | null; last: string | null }>(`select min(day)::text as first, max(day)::text as last from ${rel}`);
  if (!range?.last || !range.first) return null;
  const last = range.last;
  const rows = (
    await store.query<Row & Record<string, unknown>>(
      `select day::text as day, sku::text as sku, units::float8 as units, orders::float8 as orders, revenue::float8 as revenue,
              returns::float8 as returns, ad_spend::float8 as ad_spend, stock::float8 as stock
         from ${rel} where day >= $1::date`,
      [addDays(last, -40)],
    )
  ).filter((r) => [r.units, r.orders, r.revenue, r.returns, r.ad_spend].every((v) => Number.isFinite(v) && v >= 0));
  const week = new Map<string, number>();
  for (const r of rows) if (r.day >= addDays(last, -6)) week.set(r.sku, (week.get(r.sku) ?? 0) + r.revenue);
  const topSku = [...week.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
  const data: AskState = { store, relation, currency, last, first: range.first };
  return file.cases.map((c) => ({
    id: c.id,
    question: fill(c.question, last, topSku),
    tools: Array.isArray(c.tool) ? c.tool : [c.tool],
    args: Object.fromEntries(Object.entries(c.args).map(([k, v]) => [k, fill(v, last, topSku)])),
    expected: expectedFigures(c.expect, rows, last, topSku),
    locale: file.locale,
    data,
  }));
}

/** True when the answer states one of the expected figures (formats normalised by the grounding check's reader). */
export function statesFigure(answer: string, expected: AskCase['expected']): boolean {
  const written = numbersIn(answer);
  return expected.some((e) => written.some((w) => Math.abs(Math.abs(w) - Math.abs(e.value)) <= e.tolerance + 1e-9));
}

/** The lab's model client as the ask loop's router: one model, answers as the router would give them. */
function asRouter(client: ModelClient): AskDeps['router'] {
  return {
    // The lab prices each call itself (the run's cost), so the loop's own cost cap is not used here.
    chat: async <T>(request: ChatRequest<T> & { runId?: string }): Promise<RouterResult<T>> => {
      const { route: _r, models: _m, cache: _c, runId: _id, ...rest } = request;
      const answer = await client.chat<T>(rest);
      if (answer.ok) return { ok: true, value: answer.value, model: client.model, callId: '', costUsd: 0, cached: false, finishReason: null, attempts: [] };
      return { ok: false, reason: 'all_failed', attempts: [], callId: '' };
    },
  };
}

const askSuite: Suite<AskCase> = {
  name: 'ask',
  route: 'ask',
  description: 'questions about the shop data through the ask loop and its tools: right tool, right arguments, right number',
  hasSchema: false,
  operation: 'chat',
  async load(ctx) {
    if (!ctx.store) return { absent: 'needs the database with the shop data' };
    const file = JSON.parse(readFileSync(join(ctx.rootDir, 'bench', 'suites', 'ask.json'), 'utf8')) as AskSuiteFile;
    const relation = ctx.config?.data.relation ?? 'sku_daily';
    const cases = await loadAskCases(file, ctx.store, relation, ctx.config?.data.currency);
    if (!cases) return { absent: `the ${relation} relation has no data` };
    return { cases };
  },
  async run(c, client): Promise<CaseScore> {
    const s = c.data;
    const tools = createAskTools({ source: createSqlEtlQueries(s.store, { relation: s.relation }), currency: s.currency });
    const result = await askQuestion(
      {
        router: asRouter(client), tools, locale: c.locale, currency: s.currency, secrets: [],
        limits: { maxSteps: 6, maxCostUsd: Number.POSITIVE_INFINITY, deadlineMs: 120_000 },
        dataRange: async () => ({ first: s.first, last: s.last }),
        today: () => addDays(s.last, 1),
      },
      { question: c.question },
    );
    const ok = result.toolCalls.filter((t) => t.status === 'ok' && c.tools.includes(t.name));
    // The case's arguments, and no article where the question is about the whole shop.
    const argsMatch = (raw: unknown) => {
      const args = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
      if (!('sku' in c.args) && args.sku !== undefined) return false;
      return Object.entries(c.args).every(([k, v]) => String(args[k] ?? '').toLowerCase() === v.toLowerCase());
    };
    const tool = ok.length > 0 ? 1 : 0;
    const args = ok.some((t) => argsMatch(t.arguments)) ? 1 : 0;
    const number = result.outcome === 'answered' && statesFigure(result.answer, c.expected) ? 1 : 0;
    return { score: tool * args * number, schemaValid: null, metrics: { tool, args, number, steps: result.steps } };
  },
};
export default askSuite;
