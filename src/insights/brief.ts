import type { Locale, TagThresholds } from '../config.js';
import { addDays } from './days.js';
import { templateNarrative } from './narrative-template.js';
import { change, daysOfCover, tag } from './tag.js';
import type { BadRow, Brief, BriefItem, DailyPoint, Deltas, SkuDay, Totals } from './types.js';
import { validateRows } from './validate-rows.js';

/** What `rowsToBrief` needs; all of it data, so the function is pure and testable by hand. */
export interface BriefInput {
  date: string;
  /** Raw ETL rows for date-7 … date (more days are ignored); bad rows are reported and skipped. */
  rows: readonly SkuDay[];
  /** First day each SKU ever sold, for SKUs that may be new; missing entries are decided from `rows`. */
  firstSaleDay?: Readonly<Record<string, string | null>>;
  /** First day of data in the relation (null: unknown). */
  dataStartDay: string | null;
  /** Latest day with data in the relation. */
  lastDay: string | null;
  /** When the last successful ETL run finished (ISO 8601), null when unknown. */
  etlFinishedAt: string | null;
  /** Shop revenue per day for the headline chart (optional). */
  series?: readonly DailyPoint[];
  currency: string;
  locale: Locale;
  thresholds: TagThresholds;
  /** The build time, for freshness. */
  now: Date;
}

const round = (v: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
const money = (v: number) => round(v, 2);
const fraction = (v: number | null) => (v === null ? null : round(v, 4));
/** Code-point order: stable, locale-independent and far cheaper than localeCompare on 10k SKUs. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Builds the morning brief for one day from ETL rows: totals, deltas, tags, sections, narrative. */
export function rowsToBrief(input: BriefInput): Brief {
  const { date, thresholds: t } = input;
  const from = addDays(date, -7);
  const { good, bad } = validateRows(input.rows.filter((r) => r.day >= from && r.day <= date));
  const badRows: BadRow[] = bad.sort((a, b) => byCode(a.day, b.day) || byCode(a.sku, b.sku));

  const byDay = new Map<string, SkuDay[]>();
  const bySku = new Map<string, SkuDay[]>();
  for (const r of good) {
    (byDay.get(r.day) ?? byDay.set(r.day, []).get(r.day)!).push(r);
    (bySku.get(r.sku) ?? bySku.set(r.sku, []).get(r.sku)!).push(r);
  }
  const todayRows = byDay.get(date) ?? [];
  const prevDate = addDays(date, -1);
  const weekDate = addDays(date, -7);

  const topSkus = [...todayRows]
    .filter((r) => r.revenue > 0)
    .sort((a, b) => b.revenue - a.revenue || byCode(a.sku, b.sku))
    .slice(0, t.topN)
    .map((r) => r.sku);
  const topSet = new Set(topSkus);

  const items: BriefItem[] = [];
  for (const today of todayRows) {
    const rows = bySku.get(today.sku) ?? [];
    const history = rows.filter((r) => r.day < date);
    const prevDay = history.find((r) => r.day === prevDate) ?? null;
    const weekAgo = history.find((r) => r.day === weekDate) ?? null;
    const ctx = {
      date,
      today,
      prevDay,
      weekAgo,
      history,
      isTop: topSet.has(today.sku),
      firstSaleDay: input.firstSaleDay?.[today.sku],
      dataStartDay: input.dataStartDay,
    };
    const tags = tag(ctx, t);
    if (tags.length === 0) continue;
    const cover = daysOfCover(ctx);
    items.push({
      sku: today.sku,
      title: today.title,
      category: today.category,
      revenue: money(today.revenue),
      units: today.units,
      orders: today.orders,
      returns: today.returns,
      stock: today.stock,
      price: today.price === null ? null : money(today.price),
      adSpend: money(today.adSpend),
      drr: fraction(today.revenue > 0 ? today.adSpend / today.revenue : null),
      daysOfCover: cover === null ? null : round(cover, 1),
      revenueWeekAgo: weekAgo ? money(weekAgo.revenue) : null,
      vsWeekAgo: fraction(weekAgo ? change(today.revenue, weekAgo.revenue) : null),
      priceChange: fraction(today.price !== null && prevDay?.price ? change(today.price, prevDay.price) : null),
      tags,
    });
  }
  items.sort((a, b) => b.revenue - a.revenue || byCode(a.sku, b.sku));

  const totals = sumTotals(todayRows);
  const prev = byDay.has(prevDate) ? sumTotals(byDay.get(prevDate)!) : null;
  const week = byDay.has(weekDate) ? sumTotals(byDay.get(weekDate)!) : null;
  const withTag = (tg: BriefItem['tags'][number]) => items.filter((i) => i.tags.includes(tg));
  const revenueChange = (i: BriefItem) => i.revenue - (i.revenueWeekAgo ?? 0);
  const etlAgeHours = input.etlFinishedAt ? (input.now.getTime() - Date.parse(input.etlFinishedAt)) / 3_600_000 : null;

  const brief: Brief = {
    date,
    currency: input.currency,
    totals: {
      revenue: money(totals.revenue),
      orders: totals.orders,
      units: totals.units,
      returns: totals.returns,
      adSpend: money(totals.adSpend),
      drr: fraction(totals.drr),
      vsPrevDay: deltas(totals, prev),
      vsWeekAgo: deltas(totals, week),
    },
    items,
    top: topSkus,
    movers: {
      growth: withTag('growth').sort((a, b) => revenueChange(b) - revenueChange(a)).map((i) => i.sku),
      decline: withTag('decline').sort((a, b) => revenueChange(a) - revenueChange(b)).map((i) => i.sku),
    },
    stockRisks: [
      ...withTag('out_of_stock').map((i) => i.sku),
      ...withTag('low_stock')
        .sort((a, b) => (a.daysOfCover ?? 0) - (b.daysOfCover ?? 0))
        .map((i) => i.sku),
    ],
    adInefficient: withTag('ad_inefficient')
      .sort((a, b) => b.adSpend - b.revenue * t.adInefficientDrr - (a.adSpend - a.revenue * t.adInefficientDrr))
      .map((i) => i.sku),
    narrative: { summary: '', highlights: [], actions: [] },
    narrativeSource: 'template',
    freshness: {
      lastDay: input.lastDay,
      etlFinishedAt: input.etlFinishedAt,
      stale: etlAgeHours !== null && etlAgeHours > t.staleAfterHours,
    },
    series: (input.series ?? []).map((p) => ({ ...p, revenue: money(p.revenue), adSpend: money(p.adSpend) })),
    skuCount: todayRows.length,
    badRows,
  };
  brief.narrative = templateNarrative(brief, input.locale);
  return brief;
}

function sumTotals(rows: readonly SkuDay[]): Totals {
  const t = { revenue: 0, orders: 0, units: 0, returns: 0, adSpend: 0 };
  for (const r of rows) {
    t.revenue += r.revenue;
    t.orders += r.orders;
    t.units += r.units;
    t.returns += r.returns;
    t.adSpend += r.adSpend;
  }
  return { ...t, drr: t.revenue > 0 ? t.adSpend / t.revenue : null };
}

function deltas(now: Totals, base: Totals | null): Deltas {
  const d = (k: keyof Deltas) => fraction(base ? change(now[k], base[k]) : null);
  return { revenue: d('revenue'), orders: d('orders'), units: d('units'), returns: d('returns'), adSpend: d('adSpend') };
}
