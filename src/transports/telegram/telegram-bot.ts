/**
 * Herald's grammY bot: each update is claimed once by `update_id`, commands and button presses go
 * to the core, and the core's replies come back as HTML messages, photos and inline keyboards.
 * Tests drive it through `bot.handleUpdate(update)`, exactly as polling and webhooks do.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, InputFile, type Context } from 'grammy';
import type { MessageEntity, UserFromGetMe } from 'grammy/types';
import type { Locale } from '../../config.js';
import type { ChatCore } from '../../chat/chat-commands.js';
import { parseCommand } from '../../chat/chat-commands.js';
import type { ChatContext, InteractionOutcome, MediaInput, Reply } from '../../messages/reply.js';
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
  /** Largest photo size sent on to the vision route (config `ask.photoMaxBytes`); default no limit. */
  photoMaxBytes?: number;
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

  const apiRoot = options.apiRoot ?? 'https://api.telegram.org';
  const respond = async (ctx: Context, work: () => Promise<Reply | null>, slow: boolean) => {
    const chat = chatContext(ctx, options.locale);
    const reply = slow ? await whileTyping(ctx, logger, work) : await work();
    if (reply) await sendReply(ctx, reply, chat.locale, options.timeZone);
  };

  bot.on('message:text', async (ctx) => {
    const text = ctx.message.text;
    const chat = chatContext(ctx, options.locale);
    if (text.startsWith('/')) {
      const addressee = /^\/\w+@(\w+)/.exec(text)?.[1];
      if (addressee && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return;
      const slow = SLOW_COMMANDS.has(parseCommand(text)?.name ?? '');
      return respond(ctx, () => core.handleCommand(chat, text), slow);
    }
    // Plain text is a question in a private chat, or in a group when it mentions the bot.
    const question = addressedText(ctx, text);
    if (question === null || question === '') return;
    return respond(ctx, () => core.handleQuestion(chat, question), true);
  });

  bot.on('message:voice', async (ctx) => {
    if (ctx.chat.type !== 'private' && !repliesToBot(ctx)) return;
    const voice = ctx.message.voice;
    const media = telegramMedia(ctx, apiRoot, options.token, voice.file_id, { mimeType: voice.mime_type ?? null, sizeBytes: voice.file_size ?? null, durationSeconds: voice.duration, filename: 'voice.ogg' });
    return respond(ctx, () => core.handleVoice(chatContext(ctx, options.locale), media), true);
  });

  bot.on('message:photo', async (ctx) => {
    const caption = ctx.message.caption ?? '';
    const question = addressedText(ctx, caption);
    if (question === null) return;
    const chat = chatContext(ctx, options.locale);
    // The largest size under the limit: Telegram lists sizes smallest first; file_size may be absent.
    const limit = options.photoMaxBytes ?? Number.POSITIVE_INFINITY;
    const sizes = ctx.message.photo;
    const fitting = sizes.filter((s) => (s.file_size ?? 0) <= limit);
    const chosen = fitting.at(-1) ?? sizes.at(-1)!;
    const media = telegramMedia(ctx, apiRoot, options.token, chosen.file_id, { mimeType: 'image/jpeg', sizeBytes: chosen.file_size ?? null, filename: 'photo.jpg' });
    return respond(ctx, () => core.handlePhoto(chat, media, question), true);
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

/** Commands that reach a model or run several queries: a "typing…" indicator shows while they work. */
const SLOW_COMMANDS = new Set(['ask', 'sku', 'top', 'stock']);
/** Telegram shows a chat action for about 5 seconds; it is repeated while the work lasts. */
const TYPING_EVERY_MS = 4_000;

async function whileTyping<T>(ctx: Context, logger: Logger, work: () => Promise<T>): Promise<T> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return work();
  const typing = () =>
    ctx.api.sendChatAction(chatId, 'typing').catch((err: unknown) => logger.debug({ err, chatId }, 'telegram: chat action failed'));
  void typing();
  const timer = setInterval(() => void typing(), TYPING_EVERY_MS);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * The text meant for the bot: all of it in a private chat; in a group only when it mentions the
 * bot (the mention removed) or replies to one of its messages; else null.
 */
function addressedText(ctx: Context, text: string): string | null {
  if (ctx.chat?.type === 'private') return text.trim();
  const mention = `@${ctx.me.username}`;
  const at = text.toLowerCase().indexOf(mention.toLowerCase());
  if (at !== -1) return `${text.slice(0, at)}${text.slice(at + mention.length)}`.trim();
  return repliesToBot(ctx) ? text.trim() : null;
}

function repliesToBot(ctx: Context): boolean {
  return ctx.message?.reply_to_message?.from?.id === ctx.me.id;
}

/** A file of this message: metadata now, the bytes through getFile and the file download on demand. */
function telegramMedia(
  ctx: Context,
  apiRoot: string,
  token: string,
  fileId: string,
  meta: Omit<MediaInput, 'download'>,
): MediaInput {
  return {
    ...meta,
    async download() {
      const file = await ctx.api.getFile(fileId);
      if (!file.file_path) throw new Error('telegram: getFile returned no file_path');
      const res = await fetch(`${apiRoot}/file/bot${token}/${file.file_path}`);
      if (!res.ok) throw new Error(`telegram: file download failed with HTTP ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
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
