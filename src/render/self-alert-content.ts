/**
 * Herald's self-alerts as messages: the same heading, status line and buttons as a shop alert
 * (`alert-content.ts`), with a numbers line in the self-alert's own unit, what it means, and a
 * link to its runbook section. `etl_stale` for the ops chats reads like the shop's, plus the link.
 */
import type { Locale } from '../config.js';
import type { AlertRecord, AuditRow, SelfAlertRecord, ShopAlertRecord } from '../insights/alert-record.js';
import { isShopAlert } from '../insights/alert-record.js';
import { DEFAULT_RUNBOOK_URL, runbookLink, type SelfAlertKind } from '../insights/self-alert-kinds.js';
import { alertText } from '../locales/alerts.js';
import { formatInstant, formatMoney, formatNumber, formatPercent } from '../locales/format.js';
import { selfAlertText, type SelfAlertFigures } from '../locales/self-alerts.js';
import type { Reply } from '../messages/reply.js';
import { alertButtons } from './alert-buttons.js';
import { alertContent, statusLine, type AlertContent, type AlertContentOptions } from './alert-content.js';

/** The kind as people read it, for any stored alert. */
export function alertKindName(a: AlertRecord, locale: Locale): string {
  if (isShopAlert(a)) return alertText[locale].kinds[a.kind];
  if (a.kind === 'etl_stale') return alertText[locale].kinds.etl_stale;
  return selfAlertText[locale].kinds[a.kind];
}

/** A self-alert's subject: the model, route, transport or budget scope it is about. */
export function selfSubject(a: SelfAlertRecord, locale: Locale): string {
  return a.title ?? alertText[locale].shop;
}

export function selfAlertContent(a: SelfAlertRecord, o: AlertContentOptions): AlertContent {
  const runbook = selfAlertText[o.locale].runbook(runbookLink(o.runbookUrl ?? DEFAULT_RUNBOOK_URL, a.kind));
  const selfKind = a.kind;
  if (selfKind === 'etl_stale') {
    const content = alertContent([asShopEtlStale(a)], o);
    return o.reason === 'resolved' ? content : { ...content, lines: [...content.lines, runbook] };
  }
  const t = alertText[o.locale];
  const kind = alertKindName(a, o.locale);
  const subject = selfSubject(a, o.locale);
  const heading = o.reason === 'resolved' ? t.resolvedNotice(kind, subject) : `${t.severity[a.severity]} · ${kind} — ${subject}`;
  const lines = o.reason === 'resolved' ? [] : [selfFiguresLine(selfKind, a, o.locale), selfAlertText[o.locale].explain(selfKind, subject), runbook];
  return { severity: a.severity, heading, lines, explanation: null, status: statusLine(a, o), notice: o.reason === 'repeat' ? t.repeat : null };
}

export function selfFiguresLine(kind: SelfAlertKind, a: SelfAlertRecord, locale: Locale): string {
  return selfAlertText[locale].figures(kind, selfFigures(a, locale));
}

/** Details of a self-alert: its numbers, what it means, the runbook, the evidence and the audit trail. */
export function selfAlertDetailsReply(a: SelfAlertRecord, events: readonly AuditRow[], o: AlertContentOptions): Reply {
  const t = alertText[o.locale];
  const content = selfAlertContent(a, { ...o, reason: 'update' });
  const evidence = Object.entries(a.evidence).map(([k, v]) => `${k}=${v ?? '—'}`).join(', ');
  const lines = [
    ...content.lines,
    evidence,
    content.status,
    ...(events.length ? [`${t.details.audit}:`] : []),
    ...events.map((e) => `· ${formatInstant(e.at, o.locale, o.timeZone)} ${t.auditActions[e.action] ?? e.action} (${String(e.details.name ?? e.actor)})`),
  ].filter((l): l is string => l !== null && l !== '');
  const subject = a.kind === 'etl_stale' ? t.shop : selfSubject(a, o.locale);
  return {
    blocks: [
      { type: 'heading', text: t.details.title(alertKindName(a, o.locale), subject) },
      { type: 'text', text: lines.join('\n') },
    ],
    buttons: alertButtons(a, o.locale, { details: false }),
  };
}

/** The ops chats' `etl_stale` is the shop detector's finding: it reads the same way. */
function asShopEtlStale(a: SelfAlertRecord): ShopAlertRecord {
  return { ...a, audience: 'alerts', kind: 'etl_stale', metric: 'hours_since_etl' };
}

function selfFigures(a: SelfAlertRecord, locale: Locale): SelfAlertFigures {
  const fmt = selfMetricFormatter(a.metric, locale);
  const ev = a.evidence;
  const count = (k: string) => (typeof ev[k] === 'number' ? formatNumber(ev[k], locale, 0) : undefined);
  const extra: Record<string, string | undefined> = {
    calls: count('calls'),
    errors: count('errors'),
    window: count('windowMinutes') ?? count('windowHours'),
    days: count('baselineDays'),
    scope: typeof ev.scope === 'string' ? ev.scope : undefined,
    lastError: typeof ev.lastError === 'string' ? ev.lastError : undefined,
  };
  return {
    observed: fmt(a.observed),
    expected: fmt(a.expected),
    extra: Object.fromEntries(Object.entries(extra).filter((e): e is [string, string] => e[1] !== undefined)),
  };
}

export function selfMetricFormatter(metric: SelfAlertRecord['metric'], locale: Locale): (v: number) => string {
  switch (metric) {
    case 'error_rate':
    case 'escalation_share':
      return (v) => formatPercent(v, locale);
    case 'latency_seconds':
      return (v) => selfAlertText[locale].seconds(formatNumber(v, locale, 1));
    case 'cost_usd':
      // Model spend is in cents: two decimals always ("$0.36", not "$0").
      return (v) => formatMoney(v, locale, 'USD');
    case 'calls':
    case 'failures':
    case 'hours_since_etl':
      return (v) => formatNumber(v, locale, metric === 'hours_since_etl' ? 1 : 0);
  }
}
