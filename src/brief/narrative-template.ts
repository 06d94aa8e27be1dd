import type { Locale } from '../config.js';
import { narrativeText } from '../locales/narrative.js';
import { formatDay, formatDelta, formatMoney, formatNumber, formatPercent } from '../locales/format.js';
import type { Brief, BriefItem, Narrative } from '../insights/types.js';
import type { NarrativeText } from '../locales/narrative.js';
import { readableTitle } from '../locales/readable-text.js';

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
  const titles = (items: BriefItem[]) => items.slice(0, 3).map((i) => readableTitle(i.title)).join(', ') + (items.length > 3 ? '…' : '');

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
  const cov = brief.coverage;
  if (cov.partial) {
    highlights.push(tx.partialDay(formatNumber(cov.expectedSkus - cov.skus, locale), formatNumber(cov.expectedSkus, locale), formatPercent(cov.skippedShare, locale, 0)));
  }
  const [top] = pick(brief.top);
  if (top) highlights.push(tx.topProduct(readableTitle(top.title), money(top.revenue)));
  const [riser] = pick(brief.movers.growth);
  if (riser) highlights.push(tx.growth(readableTitle(riser.title), formatDelta(riser.vsWeekAgo, locale)));
  const [faller] = pick(brief.movers.decline);
  if (faller) highlights.push(tx.decline(readableTitle(faller.title), formatDelta(faller.vsWeekAgo, locale)));
  const risks = pick(brief.stockRisks);
  const out = risks.filter((i) => i.tags.includes('out_of_stock'));
  const low = risks.filter((i) => i.tags.includes('low_stock'));
  if (out.length > 0) highlights.push(tx.outOfStock(out.length, titles(out)));
  if (low[0]) highlights.push(tx.lowStock(readableTitle(low[0].title), formatNumber(low[0].daysOfCover ?? 0, locale, 1)));
  const [costly] = pick(brief.adInefficient);
  if (costly) highlights.push(tx.adInefficient(readableTitle(costly.title), costly.drr === null ? null : formatPercent(costly.drr, locale)));
  const fresh = brief.items.filter((i) => i.tags.includes('new'));
  if (fresh.length > 0) highlights.push(tx.newProducts(fresh.length, titles(fresh)));
  if (brief.badRows.length > 0) highlights.push(tx.badRows(brief.badRows.length));
  if (brief.freshness.stale && brief.freshness.etlFinishedAt) {
    highlights.push(tx.staleData(formatDay(brief.freshness.etlFinishedAt.slice(0, 10), locale)));
  }

  // Data problems first (every other figure depends on them), then the items by money at stake.
  const actions: string[] = [];
  if (cov.partial) actions.push(tx.actCheckPartial(formatNumber(cov.expectedSkus - cov.skus, locale), formatNumber(cov.expectedSkus, locale)));
  if (brief.freshness.stale && brief.freshness.etlFinishedAt) actions.push(tx.actFixEtl());
  const byMoney = [...brief.items].filter((i) => i.atStake > 0).sort((a, b) => b.atStake - a.atStake);
  for (const item of byMoney) {
    const action = actionFor(item, tx, locale, money);
    if (action) actions.push(action);
    if (actions.length >= MAX_ACTIONS) break;
  }
  if (actions.length === 0) actions.push(tx.actNothing());
  // A shortened list ends in "…"; the sentence's own full stop would double it.
  const tidy = (line: string) => line.replace(/…\.$/, '…');
  return { summary, highlights: highlights.map(tidy), actions: actions.map(tidy) };
}

/** A morning reader acts on a handful of things; the rest is in the lists below. */
const MAX_ACTIONS = 5;

/**
 * The one thing to do about an item, naming the cause its figures show: an empty or short shelf
 * is restocked (whatever its revenue did), ads that do not pay are paused, a decline is traced to a
 * price rise or cut ads before the card is blamed, a sharp overnight price move is checked.
 */
function actionFor(item: BriefItem, tx: NarrativeText, locale: Locale, money: (v: number) => string): string | null {
  const perDay = money(item.atStake);
  const title = readableTitle(item.title);
  if (item.tags.includes('out_of_stock')) return tx.actRestock(title, perDay);
  if (item.tags.includes('low_stock')) return tx.actReorder(title, formatNumber(item.daysOfCover ?? 0, locale, 1), perDay);
  if (item.tags.includes('decline')) {
    const lost = money((item.revenueWeekAgo ?? 0) - item.revenue);
    if (item.price !== null && item.priceWeekAgo !== null && item.priceWeekAgo > 0 && item.price >= item.priceWeekAgo * 1.05) {
      return tx.actFixPrice(title, money(item.priceWeekAgo), money(item.price), lost);
    }
    if (item.adSpendWeekAgo !== null && item.adSpendWeekAgo > 0 && item.adSpend <= item.adSpendWeekAgo / 2) {
      return tx.actCheckAds(title, money(item.adSpendWeekAgo), money(item.adSpend), lost);
    }
    if (!item.tags.includes('ad_inefficient')) return tx.actCheckCard(title, lost);
  }
  if (item.tags.includes('ad_inefficient')) return tx.actPauseAds(title, money(item.adSpend), money(item.revenue));
  if (item.tags.includes('price_change') && item.price !== null && item.priceChange !== null) {
    const before = item.price / (1 + item.priceChange);
    return tx.actCheckPrice(title, money(before), money(item.price), formatDelta(item.priceChange, locale));
  }
  if (item.tags.includes('returns_spike')) {
    return tx.actCheckReturns(title, formatNumber(item.returns, locale), money(item.returns * (item.price ?? 0)));
  }
  return null;
}
