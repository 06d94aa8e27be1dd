/**
 * What an alert message says, independent of the platform: a heading; what happened and since
 * when (one line per SKU for a grouped message); the normal range in the metric's unit; the money
 * at risk a day; what to do; the model's explanation and the lifecycle line. The Telegram,
 * Slack and text renderers in `alert-message.ts` only dress it.
 */
import type { Locale } from '../config.js';
import { isShopAlert, type AlertRecord, type ShopAlertRecord } from '../insights/alert-record.js';
import { maxSeverity } from '../insights/anomalies/severity.js';
import type { Severity } from '../insights/anomalies/candidate.js';
import { alertText } from '../locales/alerts.js';
import { formatInstant, formatMoney, formatNumber } from '../locales/format.js';
import { alertFigures, type AlertFigureOptions } from './alert-figures.js';
import { LABEL_MAX, readableTitle } from '../locales/readable-text.js';
import { selfAlertContent } from './self-alert-content.js';

export interface AlertContentOptions {
  locale: Locale;
  currency: string;
  /** The shop's zone, for times in the status line. */
  timeZone: string;
  /** Why it is sent: a repeat gets a reminder line, a resolved notice its own heading. */
  reason?: 'new' | 'repeat' | 'resolved' | 'update';
  /** Where self-alerts' runbooks live (`selfAlerts.runbookUrl`; default `docs/operations.md`). */
  runbookUrl?: string;
}

export interface AlertContent {
  severity: Severity;
  heading: string;
  /** What happened and since when, the normal range, the money per day, what to do. */
  lines: string[];
  /** The model's explanation (a grouped message: the shared-cause hint); null without one. */
  explanation: string | null;
  status: string | null;
  notice: string | null;
}

/** Lines listed in a grouped message before "…and N more" (Telegram's 4096 characters). */
const GROUP_LINES = 12;

export function alertContent(all: readonly AlertRecord[], o: AlertContentOptions): AlertContent {
  const t = alertText[o.locale];
  const first = all[0];
  if (!first) throw new Error('alertContent: no alerts');
  // Herald's self-alerts are never grouped; they say their own numbers and link their runbook.
  if (!isShopAlert(first)) return selfAlertContent(first, o);
  const lead = first;
  const alerts = all.filter(isShopAlert);
  const severity = alerts.reduce<Severity>((s, a) => maxSeverity(s, a.severity), 'info');
  const kind = t.kinds[lead.kind];
  const subject = subjectOf(lead, o.locale);
  const grouped = alerts.length > 1;
  const heading = o.reason === 'resolved'
    ? t.resolvedNotice(kind, grouped ? groupLabel(alerts, o.locale) : subject)
    : `${t.severity[severity]} · ${kind} — ${grouped ? groupLabel(alerts, o.locale) : subject}`;
  const status = statusLine(lead, o);
  const notice = o.reason === 'repeat' ? t.repeat : null;
  if (o.reason === 'resolved') {
    const lines = grouped ? alerts.slice(0, GROUP_LINES).map((a) => `• ${subjectOf(a, o.locale)}`) : [];
    return { severity, heading, lines, explanation: null, status, notice };
  }
  const lines = grouped
    ? [
        ...alerts.slice(0, GROUP_LINES).map((a) => `• ${subjectOf(a, o.locale)}: ${whatLine(a, o)}`),
        ...(alerts.length > GROUP_LINES ? [t.more(formatNumber(alerts.length - GROUP_LINES, o.locale))] : []),
      ]
    : [whatLine(lead, o), normLine(lead, o)];
  const money = moneyLine(alerts, o);
  if (money) lines.push(money);
  lines.push(grouped ? t.todoGroup(lead.kind) : todoLine(lead, o));
  return { severity, heading, lines, explanation: grouped ? t.explainGroup(kind) : lead.explanation, status, notice };
}

/** What happened and since when, in the metric's unit. */
export function whatLine(a: ShopAlertRecord, o: AlertFigureOptions): string {
  return alertText[o.locale].what(a.kind, alertFigures(a, o));
}

/** "Норма: …" in the metric's unit. */
export function normLine(a: ShopAlertRecord, o: AlertFigureOptions): string {
  return alertText[o.locale].norm(a.kind, alertFigures(a, o));
}

export function todoLine(a: ShopAlertRecord, o: AlertFigureOptions): string {
  return alertText[o.locale].todo(a.kind, alertFigures(a, o));
}

/** Money at risk a day (summed over a group); a spike says its extra revenue instead. */
export function moneyLine(alerts: readonly ShopAlertRecord[], o: AlertFigureOptions): string | null {
  const t = alertText[o.locale];
  const atRisk = alerts.reduce((s, a) => s + a.atRisk, 0);
  if (atRisk > 0) return t.atRisk(formatMoney(atRisk, o.locale, o.currency));
  const extra = alerts.reduce((s, a) => s + (a.kind === 'sales_spike' && typeof a.evidence.extraRevenue === 'number' ? a.evidence.extraRevenue : 0), 0);
  return extra > 0 ? t.extraRevenue(formatMoney(extra, o.locale, o.currency)) : null;
}

export function subjectOf(a: Pick<AlertRecord, 'sku' | 'title' | 'category'>, locale: Locale): string {
  const t = alertText[locale];
  // Shop-wide alerts carry no title; a self-alert's title names its model, route, transport or budget;
  // a category-wide alert (a category's sales fall) names its category.
  if (a.sku === null) return a.title ?? (a.category ? t.categorySubject(readableTitle(a.category, LABEL_MAX)) : t.shop);
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
