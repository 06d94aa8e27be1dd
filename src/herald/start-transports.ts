/**
 * Starts every chat transport whose credentials are set (Telegram: TELEGRAM_BOT_TOKEN; Slack:
 * SLACK_BOT_TOKEN) and returns the outbox `Sender`s for them. Called by `herald start`; with no
 * credentials it starts nothing and the caller falls back to the console transport.
 */
import type { Config } from '../config.js';
import type { ChatCore } from '../chat/chat-commands.js';
import type { Store } from '../data/store.js';
import type { Sender } from '../delivery/sender.js';
import type { Logger } from '../log.js';
import { startHttpServer, type HttpServer } from '../monitor/http-server.js';
import type { Metrics } from '../monitor/metrics.js';
import { createOutboxSenders } from '../transports/outbox-senders.js';
import { pruneProcessedUpdates } from '../transports/processed-updates.js';
import { createSlackTransport } from '../transports/slack/slack-transport.js';
import { createTelegramTransport } from '../transports/telegram/telegram-transport.js';
import type { Transport } from '../transports/transport.js';
import type { Clock } from '../time/clock.js';

export interface StartChatTransportsOptions {
  config: Config;
  store: Store;
  logger: Logger;
  core: ChatCore;
  clock: Clock;
  /**
   * The shared HTTP server to mount webhooks on. Default: one is started on `config.port`
   * (serving /healthz, /readyz and /metrics too) and closed by `stop()`.
   */
  http?: HttpServer;
  /** Served at /metrics by the server started here, and counting every send of the senders. */
  metrics?: Metrics;
  /** The outbox senders (from `createHerald`); default one per configured platform, counted by `metrics`. */
  senders?: readonly Sender[];
}

export interface ChatTransports {
  transports: Transport[];
  /** One per started platform, for the delivery dispatcher. */
  senders: Sender[];
  /** The HTTP server in use (the one passed in, or the one started here). */
  http: HttpServer;
  stop(): Promise<void>;
}

export async function startChatTransports(options: StartChatTransportsOptions): Promise<ChatTransports> {
  const { config, store, logger, core } = options;
  const transports: Transport[] = [];
  // Separate clients without auto-retry: the dispatcher paces broadcasts and must see every 429.
  const senders: Sender[] = options.senders ? [...options.senders] : createOutboxSenders(config).map((s) => options.metrics?.instrumentSender(s) ?? s);
  const common = { core, store, logger, locale: config.locale, timeZone: config.timeZone, startTimeoutMs: config.transportStartTimeoutMs };

  if (config.telegram) {
    const tg = config.telegram;
    transports.push(
      createTelegramTransport({
        ...common,
        token: tg.token,
        photoMaxBytes: config.ask.photoMaxBytes,
        ...(tg.apiRoot ? { apiRoot: tg.apiRoot } : {}),
        ...(tg.webhookUrl && tg.webhookSecret ? { webhook: { url: tg.webhookUrl, secret: tg.webhookSecret } } : {}),
      }),
    );
  }
  if (config.slack) {
    const sl = config.slack;
    transports.push(
      createSlackTransport({
        ...common,
        botToken: sl.botToken,
        ...(sl.signingSecret ? { signingSecret: sl.signingSecret } : {}),
        ...(sl.appToken ? { appToken: sl.appToken } : {}),
        ...(sl.apiUrl ? { apiUrl: sl.apiUrl } : {}),
      }),
    );
  }

  const ownHttp = options.http === undefined;
  const http = options.http ?? (await startHttpServer({ port: config.port, store, logger, ...(options.metrics ? { metrics: options.metrics.registry } : {}) }));
  const started: Transport[] = [];
  // /readyz answers 503 until every configured transport has started (a load balancer must not
  // send webhooks to a replica whose Slack or Telegram is not connected yet).
  const ready = new Map(transports.map((t) => [t, http.starting(t.name)]));
  try {
    for (const t of transports) for (const route of t.routes) http.mount(route);
    const pruned = await pruneProcessedUpdates(store, new Date(options.clock.now()));
    if (pruned > 0) logger.debug({ pruned }, 'transports: pruned processed updates');
    for (const t of transports) {
      await t.start();
      started.push(t);
      ready.get(t)?.();
    }
  } catch (err) {
    await Promise.allSettled(started.map((t) => t.stop()));
    if (ownHttp) await http.close();
    throw err;
  }

  return {
    transports,
    senders,
    http,
    async stop() {
      await Promise.allSettled(started.map((t) => t.stop()));
      if (ownHttp) await http.close();
    },
  };
}
