/**
 * The deterministic answers to the commonest questions — `/sku <article> [period]`, `/top
 * [metric] [period]`, `/stock [article]` — through the same query tools the model uses, so they
 * work without any model and their numbers are the tools' numbers.
 */
import type { Locale } from '../config.js';
import { textReply, type Reply } from '../messages/reply.js';
import { ETL_METRICS, type EtlMetric } from '../data/etl-queries.js';
import { askText } from '../locales/ask.js';
import { formatDay, formatDelta, formatMoney, formatNumber, formatPercent } from '../locales/format.js';
import { parsePeriod, previousPeriod, type DayPeriod } from './periods.js';
import { sourceLine } from './source-line.js';
import type { AskTools, ToolArgs, ToolName } from './tools.js';

export interface QuickDeps {
  tools: AskTools;
  /** Last day with data (null for an empty relation). */
  lastDay: () => Promise<string | null>;
  currency: string;
}

export type QuickCommand = 'sku' | 'top' | 'stock';

type Summary = { found?: boolean; title?: string | null; revenue: number; units: number; orders: number; returns: number; adSpend: number; drr: number | null };
type Compare = { a: { value: number | null }; changePct: number | null };
type Top = { items: Array<{ sku: string; title: string; value: number | null }> };
type Cover = { asOf: string | null; items: Array<{ sku: string; title: string; stock: number | null; avgDailyUnits: number; daysOfCover: number | null }> };
type Found = { items: Array<{ sku: string; title: string }> };

export async function quickReply(deps: QuickDeps, command: QuickCommand, args: string, locale: Locale, prefix: string): Promise<Reply> {
  const t = askText(locale).quick;
  const a = askText(locale);
  const lastDay = await deps.lastDay();
  if (!lastDay) return textReply(t.noData);
  const calls: Array<{ name: string; result: unknown }> = [];
  const run = async <N extends ToolName>(name: N, toolArgs: ToolArgs<N>): Promise<Record<string, unknown>> => {
    const outcome = await deps.tools.run(name, JSON.stringify(toolArgs));
    if (outcome.status !== 'ok') throw new Error(`quick ${command}: ${name} ${outcome.status}: ${outcome.error}`);
    calls.push({ name, result: outcome.result });
    return outcome.result;
  };
  const money = (n: number) => formatMoney(n, locale, deps.currency);
  const periodText = (p: DayPeriod) => (p.from === p.to ? formatDay(p.from, locale) : `${formatDay(p.from, locale)} – ${formatDay(p.to, locale)}`);
  /** A bold title, the lines as one block (a list reads better without blank lines), the source line. */
  const done = (title: string, ...lines: string[]): Reply => ({
    blocks: [{ type: 'heading', text: title }, ...(lines.length > 0 ? [{ type: 'text' as const, text: lines.join('\n') }] : []), { type: 'text', text: sourceLine(calls, a) }],
  });

  const words = args.split(/\s+/).filter(Boolean);
  switch (command) {
    case 'sku': {
      if (words.length === 0) return textReply(t.skuUsage(prefix));
      const [article, ...rest] = words as [string, ...string[]];
      const period = rest.length > 0 ? parsePeriod(rest.join(' '), lastDay) : parsePeriod('week', lastDay);
      if (!period) return textReply(t.badPeriod(rest.join(' ').slice(0, 40)));
      const s = (await run('sales_summary', { sku: article, ...period })) as Summary;
      if (!s.found) {
        // Not an article: perhaps words of a title («/sku кружка»).
        const found = (await run('search_products', { query: words.join(' '), limit: 5 })) as Found;
        if (found.items.length === 0) return textReply(t.skuNotFound(article.slice(0, 64)));
        return done(words.join(' ').slice(0, 64), ...found.items.map((i) => `${i.sku} — ${i.title}`));
      }
      const prev = previousPeriod(period);
      const c = (await run('compare_periods', { metric: 'revenue', sku: article, a_from: prev.from, a_to: prev.to, b_from: period.from, b_to: period.to })) as Compare;
      return done(
        t.skuTitle(article, s.title ?? '', periodText(period)),
        t.skuLine(money(s.revenue), formatNumber(s.units, locale), formatNumber(s.orders, locale), formatNumber(s.returns, locale)),
        t.adLine(money(s.adSpend), s.drr === null ? '—' : formatPercent(s.drr, locale)),
        t.changeLine(t.metricNames.revenue, formatDelta(c.changePct, locale), money(c.a.value ?? 0)),
      );
    }
    case 'top': {
      let metric: EtlMetric = 'revenue';
      const rest: string[] = [];
      for (const w of words) {
        const m = w.toLowerCase();
        if ((ETL_METRICS as readonly string[]).includes(m)) metric = m as EtlMetric;
        else rest.push(w);
      }
      const period = rest.length > 0 ? parsePeriod(rest.join(' '), lastDay) : parsePeriod('week', lastDay);
      if (!period) {
        return textReply(rest.length === 1 && /^[a-z_]+$/i.test(rest[0]!) && !parsePeriod(rest[0]!, lastDay)
          ? t.badMetric(rest[0]!.slice(0, 40), ETL_METRICS.join(', '))
          : t.badPeriod(rest.join(' ').slice(0, 40)), t.topUsage(prefix));
      }
      const top = (await run('top_products', { metric, ...period, limit: 10 })) as Top;
      const value = (v: number | null) => (v === null ? '—' : metric === 'drr' ? formatPercent(v, locale) : metric === 'revenue' || metric === 'ad_spend' ? money(v) : formatNumber(v, locale));
      return done(
        t.topTitle(t.metricNames[metric], periodText(period)),
        ...top.items.map((i, n) => `${n + 1}. ${i.sku} ${i.title} — ${value(i.value)}`),
      );
    }
    case 'stock': {
      const article = words[0];
      const cover = (await run('stock_cover', { ...(article ? { sku: article } : {}), limit: 10 })) as Cover;
      if (article && cover.items.length === 0) return textReply(t.skuNotFound(article.slice(0, 64)));
      if (cover.items.length === 0) return textReply(t.noCover);
      return done(
        t.stockTitle(formatDay(cover.asOf ?? lastDay, locale)),
        ...cover.items.map((i) =>
          t.stockLine(
            i.sku, i.title,
            i.stock === null ? '—' : formatNumber(i.stock, locale),
            formatNumber(i.avgDailyUnits, locale, 1),
            i.daysOfCover === null ? '—' : `${formatNumber(i.daysOfCover, locale, 1)} ${t.days}`,
          ),
        ),
      );
    }
    default: {
      const never: never = command;
      throw new Error(`quick: unknown command ${String(never)}`);
    }
  }
}
