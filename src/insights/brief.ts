import type { Locale, TagThresholds } from '../config.js';
import { addDays } from '../time/days.js';
import { change, daysOfCover, tag, tagMoney } from './tag.js';
import type { BadRow, Brief, EtlRow, BriefItem, Coverage, DailyPoint, Deltas, SkuDay, Totals } from './types.js';
import { validateRows } from './validate-rows.js';

/** What `rowsToBrief` needs; all of it data, so the function is pure and testable by hand. */
export interface BriefInput {
  date: string;
  /** Raw ETL rows for date-7 … date (more days are ignored); bad rows are reported and skipped. */
  rows: readonly EtlRow[];
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
const money2 = (v: number) => round(v, 2);
const fraction = (v: number | null) => (v === null ? null : round(v, 4));
/** Code-point order: stable, locale-independent and far cheaper than localeCompare on 10k SKUs. */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the morning brief for one day from ETL rows: totals, deltas, tags, sections. The narrative
 * is text, so it is written outside insights/ (src/brief/build-brief.ts adds the template one).
 */
export function rowsToBrief(input: BriefInput): Brief {
  const { date, thresholds: t } = input;
  const from = addDays(date, -7);
  const { good, bad } = validateRows(input.rows.filter((r) => r.day === null || (r.day >= from && r.day <= date)));
  const badRows: BadRow[] = bad.sort((a, b) => byCode(a.day ?? '', b.day ?? '') || byCode(a.sku ?? '', b.sku ?? ''));

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
    const money = tagMoney(ctx, t);
    const atStake = Math.max(0, ...tags.map((tg) => (tg === 'top' || tg === 'new' ? 0 : money[tg])));
    items.push({
      sku: today.sku,
      title: today.title,
      category: today.category,
      revenue: money2(today.revenue),
      units: today.units,
      orders: today.orders,
      returns: today.returns,
      stock: today.stock,
      price: today.price === null ? null : money2(today.price),
      adSpend: money2(today.adSpend),
      drr: fraction(today.revenue > 0 ? today.adSpend / today.revenue : null),
      daysOfCover: cover === null ? null : round(cover, 1),
      revenueWeekAgo: weekAgo ? money2(weekAgo.revenue) : null,
      vsWeekAgo: fraction(weekAgo ? change(today.revenue, weekAgo.revenue) : null),
      priceChange: fraction(today.price !== null && prevDay?.price ? change(today.price, prevDay.price) : null),
      priceWeekAgo: weekAgo?.price === null || weekAgo?.price === undefined ? null : money2(weekAgo.price),
      adSpendWeekAgo: weekAgo ? money2(weekAgo.adSpend) : null,
      atStake: money2(atStake),
      tags,
    });
  }
  items.sort((a, b) => b.revenue - a.revenue || byCode(a.sku, b.sku));

  const totals = sumTotals(todayRows);
  const coverage = dayCoverage(date, todayRows, bad, byDay);
  // A partial day compares like for like: both days summed over the SKUs present on both.
  const compare = (day: string): { now: Totals; base: Totals; skus: number } | null => {
    const base = byDay.get(day);
    if (!base) return null;
    if (!coverage.partial) return { now: totals, base: sumTotals(base), skus: base.length };
    const here = new Set(todayRows.map((r) => r.sku));
    const there = new Set(base.map((r) => r.sku));
    return {
      now: sumTotals(todayRows.filter((r) => there.has(r.sku))),
      base: sumTotals(base.filter((r) => here.has(r.sku))),
      skus: base.filter((r) => here.has(r.sku)).length,
    };
  };
  const prev = compare(prevDate);
  const week = compare(weekDate);
  if (coverage.partial) coverage.comparedSkus = { prevDay: prev?.skus ?? null, weekAgo: week?.skus ?? null };
  const withTag = (tg: BriefItem['tags'][number]) => items.filter((i) => i.tags.includes(tg));
  const revenueChange = (i: BriefItem) => i.revenue - (i.revenueWeekAgo ?? 0);
  const etlAgeHours = input.etlFinishedAt ? (input.now.getTime() - Date.parse(input.etlFinishedAt)) / 3_600_000 : null;

  const brief: Brief = {
    date,
    currency: input.currency,
    totals: {
      revenue: money2(totals.revenue),
      orders: totals.orders,
      units: totals.units,
      returns: totals.returns,
      adSpend: money2(totals.adSpend),
      drr: fraction(totals.drr),
      vsPrevDay: deltas(prev),
      vsWeekAgo: deltas(week),
    },
    items,
    top: topSkus,
    movers: {
      growth: withTag('growth').sort((a, b) => revenueChange(b) - revenueChange(a)).map((i) => i.sku),
      decline: withTag('decline').sort((a, b) => revenueChange(a) - revenueChange(b)).map((i) => i.sku),
    },
    // Ranked by the sales at risk per day; at equal money an empty shelf before a low one.
    stockRisks: items
      .filter((i) => i.tags.includes('out_of_stock') || i.tags.includes('low_stock'))
      .sort((a, b) => b.atStake - a.atStake || Number(b.stock === 0) - Number(a.stock === 0) || byCode(a.sku, b.sku))
      .map((i) => i.sku),
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
    series: (input.series ?? []).map((p) => ({ ...p, revenue: money2(p.revenue), adSpend: money2(p.adSpend) })),
    skuCount: todayRows.length,
    badRows,
    coverage,
  };
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

function deltas(pair: { now: Totals; base: Totals } | null): Deltas {
  const d = (k: keyof Deltas) => fraction(pair ? change(pair.now[k], pair.base[k]) : null);
  return { revenue: d('revenue'), orders: d('orders'), units: d('units'), returns: d('returns'), adSpend: d('adSpend') };
}

/**
 * How much of the day arrived. A SKU is missing when the ETL reported it (with a usable row) on
 * every one of the past week's days that have data — at least 3 of them — and not at all today:
 * a shop whose ETL writes only SKUs that sold (the retail sample) never looks partial for that.
 */
function dayCoverage(date: string, todayRows: readonly SkuDay[], bad: readonly BadRow[], byDay: ReadonlyMap<string, SkuDay[]>): Coverage {
  const present = new Set(todayRows.map((r) => r.sku));
  const badSkus = new Set(bad.filter((b) => b.day === date && b.sku !== null && !present.has(b.sku)).map((b) => b.sku));
  const pastDays = [...byDay.keys()].filter((d) => d < date && d >= addDays(date, -7));
  let missing = 0;
  if (pastDays.length >= 3) {
    const seen = new Map<string, number>();
    for (const d of pastDays) for (const r of byDay.get(d)!) seen.set(r.sku, (seen.get(r.sku) ?? 0) + 1);
    for (const [sku, days] of seen) if (days === pastDays.length && !present.has(sku) && !badSkus.has(sku)) missing++;
  }
  const expected = present.size + badSkus.size + missing;
  const skipped = badSkus.size + missing;
  return {
    partial: skipped > 0,
    skus: present.size,
    expectedSkus: expected,
    badSkus: badSkus.size,
    missingSkus: missing,
    skippedShare: expected === 0 ? 0 : round(skipped / expected, 4),
    comparedSkus: null,
  };
}
