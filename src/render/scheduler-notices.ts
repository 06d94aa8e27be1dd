/**
 * The scheduler's one-line notices as outbox messages: a line put on top of an already rendered
 * brief (the "⏰ delivered late" mark), and a standalone notice (no fresh data yet), per transport.
 */
import type { OutboundMessage, TransportKind } from '../messages/message.js';
import { escapeMrkdwn, SLACK_MAX_BLOCKS } from './slack-blocks.js';
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT, telegramTextLength } from './telegram-html.js';

/** Puts `line` above the first message of `messages` (or as its own first message when there is no room). */
export function withLeadingLine(messages: readonly OutboundMessage[], line: string, transport: TransportKind): OutboundMessage[] {
  const [first, ...rest] = messages;
  if (!first) return [noticeMessage(line, transport)];
  switch (first.format) {
    case 'telegram-html': {
      const html = `${escapeHtml(line)}\n\n${first.html}`;
      if (telegramTextLength(html) > TELEGRAM_MESSAGE_LIMIT) return [noticeMessage(line, transport), first, ...rest];
      return [{ ...first, html }, ...rest];
    }
    case 'slack-blocks': {
      // Slack refuses a message of more than 50 blocks: then the line goes in the fallback text only.
      const blocks = first.blocks.length < SLACK_MAX_BLOCKS ? [contextBlock(line), ...first.blocks] : first.blocks;
      return [{ ...first, text: `${escapeMrkdwn(line)}\n${first.text}`, blocks }, ...rest];
    }
    case 'text':
      return [{ ...first, text: `${line}\n\n${first.text}` }, ...rest];
    case 'photo':
      return [noticeMessage(line, transport), first, ...rest];
    default: {
      const never: never = first;
      throw new Error(`unknown message format ${JSON.stringify(never)}`);
    }
  }
}

/** A standalone one-paragraph notice in the transport's format. */
export function noticeMessage(text: string, transport: TransportKind): OutboundMessage {
  switch (transport) {
    case 'telegram':
      return { format: 'telegram-html', html: escapeHtml(text) };
    case 'slack':
      return { format: 'slack-blocks', text: escapeMrkdwn(text), blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }] };
    case 'console':
      return { format: 'text', text };
    default: {
      const never: never = transport;
      throw new Error(`unknown transport ${String(never)}`);
    }
  }
}

function contextBlock(line: string): unknown {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(line) }] };
}
