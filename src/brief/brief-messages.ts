/**
 * The brief as outbox payloads, one list per transport, rendered once at planning time so a retry
 * resends exactly what was planned. Telegram: one HTML message per ≤ 4096-character part, the
 * Details / Chart buttons under the last; Slack: Block Kit messages, buttons in the last; the
 * console: plain text.
 */
import type { Locale } from '../config.js';
import type { Brief } from '../insights/types.js';
import { briefButtons } from '../render/brief-buttons.js';
import { renderBriefChart } from '../render/brief-chart.js';
import { renderBriefSlack } from '../render/brief-slack.js';
import { renderBriefTelegram } from '../render/brief-telegram.js';
import { renderBriefText } from '../render/brief-text.js';
import type { OutboundMessage, TransportKind } from '../messages/message.js';

export interface BriefMessageOptions {
  locale: Locale;
  /** The zone times are shown in (the subscription's). */
  timeZone: string;
  /**
   * Post the headline chart (revenue over 28 days) as a photo before the text (default false:
   * callers that broadcast the morning brief turn it on; the chart is rendered once per brief).
   */
  withChart?: boolean;
}

/** One PNG per brief and locale however many chats get it. */
const charts = new WeakMap<Brief, Map<Locale, OutboundMessage>>();

function chartMessage(brief: Brief, locale: Locale): OutboundMessage {
  let byLocale = charts.get(brief);
  if (!byLocale) charts.set(brief, (byLocale = new Map()));
  let message = byLocale.get(locale);
  if (!message) {
    const chart = renderBriefChart(brief, locale);
    message = { format: 'photo', pngBase64: Buffer.from(chart.png).toString('base64'), caption: chart.caption, filename: chart.filename };
    byLocale.set(locale, message);
  }
  return message;
}

export function briefMessages(brief: Brief, transport: TransportKind, opts: BriefMessageOptions): OutboundMessage[] {
  return [...(opts.withChart ? briefChartMessages(brief, transport, opts.locale) : []), ...briefTextMessages(brief, transport, opts)];
}

/** The headline chart as a photo message (none for the console or a brief without a series). */
export function briefChartMessages(brief: Brief, transport: TransportKind, locale: Locale): OutboundMessage[] {
  return transport !== 'console' && brief.series.length > 0 ? [chartMessage(brief, locale)] : [];
}

/** The brief's text, split as the platform needs, buttons under the last part. */
export function briefTextMessages(brief: Brief, transport: TransportKind, opts: BriefMessageOptions): OutboundMessage[] {
  const buttons = briefButtons(brief, opts.locale).map((b) => ({ label: b.label, data: b.data }));
  switch (transport) {
    case 'telegram': {
      const parts = renderBriefTelegram(brief, opts);
      return parts.map((html, i) => (i === parts.length - 1 ? { format: 'telegram-html', html, buttons: [buttons] } : { format: 'telegram-html', html }));
    }
    case 'slack':
      return renderBriefSlack(brief, { ...opts, buttons }).map((m) => ({ format: 'slack-blocks', text: m.text, blocks: m.blocks }));
    case 'console':
      return [{ format: 'text', text: renderBriefText(brief, opts), buttons: [buttons] }];
    default: {
      const never: never = transport;
      throw new Error(`unknown transport ${String(never)}`);
    }
  }
}
