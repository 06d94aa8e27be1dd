/**
 * The brief as outbox payloads, one list per transport, rendered once at planning time so a retry
 * resends exactly what was planned. Telegram: one HTML message per ≤ 4096-character part, the
 * Details / Chart buttons under the last; Slack: Block Kit messages, buttons in the last; the
 * console: plain text.
 */
import type { Locale } from '../config.js';
import type { Brief } from '../insights/types.js';
import { briefButtons } from '../render/brief-buttons.js';
import { renderBriefSlack } from '../render/brief-slack.js';
import { renderBriefTelegram } from '../render/brief-telegram.js';
import { renderBriefText } from '../render/brief-text.js';
import type { OutboundMessage, TransportKind } from './sender.js';

export interface BriefMessageOptions {
  locale: Locale;
  /** The zone times are shown in (the subscription's). */
  timeZone: string;
}

export function briefMessages(brief: Brief, transport: TransportKind, opts: BriefMessageOptions): OutboundMessage[] {
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
