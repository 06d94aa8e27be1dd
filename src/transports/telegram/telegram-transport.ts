/**
 * Telegram's lifecycle: long polling through @grammyjs/runner by default, or a webhook on Herald's
 * HTTP server when TELEGRAM_WEBHOOK_URL is set (the X-Telegram-Bot-Api-Secret-Token header must
 * match TELEGRAM_WEBHOOK_SECRET, else 401). At start the command menu is registered in ru and en.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { CHAT_COMMANDS, chatText } from '../../locales/chat.js';
import type { Locale } from '../../config.js';
import type { HttpRoute, Transport } from '../transport.js';
import { createHeraldBot, type HeraldBotOptions } from './telegram-bot.js';


/** How long `start()` waits for `getMe` before giving up. */
const INIT_TIMEOUT_MS = 30_000;

export interface TelegramTransportOptions extends HeraldBotOptions {
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
    const handle = webhookCallback(bot, 'http', {
      secretToken: options.webhook.secret,
      onTimeout: 'return',
      timeoutMilliseconds: options.webhookTimeoutMs ?? 9_000,
    });
    routes.push({ method: 'POST', path: new URL(options.webhook.url).pathname, handle: async (req, res) => void (await handle(req, res)) });
  }

  return {
    name: 'telegram',
    bot,
    routes,
    async start() {
      // grammY retries getMe on network errors for ever; a bot that cannot reach its API root in
      // 30 s should fail the start (exit 1, one line) rather than hang silently.
      // grammY types its signal with the abort-controller shim; Node's AbortSignal is what it uses at run time.
      await bot.init(AbortSignal.timeout(INIT_TIMEOUT_MS) as Parameters<Bot['init']>[0]);
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

/** The command menu: the shop's language by default, plus ru and en for users' own languages. */
async function registerCommands(bot: Bot, locale: Locale): Promise<void> {
  const list = (l: Locale): BotCommand[] => CHAT_COMMANDS.map((command) => ({ command, description: chatText(l).commands[command] }));
  await bot.api.setMyCommands(list(locale));
  await bot.api.setMyCommands(list('ru'), { language_code: 'ru' });
  await bot.api.setMyCommands(list('en'), { language_code: 'en' });
}
