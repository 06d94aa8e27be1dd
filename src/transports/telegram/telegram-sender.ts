/**
 * The outbox's way into Telegram. It sends exactly once per call and classifies failures for the
 * dispatcher, which owns retries and rate limits: so the `Api` given here must NOT carry
 * @grammyjs/auto-retry (that would hide 429s from the dispatcher and break its pacing).
 */
import { GrammyError, HttpError, InputFile, type Api } from 'grammy';
import { SendError, type SendFailure, type Sender } from '../../delivery/sender.js';
import type { OutboundMessage } from '../../messages/message.js';
import { inlineKeyboard, TELEGRAM_CAPTION_LIMIT } from './telegram-reply.js';
import { cutText } from '../../locales/readable-text.js';

export function createTelegramSender(api: Api): Sender {
  return {
    transport: 'telegram',
    async send(chatId: string, message: OutboundMessage, signal?: AbortSignal) {
      let sent: { message_id: number };
      try {
        sent = await sendOne(api, chatId, message, signal);
      } catch (err) {
        throw new SendError(classifyTelegramError(err));
      }
      return { messageId: String(sent.message_id) };
    },
  };
}

/** grammY types its signal with the abort-controller polyfill; Node's own AbortSignal is what it uses at run time. */
type GrammySignal = Parameters<Api['sendMessage']>[3];

function sendOne(api: Api, chatId: string, message: OutboundMessage, nativeSignal?: AbortSignal) {
  const signal = nativeSignal as GrammySignal;
  switch (message.format) {
    case 'telegram-html':
      return api.sendMessage(
        chatId,
        message.html,
        { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(message.buttons?.length ? { reply_markup: inlineKeyboard(message.buttons) } : {}) },
        signal,
      );
    case 'text':
      return api.sendMessage(chatId, message.text, message.buttons?.length ? { reply_markup: inlineKeyboard(message.buttons) } : {}, signal);
    case 'photo':
      return api.sendPhoto(
        chatId,
        new InputFile(Buffer.from(message.pngBase64, 'base64'), message.filename ?? 'chart.png'),
        message.caption ? { caption: cutText(message.caption, TELEGRAM_CAPTION_LIMIT) } : {},
        signal,
      );
    case 'slack-blocks':
      // A planning bug, not a chat's fault: fail loudly instead of deactivating anything.
      throw new Error('telegram sender: a slack-blocks message was routed to Telegram');
    default: {
      const never: never = message;
      throw new Error(`telegram sender: unknown format ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Errors that mean "this chat is gone for us": the subscription becomes inactive. Telegram says
 * 403 for blocked / kicked / deactivated, and 400 for a chat that does not exist.
 */
const CHAT_GONE = /bot was blocked|chat not found|bot was kicked|kicked from|user is deactivated|not a member|have no rights to send|not enough rights to send|group chat was upgraded|chat_write_forbidden|peer_id_invalid/i;

export function classifyTelegramError(err: unknown): SendFailure {
  if (err instanceof GrammyError) {
    const message = `${err.method}: ${err.error_code} ${err.description}`;
    if (err.error_code === 429) {
      const seconds = err.parameters.retry_after ?? 1;
      return { kind: 'rate_limited', retryAfterMs: seconds * 1000, message };
    }
    if (err.error_code === 403 || (err.error_code === 400 && CHAT_GONE.test(err.description))) {
      return { kind: 'permanent', message };
    }
    // 5xx, and 4xx about the message itself (which a retry after a fix can cure): not the chat's fault.
    return { kind: 'transient', message };
  }
  if (err instanceof HttpError) return { kind: 'transient', message: `network: ${err.message}` };
  if (err instanceof SendError) return err.failure;
  return { kind: 'transient', message: err instanceof Error ? err.message : String(err) };
}
