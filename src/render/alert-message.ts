/**
 * An alert (or a grouped alert) as a message for each platform: Telegram HTML with inline buttons,
 * Slack Block Kit (Snooze is an overflow menu — Slack's "▾"), plain text for the console, and the
 * neutral `Reply` the chat core uses to edit a message after a button press.
 */
import type { AlertRecord } from '../insights/alert-record.js';
import type { Reply } from '../messages/reply.js';
import type { Button, OutboundMessage } from '../messages/message.js';
import { alertButtons } from './alert-buttons.js';
import { alertContent, type AlertContent, type AlertContentOptions } from './alert-content.js';
import { escapedText, escapeMrkdwn, plainTextObject, SLACK_MAX_BUTTON_TEXT, SLACK_MAX_SECTION_TEXT } from './slack-blocks.js';
import { escapeHtml } from './telegram-html.js';

export type AlertFormat = 'telegram-html' | 'slack-blocks' | 'text';

export function renderAlertMessage(alerts: readonly AlertRecord[], o: AlertContentOptions, format: AlertFormat): OutboundMessage {
  const content = alertContent(alerts, o);
  const lead = alerts[0]!;
  const buttons = o.reason === 'resolved' ? [] : alertButtons(lead, o.locale);
  switch (format) {
    case 'telegram-html':
      return { format, html: telegramHtml(content), ...(buttons.length ? { buttons } : {}) };
    case 'slack-blocks':
      // The notification text is parsed like mrkdwn: escaped too, or a title could ping the channel.
      return { format, text: escapedText(plainText(content), SLACK_MAX_SECTION_TEXT), blocks: slackBlocks(content, buttons) };
    case 'text':
      return { format, text: plainText(content), ...(buttons.length ? { buttons } : {}) };
  }
}

/** The neutral reply (heading + text + buttons) used by the chat core. */
export function alertReply(alerts: readonly AlertRecord[], o: AlertContentOptions): Reply {
  const c = alertContent(alerts, o);
  return {
    blocks: [
      ...(c.notice ? [{ type: 'text' as const, text: c.notice }] : []),
      { type: 'heading', text: c.heading },
      { type: 'text', text: [...c.lines, ...(c.explanation ? [c.explanation] : [])].join('\n') },
      ...(c.status ? [{ type: 'text' as const, text: c.status }] : []),
    ],
    buttons: o.reason === 'resolved' ? [] : alertButtons(alerts[0]!, o.locale),
  };
}

export function plainText(c: AlertContent): string {
  return [c.notice, c.heading, ...c.lines, c.explanation, c.status].filter((l): l is string => !!l).join('\n');
}

function telegramHtml(c: AlertContent): string {
  return [
    c.notice ? `<i>${escapeHtml(c.notice)}</i>` : null,
    `<b>${escapeHtml(c.heading)}</b>`,
    ...c.lines.map(escapeHtml),
    c.explanation ? `<i>${escapeHtml(c.explanation)}</i>` : null,
    c.status ? escapeHtml(c.status) : null,
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
}

function slackBlocks(c: AlertContent, buttons: Button[][]): unknown[] {
  const blocks: unknown[] = [];
  if (c.notice) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(c.notice) }] });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(c.heading)}*\n${c.lines.map(escapeMrkdwn).join('\n')}` } });
  if (c.explanation) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `_${escapeMrkdwn(c.explanation)}_` }] });
  if (c.status) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(c.status) }] });
  const [main = [], snooze = []] = buttons;
  if (main.length === 0) return blocks;
  const elements: unknown[] = main.map((b) => ({
    type: 'button',
    text: plainTextObject(b.label, SLACK_MAX_BUTTON_TEXT),
    action_id: b.data,
    value: b.data,
    ...(b.data.endsWith(':ack') ? { style: 'primary' } : {}),
  }));
  if (snooze.length) {
    // Slack's overflow menu is the "Snooze ▾": each option's value is the callback data.
    elements.push({
      type: 'overflow',
      action_id: `alert-snooze:${snooze[0]!.data.split(':')[1]}`,
      options: snooze.map((b) => ({ text: plainTextObject(b.label, SLACK_MAX_BUTTON_TEXT), value: b.data })),
    });
  }
  blocks.push({ type: 'actions', elements });
  return blocks;
}
