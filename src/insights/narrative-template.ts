import type { Locale } from '../config.js';
import { narrativeText } from '../locales/narrative.js';
import { formatDay, formatDelta, formatMoney, formatNumber, formatPercent } from '../locales/format.js';
import type { Brief, BriefItem, Narrative } from './types.js';

/**
 * The narrative built from the figures alone — what the brief says when no model answered.
 * It only restates numbers already in the brief, so it can never invent one.
 */
export function templateNarrative(brief: Brief, locale: Locale): Narrative {
  const tx = narrativeText[locale];
  const day = formatDay(brief.date, locale);
  const bySku = new Map(brief.items.map((i) => [i.sku, i]));
  const pick = (skus: string[]) => skus.map((s) => bySku.get(s)).filter((i): i is BriefItem => i !== undefined);
  const money = (v: number) => formatMoney(v, locale, brief.currency);
  const titles = (items: BriefItem[]) => items.slice(0, 3).map((i) => i.title).join(', ') + (items.length > 3 ? '…' : '');

  const t = brief.totals;
  const summary =
    t.revenue === 0 && t.orders === 0
      ? tx.noSales(day)
      : tx.summary({
          day,
          revenue: money(t.revenue),
          vsPrev: formatDelta(t.vsPrevDay.revenue, locale),
          vsWeek: formatDelta(t.vsWeekAgo.revenue, locale),
          orders: formatNumber(t.orders, locale),
          drr: t.drr === null ? null : formatPercent(t.drr, locale),
        });

  const highlights: string[] = [];
  const actions: string[] = [];
  const [top] = pick(brief.top);
  if (top) highlights.push(tx.topProduct(top.title, money(top.revenue)));
  const [riser] = pick(brief.movers.growth);
  if (riser) highlights.push(tx.growth(riser.title, formatDelta(riser.vsWeekAgo, locale)));
  const [faller] = pick(brief.movers.decline);
  if (faller) {
    highlights.push(tx.decline(faller.title, formatDelta(faller.vsWeekAgo, locale)));
    actions.push(tx.actCheckDecline(faller.title));
  }
  const risks = pick(brief.stockRisks);
  const out = risks.filter((i) => i.tags.includes('out_of_stock'));
  const low = risks.filter((i) => i.tags.includes('low_stock'));
  if (out.length > 0) highlights.push(tx.outOfStock(out.length, titles(out)));
  if (low[0]) highlights.push(tx.lowStock(low[0].title, formatNumber(low[0].daysOfCover ?? 0, locale, 1)));
  for (const i of [...out, ...low].slice(0, 2)) actions.push(tx.actRestock(i.title));
  const [costly] = pick(brief.adInefficient);
  if (costly) {
    highlights.push(tx.adInefficient(costly.title, costly.drr === null ? null : formatPercent(costly.drr, locale)));
    actions.push(tx.actReviewAds(costly.title));
  }
  const fresh = brief.items.filter((i) => i.tags.includes('new'));
  if (fresh.length > 0) highlights.push(tx.newProducts(fresh.length, titles(fresh)));
  if (brief.badRows.length > 0) highlights.push(tx.badRows(brief.badRows.length));
  if (brief.freshness.stale && brief.freshness.etlFinishedAt) {
    highlights.push(tx.staleData(formatDay(brief.freshness.etlFinishedAt.slice(0, 10), locale)));
    actions.push(tx.actFixEtl());
  }
  if (actions.length === 0) actions.push(tx.actNothing());
  // A shortened list ends in "…"; the sentence's own full stop would double it.
  const tidy = (line: string) => line.replace(/…\.$/, '…');
  return { summary, highlights: highlights.map(tidy), actions: actions.map(tidy) };
}
