/**
 * `/alerts`: the unresolved alerts, most severe first, one line per message (a group is one line),
 * with Details buttons for the first few so a person can drill in from the list.
 */
import type { Config } from '../config.js';
import type { AlertsPort } from '../chat/chat-commands.js';
import type { Reply } from '../messages/reply.js';
import type { Store } from '../data/store.js';
import { alertText } from '../locales/alerts.js';
import { alertButtonData } from '../render/alert-buttons.js';
import { statusLine, subjectOf } from '../render/alert-content.js';
import { cutText } from '../locales/readable-text.js';
import { formatNumber } from '../locales/format.js';
import { groupAlerts } from './alert-groups.js';
import { listAlerts } from './alert-repository.js';
import type { Locale } from '../config.js';
import { maxSeverity } from '../insights/anomalies/severity.js';
import type { Severity } from '../insights/anomalies/candidate.js';
import type { AlertRecord } from '../insights/alert-record.js';
import { alertKindName } from '../render/self-alert-content.js';

/** Lines shown; the rest is summarised as "…and N more" (Telegram's 4096 characters). */
const MAX_LINES = 20;
/** Details buttons under the list (one row each). */
const MAX_BUTTONS = 5;

export function alertsPort(deps: { store: Store; config: Pick<Config, 'timeZone'> }): AlertsPort {
  return {
    async listOpen(ctx) {
      const alerts = await listAlerts(deps.store, { statuses: ['open', 'acknowledged', 'snoozed'] });
      return renderAlertList(alerts, ctx.locale, deps.config.timeZone);
    },
  };
}

export function renderAlertList(alerts: readonly AlertRecord[], locale: Locale, timeZone: string): Reply {
  const t = alertText[locale];
  if (alerts.length === 0) return { blocks: [{ type: 'text', text: t.list.none }] };
  const groups = groupAlerts(alerts);
  const lines = groups.slice(0, MAX_LINES).map((g) => {
    const lead = g[0]!;
    const severity = g.reduce<Severity>((s, a) => maxSeverity(s, a.severity), 'info');
    const subject = g.length > 1 ? `${subjectOf(lead, locale)} +${formatNumber(g.length - 1, locale)}` : subjectOf(lead, locale);
    return t.list.line(t.severity[severity], alertKindName(lead, locale), subject, statusLine(lead, { locale, timeZone }) ?? '');
  });
  if (groups.length > MAX_LINES) lines.push(t.more(formatNumber(groups.length - MAX_LINES, locale)));
  return {
    blocks: [
      { type: 'heading', text: t.list.title(formatNumber(alerts.length, locale)) },
      { type: 'text', text: lines.join('\n') },
    ],
    buttons: groups.slice(0, MAX_BUTTONS).map((g) => [
      { label: cutText(`${t.buttons.details}: ${subjectOf(g[0]!, locale)}`, 60), data: alertButtonData(g[0]!.id, 'det') },
    ]),
  };
}
