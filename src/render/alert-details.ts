/**
 * The Details view of an alert: every number (observed, expected, band, evidence), the audit trail,
 * and a PNG chart of the last 28 days with the expected band and the anomaly marked.
 */
import type { DetectorThresholds, Locale } from '../config.js';
import type { AlertRecord } from '../insights/alert-record.js';
import type { AuditRow } from '../insights/alert-record.js';
import type { Reply } from '../messages/reply.js';
import { salesBaseline } from '../insights/anomalies/sales-baseline.js';
import { buildHistories } from '../insights/anomalies/sku-history.js';
import { addDays } from '../time/days.js';
import type { SkuDay } from '../insights/types.js';
import { alertText } from '../locales/alerts.js';
import { renderSeriesChartPng, type BandPoint, type SeriesPoint } from './chart/series-chart.js';
import type { ChartUnit } from './chart/chart-text.js';
import { alertButtons } from './alert-buttons.js';
import { figuresLine, statusLine, subjectOf, valueFormatter } from './alert-content.js';
import { formatDay, formatInstant } from '../locales/format.js';

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
export function alertDetailsReply(alert: AlertRecord, history: readonly SkuDay[], events: readonly AuditRow[], o: AlertDetailsOptions): Reply {
  const t = alertText[o.locale];
  const fmt = valueFormatter(alert.metric, o.locale, o.currency);
  const subject = subjectOf(alert, o.locale);
  const lines = [
    figuresLine(alert, o),
    `${t.details.band}: ${fmt(alert.expectedLow)} – ${fmt(alert.expectedHigh)} (${fmt(alert.expected)})`,
    `${t.details.evidence}: ${Object.entries(alert.evidence).map(([k, v]) => `${k}=${v ?? '—'}`).join(', ')}`,
    t.since(formatDay(alert.firstDay, o.locale)),
    statusLine(alert, o),
    `${t.details.audit}:`,
    ...events.map((e) => `· ${formatInstant(e.at, o.locale, o.timeZone)} ${t.auditActions[e.action] ?? e.action} (${String(e.details.name ?? e.actor)})`),
  ].filter((l): l is string => l !== null);
  // The chart first and the text with the buttons last: a press edits the text message (Telegram
  // cannot edit a photo's caption into a text), and the buttons sit under what they act on.
  const title = t.details.chartTitle(subject);
  return {
    blocks: [
      ...(alert.sku !== null && history.length
        ? [{ type: 'photo' as const, png: alertChartPng(alert, history, o, title), caption: title, filename: `alert-${alert.id}.png` }]
        : []),
      { type: 'heading', text: t.details.title(t.kinds[alert.kind], subject) },
      { type: 'text', text: lines.join('\n') },
    ],
    buttons: alertButtons(alert, o.locale, { details: false }),
  };
}

/** The metric per day, its band, and the anomaly day, drawn by the shared series chart. */
export function alertChartPng(alert: AlertRecord, history: readonly SkuDay[], o: AlertDetailsOptions, title: string): Uint8Array {
  const end = alert.scanDay;
  const days = Array.from({ length: DETAILS_DAYS }, (_, i) => addDays(end, i - DETAILS_DAYS + 1));
  const byDay = new Map(history.map((r) => [r.day, r]));
  const value = metricOf(alert.metric);
  const series: SeriesPoint[] = days.map((day) => {
    const r = byDay.get(day);
    return { day, value: r ? value(r) : alert.metric === 'units' ? 0 : null };
  });
  const band: BandPoint[] = alert.metric === 'units'
    ? days.flatMap((day) => {
        const [h] = buildHistories(history.filter((r) => r.day <= day), day);
        const b = h ? salesBaseline(h, o.thresholds) : null;
        return b ? [{ day, low: b.low, high: b.high, expected: b.expected }] : [];
      })
    : alert.metric === 'days_of_cover'
      ? stockBand(alert, days)
      : days.map((day) => ({ day, low: alert.expectedLow, high: alert.expectedHigh, expected: alert.expected }));
  return renderSeriesChartPng({
    title,
    locale: o.locale,
    series,
    band,
    anomalies: [end],
    highlightDay: end,
    unit: unitOf(alert.metric),
    currency: o.currency,
    scale: 2,
  });
}

/** Stock is charted in units, so the cover threshold becomes units: forecast demand × threshold days. */
function stockBand(alert: AlertRecord, days: string[]): BandPoint[] {
  const demand = alert.evidence.forecastDailyUnits;
  if (typeof demand !== 'number') return [];
  const floor = demand * alert.expected;
  return days.map((day) => ({ day, low: floor, high: floor * 2, expected: floor }));
}

function metricOf(metric: AlertRecord['metric']): (r: SkuDay) => number | null {
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

function unitOf(metric: AlertRecord['metric']): ChartUnit {
  return metric === 'price' || metric === 'ad_spend' ? 'money' : metric === 'drr' ? 'percent' : 'count';
}
