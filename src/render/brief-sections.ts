/**
 * The brief as locale-rendered logical blocks, before any output format: each renderer (plain
 * text, Telegram HTML, Slack mrkdwn) walks the same sections and only decides how a span looks,
 * so the three formats never disagree on content.
 */
import type { Locale } from '../config.js';
import type { Brief, BriefItem, Deltas } from '../insights/types.js';
import { briefText, type BriefText } from '../locales/brief.js';
import { formatDay, formatDelta, formatInstant, formatMoney, formatNumber, formatPercent } from '../locales/format.js';
import { readableTitle } from '../locales/readable-text.js';

/** A piece of a line with its emphasis. Text is raw (unescaped); each renderer escapes it. */
export type Span =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'italic'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'link'; text: string; url: string };

/** One line of output; never contains a newline, so renderers may split between lines safely. */
export type Line = Span[];

export type SectionKind = 'totals' | 'narrative' | 'top' | 'movers' | 'stock' | 'ads' | 'freshness';

export interface BriefSection {
  kind: SectionKind;
  /** Heading with its emoji marker, e.g. "🏆 Лидеры". */
  title: string;
  lines: Line[];
}

export interface BriefDocument {
  /** "Сводка за вс, 22 нояб." — the message header and notification text. */
  title: string;
  sections: BriefSection[];
}

export interface BriefSectionsOptions {
  locale: Locale;
  /** The shop's IANA zone; the ETL finish time is shown in it. */
  timeZone: string;
  /**
   * How many products each list shows before a "…and N more" line. Default 5: the brief is read
   * on a phone in the morning, and the full list is one tap away (the Details button).
   * `Infinity` shows everything.
   */
  maxItems?: number;
  /** The reader's clock (default the real one): a brief of another year shows its year. */
  now?: Date;
}

export const DEFAULT_MAX_ITEMS = 5;

/**
 * Text messages a brief may take in one chat: the text and one overflow (with the chart, three
 * messages). Whatever the data — a huge title, a long model narrative — the rest is cut with a
 * closing note pointing at Details, so a brief never floods a chat.
 */
export const BRIEF_MAX_TEXT_MESSAGES = 2;

/** The message budget of a rendering: the brief's, unless every item was asked for (Details). */
export function messageBudget(opts: { maxItems?: number; maxMessages?: number }): number {
  return Math.max(1, opts.maxMessages ?? (opts.maxItems === Infinity ? Infinity : BRIEF_MAX_TEXT_MESSAGES));
}

const text = (s: string): Span => ({ kind: 'text', text: oneLine(s) });
const bold = (s: string): Span => ({ kind: 'bold', text: oneLine(s) });
const italic = (s: string): Span => ({ kind: 'italic', text: oneLine(s) });

/** Model-written or ETL-provided text may carry newlines; a line must not. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

export function briefSections(brief: Brief, opts: BriefSectionsOptions): BriefDocument {
  const ctx = makeContext(brief, opts);
  const sections = [totals(ctx), narrative(ctx), top(ctx), movers(ctx), stock(ctx), ads(ctx), freshness(ctx)];
  return {
    // A day of another year than the reader's says its year ("Сводка за пт, 20 дек. 2024 г.").
    title: ctx.t.title(formatDay(brief.date, opts.locale, brief.date.slice(0, 4) !== String((opts.now ?? new Date()).getUTCFullYear()))),
    sections: sections.filter((s): s is BriefSection => s !== null),
  };
}

interface Context {
  brief: Brief;
  t: BriefText;
  locale: Locale;
  timeZone: string;
  maxItems: number;
  money(n: number): string;
  bySku: Map<string, BriefItem>;
}

function makeContext(brief: Brief, opts: BriefSectionsOptions): Context {
  return {
    brief,
    t: briefText[opts.locale],
    locale: opts.locale,
    timeZone: opts.timeZone,
    maxItems: Math.max(0, opts.maxItems ?? DEFAULT_MAX_ITEMS),
    money: (n) => formatMoney(n, opts.locale, brief.currency),
    bySku: new Map(brief.items.map((i) => [i.sku, i])),
  };
}

function drr(ctx: Context, value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : formatPercent(value, ctx.locale);
}

function totals(ctx: Context): BriefSection {
  const { t, brief, locale } = ctx;
  const tot = brief.totals;
  const title = `📊 ${t.sections.totals}`;
  const cov = brief.coverage;
  const partial: Line[] = cov.partial
    ? [[bold(t.partialDay(formatNumber(cov.expectedSkus - cov.skus, locale), formatNumber(cov.expectedSkus, locale), formatPercent(cov.skippedShare, locale, 0)))]]
    : [];
  const noSales = tot.revenue === 0 && tot.orders === 0 && tot.units === 0;
  if (noSales) {
    const lines: Line[] = [...partial, [italic(t.noSales)]];
    if (tot.adSpend > 0) lines.push([text(`${t.adSpend}: `), bold(ctx.money(tot.adSpend))]);
    return { kind: 'totals', title, lines };
  }
  const row = (label: string, value: string, key: keyof Deltas): Line => [
    text(`${label}: `),
    bold(value),
    text(
      ` · ${t.vsPrevDay} ${formatDelta(tot.vsPrevDay[key], locale)} · ${t.vsWeekAgo} ${formatDelta(tot.vsWeekAgo[key], locale)}`,
    ),
  ];
  return {
    kind: 'totals',
    title,
    lines: [
      ...partial,
      row(t.revenue, ctx.money(tot.revenue), 'revenue'),
      row(t.orders, formatNumber(tot.orders, locale), 'orders'),
      row(t.units, t.pieces(formatNumber(tot.units, locale)), 'units'),
      row(t.adSpend, ctx.money(tot.adSpend), 'adSpend'),
      [text(`${t.drr}: `), bold(drr(ctx, tot.drr))],
      row(t.returns, formatNumber(tot.returns, locale), 'returns'),
    ],
  };
}

function narrative(ctx: Context): BriefSection | null {
  const { summary, highlights, actions } = ctx.brief.narrative;
  const lines: Line[] = [];
  if (summary.trim() !== '') lines.push([text(summary.trim())]);
  if (highlights.length > 0) {
    lines.push([bold(ctx.t.highlights)]);
    for (const h of highlights) lines.push([text(`• ${h}`)]);
  }
  if (actions.length > 0) {
    lines.push([bold(ctx.t.actions)]);
    for (const a of actions) lines.push([text(`→ ${a}`)]);
  }
  return lines.length === 0 ? null : { kind: 'narrative', title: `📝 ${ctx.t.sections.narrative}`, lines };
}

/** The SKUs of a list that the brief has items for, capped, with the "…and N more" line. */
function capped(ctx: Context, skus: string[], line: (item: BriefItem, index: number) => Line): Line[] {
  const items = skus.map((s) => ctx.bySku.get(s)).filter((i): i is BriefItem => i !== undefined);
  const shown = items.slice(0, ctx.maxItems);
  const lines = shown.map(line);
  const rest = items.length - shown.length;
  if (rest > 0) lines.push([italic(ctx.t.more(formatNumber(rest, ctx.locale)))]);
  return lines;
}

function tagList(ctx: Context, item: BriefItem, omit: string): Span[] {
  const labels = item.tags.filter((tag) => tag !== omit).map((tag) => ctx.t.tags[tag]);
  return labels.length === 0 ? [] : [text(' '), italic(`[${labels.join(', ')}]`)];
}

function top(ctx: Context): BriefSection | null {
  const { t, locale } = ctx;
  const lines = capped(ctx, ctx.brief.top, (item, i) => {
    const parts = [ctx.money(item.revenue), t.pieces(formatNumber(item.units, locale)), `${t.drr} ${drr(ctx, item.drr)}`];
    if (item.vsWeekAgo !== null) parts.push(`${t.vsWeekAgo} ${formatDelta(item.vsWeekAgo, locale)}`);
    return [text(`${i + 1}. `), bold(readableTitle(item.title)), text(` — ${parts.join(' · ')}`), ...tagList(ctx, item, 'top')];
  });
  return lines.length === 0 ? null : { kind: 'top', title: `🏆 ${t.sections.top}`, lines };
}

function moverLine(ctx: Context, item: BriefItem): Line {
  const { t, locale } = ctx;
  const change = item.revenueWeekAgo === null
    ? ctx.money(item.revenue)
    : t.weekAgoToNow(ctx.money(item.revenueWeekAgo), ctx.money(item.revenue));
  return [text('• '), bold(readableTitle(item.title)), text(` — ${formatDelta(item.vsWeekAgo, locale)} ${t.vsWeekAgo} (${change})`)];
}

function movers(ctx: Context): BriefSection | null {
  const { t, brief } = ctx;
  const growth = capped(ctx, brief.movers.growth, (item) => moverLine(ctx, item));
  const decline = capped(ctx, brief.movers.decline, (item) => moverLine(ctx, item));
  const lines: Line[] = [];
  if (growth.length > 0) lines.push([bold(`📈 ${t.growth}`)], ...growth);
  if (decline.length > 0) lines.push([bold(`📉 ${t.decline}`)], ...decline);
  return lines.length === 0 ? null : { kind: 'movers', title: `📈📉 ${t.sections.movers}`, lines };
}

function stock(ctx: Context): BriefSection | null {
  const { t, locale } = ctx;
  const lines = capped(ctx, ctx.brief.stockRisks, (item) => {
    let what: string;
    if (item.stock === 0) what = t.outOfStock;
    else {
      const left = item.stock === null ? [] : [t.stockLeft(formatNumber(item.stock, locale))];
      const cover = item.daysOfCover === null ? [] : [t.daysOfCover(formatNumber(item.daysOfCover, locale, 1))];
      what = [...left, ...cover].join(', ') || t.tags.low_stock;
    }
    return [text('• '), bold(readableTitle(item.title)), text(` — ${what}`)];
  });
  return lines.length === 0 ? null : { kind: 'stock', title: `📦 ${t.sections.stock}`, lines };
}

function ads(ctx: Context): BriefSection | null {
  const { t } = ctx;
  const lines = capped(ctx, ctx.brief.adInefficient, (item) => [
    text('• '),
    bold(readableTitle(item.title)),
    text(` — ${t.drr} ${drr(ctx, item.drr)}: ${t.adsOverRevenue(ctx.money(item.adSpend), ctx.money(item.revenue))}`),
  ]);
  return lines.length === 0 ? null : { kind: 'ads', title: `💸 ${t.sections.ads}`, lines };
}

function freshness(ctx: Context): BriefSection {
  const { t, brief, locale } = ctx;
  const { lastDay, etlFinishedAt, stale } = brief.freshness;
  const at = etlFinishedAt === null ? null : formatInstant(etlFinishedAt, locale, ctx.timeZone);
  const lines: Line[] = [];
  if (at === null) lines.push([bold(t.freshness.unknown)]);
  else if (stale) lines.push([bold(t.freshness.stale(at))]);
  else lines.push([text(t.freshness.fresh(at))]);
  if (lastDay !== null) lines.push([text(t.freshness.lastDay(formatDay(lastDay, locale)))]);
  if (brief.badRows.length > 0) lines.push([text(t.badRows(formatNumber(brief.badRows.length, locale)))]);
  const source = brief.narrativeSource.startsWith('model:')
    ? t.narrativeSource.model(brief.narrativeSource.slice('model:'.length))
    : t.narrativeSource.template;
  lines.push([italic(source)]);
  return { kind: 'freshness', title: `🕒 ${t.sections.freshness}`, lines };
}
