/**
 * What an alert message says, independent of the platform: a heading, the numbers (one line per SKU
 * for a grouped message), the explanation, the money at risk and the lifecycle line. The Telegram,
 * Slack and text renderers in `alert-message.ts` only dress it.
 */
import type { Locale } from '../config.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { maxSeverity } from '../insights/anomalies/severity.js';
import type { Severity } from '../insights/anomalies/candidate.js';
import { alertText, type AlertFigures } from '../locales/alerts.js';
import { formatInstant, formatMoney, formatNumber, formatPercent } from '../locales/format.js';
import { LABEL_MAX, readableTitle } from '../locales/readable-text.js';

export interface AlertContentOptions {
  locale: Locale;
  currency: string;
  /** The shop's zone, for times in the status line. */
  timeZone: string;
  /** Why it is sent: a repeat gets a reminder line, a resolved notice its own heading. */
  reason?: 'new' | 'repeat' | 'resolved' | 'update';
}

export interface AlertContent {
  severity: Severity;
  heading: string;
  lines: string[];
  explanation: string | null;
  status: string | null;
  notice: string | null;
}

/** Lines listed in a grouped message before "…and N more" (Telegram's 4096 characters). */
const GROUP_LINES = 12;

export function alertContent(alerts: readonly AlertRecord[], o: AlertContentOptions): AlertContent {
  const t = alertText[o.locale];
  const lead = alerts[0];
  if (!lead) throw new Error('alertContent: no alerts');
  const severity = alerts.reduce<Severity>((s, a) => maxSeverity(s, a.severity), 'info');
  const kind = t.kinds[lead.kind];
  const subject = subjectOf(lead, o.locale);
  const grouped = alerts.length > 1;
  const heading = o.reason === 'resolved'
    ? t.resolvedNotice(kind, grouped ? groupLabel(alerts, o.locale) : subject)
    : `${t.severity[severity]} · ${kind} — ${grouped ? groupLabel(alerts, o.locale) : subject}`;
  const lines = grouped
    ? [
        ...alerts.slice(0, GROUP_LINES).map((a) => `• ${subjectOf(a, o.locale)}: ${figuresLine(a, o)}`),
        ...(alerts.length > GROUP_LINES ? [t.more(formatNumber(alerts.length - GROUP_LINES, o.locale))] : []),
      ]
    : [figuresLine(lead, o)];
  const atRisk = alerts.reduce((s, a) => s + a.atRisk, 0);
  if (atRisk > 0 && o.reason !== 'resolved') lines.push(t.atRisk(formatMoney(atRisk, o.locale, o.currency)));
  return {
    severity,
    heading,
    lines,
    explanation: o.reason === 'resolved' ? null : grouped ? t.explainGroup(kind) : lead.explanation ?? t.explain(lead.kind, subject),
    status: statusLine(lead, o),
    notice: o.reason === 'repeat' ? t.repeat : null,
  };
}

export function subjectOf(a: Pick<AlertRecord, 'sku' | 'title'>, locale: Locale): string {
  const t = alertText[locale];
  if (a.sku === null) return t.shop;
  const sku = readableTitle(a.sku, LABEL_MAX);
  return a.title && a.title !== a.sku ? t.subject(readableTitle(a.title), sku) : sku;
}

function groupLabel(alerts: readonly AlertRecord[], locale: Locale): string {
  const t = alertText[locale];
  const count = formatNumber(alerts.length, locale);
  const groupId = alerts[0]?.groupId ?? '';
  const category = /:cat:(.*)$/.exec(groupId)?.[1];
  return category !== undefined ? t.groupCategory(count, readableTitle(category, LABEL_MAX)) : t.groupShop(count);
}

export function statusLine(a: AlertRecord, o: Pick<AlertContentOptions, 'locale' | 'timeZone'>): string | null {
  const t = alertText[o.locale];
  const at = (iso: string | null) => (iso ? formatInstant(iso, o.locale, o.timeZone) : '—');
  switch (a.status) {
    case 'open':
      return null;
    case 'acknowledged':
      return t.status.acknowledged(a.acknowledgedBy ?? '—', at(a.acknowledgedAt));
    case 'snoozed':
      return t.status.snoozed(at(a.snoozedUntil));
    case 'resolved':
      return a.resolveReason === 'auto' ? t.status.resolvedAuto(at(a.resolvedAt)) : t.status.resolvedBy(a.resolvedBy ?? '—', at(a.resolvedAt));
  }
}

/** The numbers sentence for one alert, formatted in its metric's unit. */
export function figuresLine(a: AlertRecord, o: Pick<AlertContentOptions, 'locale' | 'currency' | 'timeZone'>): string {
  return alertText[o.locale].figures(a.kind, figures(a, o));
}

function figures(a: AlertRecord, o: Pick<AlertContentOptions, 'locale' | 'currency' | 'timeZone'>): AlertFigures {
  const fmt = valueFormatter(a.metric, o.locale, o.currency);
  const num = (k: string, digits = 1) => {
    const v = a.evidence[k];
    return typeof v === 'number' ? formatNumber(v, o.locale, digits) : undefined;
  };
  const money = (k: string) => {
    const v = a.evidence[k];
    return typeof v === 'number' ? formatMoney(v, o.locale, o.currency) : undefined;
  };
  const last = a.evidence.lastOkFinishedAt;
  const extra: Record<string, string | undefined> = {
    stock: num('stock', 0),
    demand: num('forecastDailyUnits') ?? num('recentMeanUnits'),
    daysOut: num('daysOut', 0),
    zeroDays: num('zeroDays', 0),
    ratio: num('ratio', 2),
    adSpend: money('adSpend3d'),
    revenue: money('revenue3d'),
    lastRun: typeof last === 'string' ? formatInstant(last, o.locale, o.timeZone) : undefined,
    expectedBy: typeof a.evidence.expectedBy === 'string' ? a.evidence.expectedBy : undefined,
  };
  return {
    observed: fmt(a.observed),
    expected: fmt(a.expected),
    low: fmt(a.expectedLow),
    high: fmt(a.expectedHigh),
    extra: Object.fromEntries(Object.entries(extra).filter((e): e is [string, string] => e[1] !== undefined)),
  };
}

export function valueFormatter(metric: AlertRecord['metric'], locale: Locale, currency: string): (v: number) => string {
  switch (metric) {
    case 'price':
    case 'ad_spend':
      return (v) => formatMoney(v, locale, currency);
    case 'drr':
      return (v) => formatPercent(v, locale);
    case 'units':
    case 'returns':
      return (v) => formatNumber(v, locale, 1);
    case 'days_of_cover':
    case 'hours_since_etl':
      return (v) => formatNumber(v, locale, 1);
  }
}
