/**
 * The Bot API methods of the Telegram fake: state (messages per chat, commands, webhook) and the
 * answers Telegram gives, errors included, with Telegram's own descriptions. The HTTP layer, rate
 * limits and updates live in `telegram-fake.ts`.
 */
import { jsonField, type UploadedFile } from './http-body.js';
import { parseTelegramHtml } from './telegram-html.js';

export interface SentMessage {
  method: 'sendMessage' | 'sendPhoto';
  chatId: string;
  messageId: number;
  /** The plain text after HTML parsing (for a photo: the caption). */
  text: string;
  /** What the client sent, before parsing. */
  raw: string;
  parseMode: string | undefined;
  replyMarkup: unknown;
  photo?: { filename: string; size: number } | string;
  /** `Date.now()` when the server accepted it. */
  at: number;
}

export interface Edit {
  chatId: string;
  messageId: number;
  text: string;
  replyMarkup: unknown;
}

export class ApiError extends Error {
  constructor(readonly code: number, readonly description: string, readonly retryAfter?: number) {
    super(description);
  }
}

export const MESSAGE_LIMIT = 4096;
/** Bot API cloud servers let bots download files up to 20 MB (getFile answers "file is too big" above). */
export const DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export interface StoredFile {
  fileId: string;
  path: string;
  bytes: Uint8Array;
}
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT = 64;

type Params = Record<string, unknown>;

export class TelegramFakeState {
  readonly sent: SentMessage[] = [];
  readonly edits: Edit[] = [];
  readonly callbackAnswers: Params[] = [];
  readonly chatActions: Params[] = [];
  /** Files users "sent", by file_id: getFile answers with their path, /file/bot<token>/<path> serves them. */
  readonly files = new Map<string, StoredFile>();
  /** setMyCommands by `scope|language_code`. */
  readonly commands = new Map<string, unknown[]>();
  webhook: { url: string; secretToken: string | undefined } | null = null;
  readonly blockedChats = new Set<string>();
  readonly missingChats = new Set<string>();
  private readonly nextMessageId = new Map<string, number>();
  private readonly messages = new Map<string, { text: string; replyMarkup: string }>();

  constructor(readonly botId: number) {}

  /**
   * Runs one method; returns its `result` or throws ApiError. `admit` runs for a valid send just
   * before it is accepted (flood control: a rejected message does not use up a slot).
   */
  call(method: string, p: Params, files: UploadedFile[], now: number, admit: (chatId: string) => void = () => {}): unknown {
    switch (method) {
      case 'getMe':
        return { id: this.botId, is_bot: true, first_name: 'Herald Fake', username: 'herald_fake_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'sendMessage':
        return this.send('sendMessage', p, files, now, admit);
      case 'sendPhoto':
        return this.send('sendPhoto', p, files, now, admit);
      case 'editMessageText':
        return this.editText(p);
      case 'editMessageReplyMarkup':
        return this.editMarkup(p);
      case 'answerCallbackQuery':
        if (!p.callback_query_id) throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        if (typeof p.text === 'string' && p.text.length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        this.callbackAnswers.push(p);
        return true;
      case 'setMyCommands': {
        const commands = jsonField(p.commands);
        if (!Array.isArray(commands)) throw new ApiError(400, 'Bad Request: commands must be an array');
        for (const c of commands as Params[]) {
          if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
          if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw new ApiError(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
        }
        this.commands.set(commandsKey(p), commands);
        return true;
      }
      case 'getMyCommands':
        return this.commands.get(commandsKey(p)) ?? [];
      case 'deleteMyCommands':
        this.commands.delete(commandsKey(p));
        return true;
      case 'setWebhook': {
        const url = String(p.url ?? '');
        const secret = p.secret_token === undefined ? undefined : String(p.secret_token);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
        this.webhook = url === '' ? null : { url, secretToken: secret };
        return true;
      }
      case 'deleteWebhook':
        this.webhook = null;
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
      case 'getFile': {
        const file = this.files.get(String(p.file_id ?? ''));
        if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
        if (file.bytes.byteLength > DOWNLOAD_LIMIT) throw new ApiError(400, 'Bad Request: file is too big');
        return { file_id: file.fileId, file_unique_id: `u-${file.fileId}`, file_size: file.bytes.byteLength, file_path: file.path };
      }
      case 'sendChatAction':
        this.chatOrThrow(p);
        this.chatActions.push(p);
        return true;
      default:
        throw new ApiError(404, 'Not Found: method not found');
    }
  }

  countsByChat(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.sent) counts.set(m.chatId, (counts.get(m.chatId) ?? 0) + 1);
    return counts;
  }

  private send(method: SentMessage['method'], p: Params, files: UploadedFile[], now: number, admit: (chatId: string) => void) {
    const chatId = this.chatOrThrow(p);
    const isPhoto = method === 'sendPhoto';
    const raw = String((isPhoto ? p.caption : p.text) ?? '');
    const parseMode = typeof p.parse_mode === 'string' ? p.parse_mode : undefined;
    const text = this.parse(raw, parseMode, isPhoto ? 'caption' : 'text');
    if (!isPhoto && text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
    if (!isPhoto && text.length > MESSAGE_LIMIT) throw new ApiError(400, 'Bad Request: message is too long');
    if (isPhoto && text.length > CAPTION_LIMIT) throw new ApiError(400, 'Bad Request: message caption is too long');
    let photo: SentMessage['photo'];
    if (isPhoto) {
      const ref = String(p.photo ?? '');
      const file = ref.startsWith('attach://') ? files.find((f) => f.field === ref.slice(9)) : files.find((f) => f.field === 'photo');
      if (file) photo = { filename: file.filename, size: file.size };
      else if (ref !== '' && !ref.startsWith('attach://')) photo = ref;
      else throw new ApiError(400, 'Bad Request: there is no photo in the request');
    }
    const replyMarkup = validateMarkup(p.reply_markup);
    admit(chatId);
    const messageId = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, messageId);
    this.messages.set(`${chatId}/${messageId}`, { text, replyMarkup: JSON.stringify(replyMarkup ?? null) });
    this.sent.push({ method, chatId, messageId, text, raw, parseMode, replyMarkup, ...(photo ? { photo } : {}), at: now });
    return {
      message_id: messageId,
      date: Math.floor(now / 1000),
      chat: chatOf(chatId),
      from: { id: this.botId, is_bot: true, first_name: 'Herald Fake', username: 'herald_fake_bot' },
      ...(isPhoto ? { photo: [{ file_id: `photo-${chatId}-${messageId}`, file_unique_id: `u${messageId}`, width: 800, height: 400 }], ...(raw ? { caption: text } : {}) } : { text }),
      ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
    };
  }

  private editText(p: Params) {
    const chatId = this.chatOrThrow(p);
    const messageId = Number(p.message_id);
    const stored = this.messages.get(`${chatId}/${messageId}`);
    if (!stored) throw new ApiError(400, 'Bad Request: message to edit not found');
    const text = this.parse(String(p.text ?? ''), typeof p.parse_mode === 'string' ? p.parse_mode : undefined, 'text');
    if (text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
    if (text.length > MESSAGE_LIMIT) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
    const replyMarkup = validateMarkup(p.reply_markup);
    const markupJson = JSON.stringify(replyMarkup ?? null);
    if (stored.text === text && stored.replyMarkup === markupJson) {
      throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    this.messages.set(`${chatId}/${messageId}`, { text, replyMarkup: markupJson });
    this.edits.push({ chatId, messageId, text, replyMarkup });
    return { message_id: messageId, date: 0, chat: chatOf(chatId), text, ...(replyMarkup ? { reply_markup: replyMarkup } : {}) };
  }

  private editMarkup(p: Params) {
    const chatId = this.chatOrThrow(p);
    const messageId = Number(p.message_id);
    const stored = this.messages.get(`${chatId}/${messageId}`);
    if (!stored) throw new ApiError(400, 'Bad Request: message to edit not found');
    const replyMarkup = validateMarkup(p.reply_markup);
    this.messages.set(`${chatId}/${messageId}`, { text: stored.text, replyMarkup: JSON.stringify(replyMarkup ?? null) });
    this.edits.push({ chatId, messageId, text: stored.text, replyMarkup });
    return { message_id: messageId, date: 0, chat: chatOf(chatId), text: stored.text };
  }

  private chatOrThrow(p: Params): string {
    if (p.chat_id === undefined || p.chat_id === '') throw new ApiError(400, 'Bad Request: chat_id is empty');
    const chatId = String(p.chat_id);
    if (this.missingChats.has(chatId)) throw new ApiError(400, 'Bad Request: chat not found');
    if (this.blockedChats.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return chatId;
  }

  private parse(raw: string, parseMode: string | undefined, what: 'text' | 'caption'): string {
    if (parseMode === undefined) return raw;
    if (parseMode !== 'HTML') throw new ApiError(400, `Bad Request: unsupported parse_mode "${parseMode}" in this fake (HTML only)`);
    const parsed = parseTelegramHtml(raw);
    if (!parsed.ok) throw new ApiError(400, `Bad Request: can't parse entities${what === 'caption' ? ' in caption' : ''}: ${parsed.error}`);
    return parsed.text;
  }
}

function commandsKey(p: Params): string {
  const scope = jsonField(p.scope) as { type?: string } | undefined;
  return `${scope?.type ?? 'default'}|${typeof p.language_code === 'string' ? p.language_code : ''}`;
}

function chatOf(chatId: string) {
  const n = Number(chatId);
  const type = !Number.isFinite(n) || n > 0 ? 'private' : chatId.startsWith('-100') ? 'supergroup' : 'group';
  return { id: Number.isFinite(n) ? n : chatId, type, ...(type === 'private' ? { first_name: 'Chat' } : { title: `Chat ${chatId}` }) };
}

/** Inline keyboards: every button needs text and one action; callback_data is 1–64 bytes. */
function validateMarkup(value: unknown): unknown {
  const markup = jsonField(value);
  if (markup === undefined || markup === null || markup === '') return undefined;
  if (typeof markup !== 'object') throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (rows === undefined) return markup;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) throw new ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Array');
  for (const row of rows as unknown[][]) {
    for (const b of row as Params[]) {
      if (typeof b.text !== 'string' || b.text === '') throw new ApiError(400, 'Bad Request: BUTTON_TEXT_INVALID');
      if (b.callback_data !== undefined) {
        const bytes = Buffer.byteLength(String(b.callback_data), 'utf8');
        if (bytes < 1 || bytes > CALLBACK_DATA_LIMIT) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
      } else if (b.url === undefined && b.switch_inline_query === undefined && b.web_app === undefined && b.copy_text === undefined) {
        throw new ApiError(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
    }
  }
  return markup;
}
