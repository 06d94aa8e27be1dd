/**
 * The Details view of an alert: what happened, the normal range, the money, what to do and how the
 * range was judged, in sentences; the audit trail; and a PNG chart of the last 28 days naming its
 * metric and unit, with the normal band and the anomaly marked.
 */
import type { DetectorThresholds, Locale } from '../config.js';
import { isShopAlert, type AlertRecord, type ShopAlertRecord } from '../insights/alert-record.js';
import { selfAlertDetailsReply } from './self-alert-content.js';
import type { AuditRow } from '../insights/alert-record.js';
import type { Reply } from '../messages/reply.js';
import { salesBaseline } from '../insights/anomalies/sales-baseline.js';
import { buildHistories } from '../insights/anomalies/sku-history.js';
import { addDays } from '../time/days.js';
import type { SkuDay } from '../insights/types.js';
import { alertText } from '../locales/alerts.js';
import { renderSeriesChartPng, type BandPoint, type SeriesChartInput, type SeriesPoint } from './chart/series-chart.js';
import type { ChartUnit } from './chart/chart-text.js';
import { alertButtons } from './alert-buttons.js';
import { moneyLine, normLine, statusLine, subjectOf, todoLine, whatLine } from './alert-content.js';
import { alertFigures, normalRange, rangeText } from './alert-figures.js';
import { formatInstant } from '../locales/format.js';

export interface AlertDetailsOptions {
  locale: Locale;
  currency: string;
  timeZone: string;
  thresholds: DetectorThresholds;
}

/** Days on the chart. */
export const DETAILS_DAYS = 28;

/**
 * `history` holds the SKU's rows for the 28 charted days plus the weeks before them (for the
 * per-day sales band); empty for shop-wide alerts, which get no chart.
 */
export function alertDetailsReply(any: AlertRecord, history: readonly SkuDay[], events: readonly AuditRow[], o: AlertDetailsOptions): Reply {
  if (!isShopAlert(any)) return selfAlertDetailsReply(any, events, o);
  const alert = any;
  const t = alertText[o.locale];
  const subject = subjectOf(alert, o.locale);
  const lines = [
    whatLine(alert, o),
    normLine(alert, o),
    moneyLine([alert], o),
    todoLine(alert, o),
    t.basis(alert.kind, alertFigures(alert, o)),
    statusLine(alert, o),
    ...(events.length ? [`${t.details.audit}:`] : []),
    ...events.map((e) => `· ${formatInstant(e.at, o.locale, o.timeZone)} ${t.auditActions[e.action] ?? e.action} (${String(e.details.name ?? e.actor)})`),
  ].filter((l): l is string => l !== null);
  // The chart first and the text with the buttons last: a press edits the text message (Telegram
  // cannot edit a photo's caption into a text), and the buttons sit under what they act on.
  const chart = alert.sku !== null && history.length ? alertChartInput(alert, history, o) : null;
  return {
    blocks: [
      ...(chart ? [{ type: 'photo' as const, png: renderSeriesChartPng(chart), caption: chart.title, filename: `alert-${alert.id}.png` }] : []),
      { type: 'heading', text: t.details.title(t.kinds[alert.kind], subject) },
      { type: 'text', text: lines.join('\n') },
    ],
    buttons: alertButtons(alert, o.locale, { details: false }),
  };
}

/**
 * The Details chart: the metric per day in its unit, named with its unit and normal range in the
 * subtitle, the band (on the alert's day exactly the range the text states), the anomaly marked.
 */
export function alertChartInput(alert: ShopAlertRecord, history: readonly SkuDay[], o: AlertDetailsOptions): SeriesChartInput {
  const t = alertText[o.locale];
  const end = alert.scanDay;
  const days = Array.from({ length: DETAILS_DAYS }, (_, i) => addDays(end, i - DETAILS_DAYS + 1));
  const byDay = new Map(history.map((r) => [r.day, r]));
  const value = metricOf(alert.metric);
  const series: SeriesPoint[] = days.map((day) => {
    const r = byDay.get(day);
    return { day, value: r ? value(r) : alert.metric === 'units' ? 0 : null };
  });
  const range = normalRange(alert);
  // An open bound is drawn to zero below, and above to the top of what the chart shows.
  const top = Math.max(range.low ?? 0, range.high ?? 0, ...series.map((p) => p.value ?? 0)) * 1.1;
  // A threshold norm (at least N in stock, at most N % ДРР) has no "expected" line to draw.
  const threshold = alert.metric === 'days_of_cover' || alert.metric === 'drr';
  const today: BandPoint = { day: end, low: range.low ?? 0, high: range.high ?? top, ...(threshold ? {} : { expected: range.expected }) };
  const band: BandPoint[] = alert.metric === 'units'
    ? days.flatMap((day) => {
        if (day === end) return [today];
        const [h] = buildHistories(history.filter((r) => r.day <= day), day);
        const b = h ? salesBaseline(h, o.thresholds) : null;
        return b ? [{ day, low: b.low, high: b.high, expected: b.expected }] : [];
      })
    : days.map((day) => ({ ...today, day }));
  const title = t.details.chartTitle(subjectOf(alert, o.locale));
  return {
    title,
    subtitle: `${t.details.chartMetric(alert.kind, unitLabel(alert, o))} · ${t.details.chartNorm(rangeText(alert, o))}`,
    locale: o.locale,
    series,
    band,
    anomalies: [end],
    highlightDay: end,
    unit: chartUnit(alert.metric),
    currency: o.currency,
    scale: 2,
  };
}

/** The unit the chart plots, as its subtitle names it. */
function unitLabel(alert: ShopAlertRecord, o: AlertDetailsOptions): string {
  const u = alertText[o.locale].units;
  switch (alert.metric) {
    case 'units':
    case 'returns':
      return u.perDay;
    case 'days_of_cover':
      return u.pieces;
    case 'price':
      return currencySymbol(o.locale, o.currency);
    case 'ad_spend':
      return u.moneyPerDay(currencySymbol(o.locale, o.currency));
    case 'drr':
      return u.percent;
    case 'hours_since_etl':
      return u.hours;
  }
}

function currencySymbol(locale: AlertDetailsOptions['locale'], currency: string): string {
  const parts = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? currency;
}

function metricOf(metric: ShopAlertRecord['metric']): (r: SkuDay) => number | null {
  switch (metric) {
    case 'units': return (r) => r.units;
    case 'price': return (r) => r.price;
    case 'ad_spend': return (r) => r.adSpend;
    case 'drr': return (r) => (r.revenue > 0 ? r.adSpend / r.revenue : null);
    case 'returns': return (r) => r.returns;
    case 'days_of_cover': return (r) => r.stock;
    case 'hours_since_etl': return () => null;
  }
}

function chartUnit(metric: ShopAlertRecord['metric']): ChartUnit {
  return metric === 'price' || metric === 'ad_spend' ? 'money' : metric === 'drr' ? 'percent' : 'count';
}
