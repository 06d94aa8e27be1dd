/**
 * A core `Reply` as Telegram messages: HTML parse mode with every piece of text escaped, packed
 * and split at Telegram's 4096-character limit, charts as photos, and the reply's buttons as an
 * inline keyboard under the last message.
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Locale } from '../../config.js';
import type { Reply } from '../../messages/reply.js';
import type { Button } from '../../messages/message.js';
import { renderBriefTelegram } from '../../render/brief-telegram.js';
import { escapeHtml, splitTelegramMessages } from '../../render/telegram-html.js';
import { cutText } from '../../locales/readable-text.js';

export type TelegramOutgoing =
  | { kind: 'html'; html: string; keyboard?: InlineKeyboardMarkup }
  | { kind: 'photo'; png: Uint8Array; caption: string; filename: string; keyboard?: InlineKeyboardMarkup };

/** Telegram's photo caption limit (characters after entity parsing). */
export const TELEGRAM_CAPTION_LIMIT = 1024;

export interface TelegramRenderOptions {
  locale: Locale;
  timeZone: string;
}

export function renderTelegramReply(reply: Reply, options: TelegramRenderOptions): TelegramOutgoing[] {
  const out: TelegramOutgoing[] = [];
  let pending: string[] = [];
  const flush = () => {
    for (const html of splitTelegramMessages(pending)) out.push({ kind: 'html', html });
    pending = [];
  };
  for (const block of reply.blocks) {
    switch (block.type) {
      case 'heading':
        pending.push(`<b>${escapeHtml(block.text)}</b>`);
        break;
      case 'text':
        pending.push(escapeHtml(block.text));
        break;
      case 'brief':
        flush();
        for (const html of renderBriefTelegram(block.brief, { ...options, ...(block.full ? { maxItems: Infinity } : {}) })) {
          out.push({ kind: 'html', html });
        }
        break;
      case 'photo':
        flush();
        out.push({ kind: 'photo', png: block.png, caption: cutText(block.caption, TELEGRAM_CAPTION_LIMIT), filename: block.filename });
        break;
      default: {
        const never: never = block;
        throw new Error(`telegram: unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  flush();
  const last = out[out.length - 1];
  if (last && reply.buttons && reply.buttons.length > 0) last.keyboard = inlineKeyboard(reply.buttons);
  return out;
}

export function inlineKeyboard(rows: Button[][]): InlineKeyboardMarkup {
  return { inline_keyboard: rows.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) };
}
