/**
 * Herald's grammY bot: each update is claimed once by `update_id`, commands and button presses go
 * to the core, and the core's replies come back as HTML messages, photos and inline keyboards.
 * Tests drive it through `bot.handleUpdate(update)`, exactly as polling and webhooks do.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, InputFile, type Context } from 'grammy';
import type { MessageEntity, UserFromGetMe } from 'grammy/types';
import type { Locale } from '../../config.js';
import type { ChatCore } from '../../core/chat-commands.js';
import type { ChatContext, InteractionOutcome, Reply } from '../../core/reply.js';
import type { Store } from '../../data/store.js';
import type { Logger } from '../../log.js';
import { escapeHtml, TELEGRAM_MESSAGE_LIMIT } from '../../render/telegram-html.js';
import { claimUpdate } from '../processed-updates.js';
import { inlineKeyboard, renderTelegramReply } from './telegram-reply.js';

export interface HeraldBotOptions {
  token: string;
  /** Another Bot API server (self-hosted, or a test fake); default https://api.telegram.org. */
  apiRoot?: string;
  core: ChatCore;
  store: Store;
  logger: Logger;
  /** Language for groups and for users whose Telegram language is neither ru nor en. */
  locale: Locale;
  /** The shop's zone, for times shown in replies. */
  timeZone: string;
  /** Known bot identity; when absent, `bot.init()` fetches it with getMe. */
  botInfo?: UserFromGetMe;
}

export function createHeraldBot(options: HeraldBotOptions): Bot {
  const { core, store, logger } = options;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
  });
  // Interactive replies ride out 429s and 5xx here; broadcasts use a separate Api without this,
  // because the outbox dispatcher paces and retries them itself. Network errors are rethrown:
  // auto-retry would retry them forever (backoff up to an hour), so a wrong TELEGRAM_API_ROOT or
  // an unreachable API would hang `herald start` silently instead of failing it.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));

  bot.use(async (ctx, next) => {
    if (!(await claimUpdate(store, 'telegram', String(ctx.update.update_id)))) {
      logger.info({ updateId: ctx.update.update_id }, 'telegram: duplicate update ignored');
      return;
    }
    await next();
  });

  bot.on('message:text', async (ctx) => {
    const text = ctx.message.text;
    if (!text.startsWith('/')) return;
    const addressee = /^\/\w+@(\w+)/.exec(text)?.[1];
    if (addressee && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return;
    const reply = await core.handleCommand(chatContext(ctx, options.locale), text);
    if (reply) await sendReply(ctx, reply, chatContext(ctx, options.locale).locale, options.timeZone);
  });

  bot.on('callback_query:data', async (ctx) => {
    const chat = chatContext(ctx, options.locale);
    const outcome = await core.handleInteraction(chat, ctx.callbackQuery.data);
    if (outcome.kind === 'refused') {
      await ctx.answerCallbackQuery({ text: outcome.message, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery(outcome.toast ? { text: outcome.toast } : {});
    await editOriginal(ctx, outcome, chat.locale, options.timeZone, logger);
    if (outcome.followUp) await sendReply(ctx, outcome.followUp, chat.locale, options.timeZone);
  });

  bot.catch((err) => {
    logger.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram: update handling failed');
  });
  return bot;
}

function chatContext(ctx: Context, fallback: Locale): ChatContext {
  const from = ctx.from;
  const chat = ctx.chat;
  const language = from?.language_code?.toLowerCase() ?? '';
  const own = language.startsWith('ru') ? 'ru' : language.startsWith('en') ? 'en' : null;
  return {
    transport: 'telegram',
    chatId: String(chat?.id ?? from?.id ?? ''),
    userId: String(from?.id ?? ''),
    userName: from ? (from.username ? `@${from.username}` : [from.first_name, from.last_name].filter(Boolean).join(' ')) : '?',
    // A group reads one language (the shop's); a private chat gets its user's.
    locale: chat?.type === 'private' && own ? own : fallback,
  };
}

async function sendReply(ctx: Context, reply: Reply, locale: Locale, timeZone: string): Promise<void> {
  for (const m of renderTelegramReply(reply, { locale, timeZone })) {
    const markup = m.keyboard ? { reply_markup: m.keyboard } : {};
    if (m.kind === 'html') {
      await ctx.reply(m.html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...markup });
    } else {
      await ctx.replyWithPhoto(new InputFile(Buffer.from(m.png), m.filename), { caption: m.caption, ...markup });
    }
  }
}

/**
 * Shows who did what and when under the pressed message: its own text and formatting are kept
 * (as entities) and the note is appended in italics; an `edit` from the handler replaces the text.
 */
async function editOriginal(
  ctx: Context,
  outcome: Extract<InteractionOutcome, { kind: 'done' }>,
  locale: Locale,
  timeZone: string,
  logger: Logger,
): Promise<void> {
  const message = ctx.callbackQuery?.message;
  // Messages older than 48 hours come back "inaccessible" (date 0) and cannot be edited.
  if (!message || message.date === 0) return;
  try {
    if (outcome.edit) {
      const first = renderTelegramReply(outcome.edit, { locale, timeZone }).find((m) => m.kind === 'html');
      const html = `${first?.kind === 'html' ? first.html : ''}\n\n<i>${escapeHtml(outcome.note)}</i>`.trim();
      if (html.length > TELEGRAM_MESSAGE_LIMIT) return;
      await ctx.editMessageText(html, {
        parse_mode: 'HTML',
        ...(outcome.edit.buttons?.length ? { reply_markup: inlineKeyboard(outcome.edit.buttons) } : {}),
      });
      return;
    }
    if (!('text' in message) || typeof message.text !== 'string') return;
    const separator = '\n\n';
    const text = `${message.text}${separator}${outcome.note}`;
    if (text.length > TELEGRAM_MESSAGE_LIMIT) return;
    const entities: MessageEntity[] = [
      ...(message.entities ?? []),
      { type: 'italic', offset: message.text.length + separator.length, length: outcome.note.length },
    ];
    await ctx.editMessageText(text, { entities, ...(message.reply_markup ? { reply_markup: message.reply_markup } : {}) });
  } catch (err) {
    // The action itself succeeded; a failed cosmetic edit (message deleted meanwhile) is only logged.
    logger.warn({ err, chatId: ctx.chat?.id }, 'telegram: could not edit the original message');
  }
}
