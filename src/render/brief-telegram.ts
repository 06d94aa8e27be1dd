/**
 * The brief as Telegram HTML messages: one block per section, packed into messages of at most
 * 4096 characters. Buttons are not part of the text; the transport attaches `briefButtons()` as an
 * inline keyboard to the last message.
 */
import type { Brief } from '../insights/types.js';
import { briefText } from '../locales/brief.js';
import { briefSections, messageBudget, type BriefSectionsOptions, type Line, type Span } from './brief-sections.js';
import { escapeHtml, splitTelegramMessages, TELEGRAM_MESSAGE_LIMIT } from './telegram-html.js';

export interface BriefTelegramOptions extends BriefSectionsOptions {
  /** At most this many messages (default BRIEF_MAX_TEXT_MESSAGES; unbounded with `maxItems: Infinity`, the Details view). */
  maxMessages?: number;
}

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
  const messages = splitTelegramMessages(blocks, TELEGRAM_MESSAGE_LIMIT);
  const max = messageBudget(opts);
  if (messages.length <= max) return messages;
  // Over budget: the last message we keep is cut to leave room for the closing note.
  const note = `<i>${escapeHtml(briefText[opts.locale].shortened)}</i>`;
  const [last = ''] = splitTelegramMessages([messages[max - 1]!], TELEGRAM_MESSAGE_LIMIT - note.length - 2);
  return [...messages.slice(0, max - 1), `${last}\n\n${note}`];
}
