/**
 * Telegram's lifecycle: long polling through @grammyjs/runner by default, or a webhook on Herald's
 * HTTP server when TELEGRAM_WEBHOOK_URL is set (the X-Telegram-Bot-Api-Secret-Token header must
 * match TELEGRAM_WEBHOOK_SECRET, else 401). At start the command menu is registered in ru and en.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError, HttpError, webhookCallback, type Bot } from 'grammy';
import type { BotCommand, Update } from 'grammy/types';
import { CHAT_COMMANDS, chatText } from '../../locales/chat.js';
import type { Locale } from '../../config.js';
import { networkCause, reachPlatform } from '../reach-platform.js';
import type { HttpRoute, Transport } from '../transport.js';
import { createHeraldBot, type HeraldBotOptions } from './telegram-bot.js';

/** The Bot API when TELEGRAM_API_ROOT is not set. */
export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

export interface TelegramTransportOptions extends HeraldBotOptions {
  /**
   * How long `start()` waits for getMe before it fails with "cannot reach Telegram at …"
   * (default 30 000 ms, HERALD_TRANSPORT_START_TIMEOUT_MS).
   */
  startTimeoutMs?: number;
  /** Webhook mode: Telegram posts updates to `url` with `secret` in a header. Default: long polling. */
  webhook?: { url: string; secret: string };
  /**
   * How long one webhook request may run before Telegram gets its 200 (the work goes on). Telegram
   * redelivers after about 60 s without an answer; the update_id claim stops double handling.
   * Default 9 000 ms.
   */
  webhookTimeoutMs?: number;
  /** Long-polling timeout of getUpdates, in seconds (default 30, Telegram's recommendation). */
  pollTimeoutSeconds?: number;
}

export interface TelegramTransport extends Transport {
  readonly bot: Bot;
}

/** Updates Herald reacts to; asking only for these keeps traffic down. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export function createTelegramTransport(options: TelegramTransportOptions): TelegramTransport {
  const bot = createHeraldBot(options);
  let runner: RunnerHandle | null = null;
  const routes: HttpRoute[] = [];
  if (options.webhook) {
    const handle = webhookCallback(bot, bufferedHttp, {
      secretToken: options.webhook.secret,
      onTimeout: 'return',
      timeoutMilliseconds: options.webhookTimeoutMs ?? 9_000,
    });
    routes.push({ method: 'POST', path: new URL(options.webhook.url).pathname, handle: async (req, res, body) => void (await handle(req, res, body)) });
  }

  return {
    name: 'telegram',
    bot,
    routes,
    async start() {
      // grammY's init retries getMe on network errors until its signal aborts, then says only
      // "Aborted delay"; a bot that cannot reach its API root fails the start with the URL and cause.
      if (!bot.isInited()) {
        bot.botInfo = await reachPlatform({
          platform: 'Telegram',
          url: options.apiRoot ?? TELEGRAM_API_ROOT,
          ...(options.startTimeoutMs !== undefined ? { timeoutMs: options.startTimeoutMs } : {}),
          // grammY types its signal with the abort-controller shim; Node's AbortSignal is what it uses at run time.
          attempt: (signal) => bot.api.getMe(signal as Parameters<Bot['api']['getMe']>[0]),
          unreachable: telegramUnreachable,
        });
      }
      await registerCommands(bot, options.locale);
      if (options.webhook) {
        await bot.api.setWebhook(options.webhook.url, {
          secret_token: options.webhook.secret,
          allowed_updates: [...ALLOWED_UPDATES],
        });
        options.logger.info({ username: bot.botInfo.username, mode: 'webhook' }, 'telegram: started');
        return;
      }
      // getUpdates is refused while a webhook is set.
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: options.pollTimeoutSeconds ?? 30 } },
      });
      options.logger.info({ username: bot.botInfo.username, mode: 'polling' }, 'telegram: started');
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      runner = null;
    },
  };
}

/** Telegram was not reached (network, 5xx, 429): worth another try. Any other answer is final. */
function telegramUnreachable(err: unknown): string | null {
  if (err instanceof HttpError) return networkCause(err.error);
  if (err instanceof GrammyError && (err.error_code >= 500 || err.error_code === 429)) return `HTTP ${err.error_code}`;
  return null;
}

/**
 * grammY's `http` adapter, but over the body Herald's HTTP server has already read (and limited
 * in size) instead of reading the request stream without bound.
 */
function bufferedHttp(req: IncomingMessage, res: ServerResponse, body: Buffer) {
  const secret = req.headers['x-telegram-bot-api-secret-token'];
  return {
    // A getter, as in grammY's adapter: read only once the secret token has been checked.
    get update(): Promise<Update> {
      return new Promise<Update>((resolve) => resolve(JSON.parse(body.toString('utf8')) as Update));
    },
    header: Array.isArray(secret) ? secret[0] : secret,
    end: () => void res.end(),
    respond: (json: string) => void res.writeHead(200, { 'content-type': 'application/json' }).end(json),
    unauthorized: () => void res.writeHead(401).end('secret token is wrong'),
  };
}

/** The command menu: the shop's language by default, plus ru and en for users' own languages. */
async function registerCommands(bot: Bot, locale: Locale): Promise<void> {
  const list = (l: Locale): BotCommand[] => CHAT_COMMANDS.map((command) => ({ command, description: chatText(l).commands[command] }));
  await bot.api.setMyCommands(list(locale));
  await bot.api.setMyCommands(list('ru'), { language_code: 'ru' });
  await bot.api.setMyCommands(list('en'), { language_code: 'en' });
}
