/**
 * The brief as Telegram HTML messages: one block per section, packed into messages of at most
 * 4096 characters. Buttons are not part of the text; the transport attaches `briefButtons()` as an
 * inline keyboard to the last message.
 */
import type { Brief } from '../insights/types.js';
import { briefSections, type BriefSectionsOptions, type Line, type Span } from './brief-sections.js';
import { escapeHtml, splitTelegramMessages, TELEGRAM_MESSAGE_LIMIT } from './telegram-html.js';

export type BriefTelegramOptions = BriefSectionsOptions;

function spanToHtml(span: Span): string {
  switch (span.kind) {
    case 'text':
      return escapeHtml(span.text);
    case 'bold':
      return `<b>${escapeHtml(span.text)}</b>`;
    case 'italic':
      return `<i>${escapeHtml(span.text)}</i>`;
    case 'code':
      return `<code>${escapeHtml(span.text)}</code>`;
    case 'link':
      return `<a href="${escapeHtml(span.url)}">${escapeHtml(span.text)}</a>`;
    default: {
      const never: never = span;
      throw new Error(`unknown span ${JSON.stringify(never)}`);
    }
  }
}

export function lineToHtml(line: Line): string {
  return line.map(spanToHtml).join('');
}

/** HTML messages (parse_mode "HTML"), in order, each within Telegram's 4096-character limit. */
export function renderBriefTelegram(brief: Brief, opts: BriefTelegramOptions): string[] {
  const doc = briefSections(brief, opts);
  const blocks = [
    `<b>${escapeHtml(doc.title)}</b>`,
    ...doc.sections.map((s) => [`<b>${escapeHtml(s.title)}</b>`, ...s.lines.map(lineToHtml)].join('\n')),
  ];
  return splitTelegramMessages(blocks, TELEGRAM_MESSAGE_LIMIT);
}
