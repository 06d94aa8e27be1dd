/**
 * Herald's Bolt app: `/herald brief|alerts|ask|status|…` (acknowledged at once, the work done
 * after the ack), `@Herald brief` mentions, and Block Kit button presses, all routed to the core.
 * Requests arrive signed (v0 HMAC-SHA256 over `v0:timestamp:body`, 5-minute window) through
 * Bolt's HTTPReceiver at POST /slack/events, or over Socket Mode when an app token is set.
 * Every delivery is claimed once in the database (see slack-replay-key.ts): a retried event
 * (X-Slack-Retry-Num), a repeated slash command or button press is acknowledged and not acted on.
 * The bot's identity comes from one auth.test at `connect()`, bounded by a deadline, not from
 * Bolt's own start-up call, which retries an unreachable API for about 30 minutes.
 */
import { App, HTTPReceiver, webApi, type BlockAction, type ButtonAction, type OverflowAction } from '@slack/bolt';
import type { Locale } from '../../config.js';
import type { ChatCore } from '../../chat/chat-commands.js';
import type { ChatContext, InteractionOutcome, Reply } from '../../messages/reply.js';
import type { Store } from '../../data/store.js';
import type { Logger } from '../../log.js';
import { escapeMrkdwn, SLACK_MAX_BLOCKS } from '../../render/slack-blocks.js';
import { MAX_WEBHOOK_BODY_BYTES } from '../transport.js';
import { parseCommand } from '../../chat/chat-commands.js';
import { CHAT_COMMANDS, chatText } from '../../locales/chat.js';
import { claimUpdate } from '../processed-updates.js';
import { networkCause, NO_ANSWER, reachPlatform } from '../reach-platform.js';
import { boltLogger } from './bolt-logger.js';
import { slackReplayKey } from './slack-replay-key.js';
import { renderSlackReply } from './slack-reply.js';

type Client = App['client'];

export interface HeraldSlackOptions {
  botToken: string;
  /** Required for the HTTP receiver (SLACK_SIGNING_SECRET). */
  signingSecret?: string;
  /** Socket Mode when set (SLACK_APP_TOKEN, `xapp-…`); no public URL needed then. */
  appToken?: string;
  /** Web API base (SLACK_API_URL), e.g. a test server; default https://slack.com/api/. */
  apiUrl?: string;
  core: ChatCore;
  store: Store;
  logger: Logger;
  locale: Locale;
  timeZone: string;
}

export interface HeraldSlackApp {
  app: App;
  /** The HTTP receiver (mount `receiver.requestListener` at /slack/events); null in Socket Mode. */
  receiver: HTTPReceiver | null;
  /**
   * Checks the token with auth.test (retrying while Slack cannot be reached, for at most
   * `timeoutMs`, then failing with "cannot reach Slack at URL: cause") and initialises the app.
   */
  connect(timeoutMs?: number): Promise<void>;
}

/** Slack's Web API when SLACK_API_URL is not set. */
export const SLACK_API_URL = 'https://slack.com/api/';

/** The slash command Herald answers (see slack/manifest.yml). */
export const SLACK_COMMAND = '/herald';
export const SLACK_EVENTS_PATH = '/slack/events';

/** Button action ids are our callback data (`kind:id:action`); others are not ours. */
const OUR_ACTION = /^[a-z][a-z0-9_]*:[^:]+:[a-z][a-z0-9_]*$/;
/** Our buttons (`kind:id:action`) and menus (`kind-menu:id`, e.g. `alert-snooze:17`). */
const OUR_ACTION_OR_MENU = new RegExp(`${OUR_ACTION.source}|^[a-z][a-z0-9_]*-[a-z]+:[^:]+$`);

export function createHeraldSlackApp(options: HeraldSlackOptions): HeraldSlackApp {
  const { core, store, logger, locale, timeZone } = options;
  const log = boltLogger(logger);
  const apiUrl = withSlash(options.apiUrl ?? SLACK_API_URL);
  const clientOptions = { slackApiUrl: apiUrl };
  // Bolt's authorize hook instead of `token`: with a token Bolt calls auth.test itself at init and
  // retries it for half an hour; `connect()` makes that call once, under a deadline.
  let identity: { botId: string; botUserId: string } | null = null;
  const authorize = async () => {
    if (!identity) throw new Error('slack: not connected yet');
    return { botToken: options.botToken, ...identity };
  };
  let receiver: HTTPReceiver | null = null;
  let app: App;
  if (options.appToken) {
    app = new App({ authorize, appToken: options.appToken, socketMode: true, clientOptions, logger: log, deferInitialization: true });
  } else {
    if (!options.signingSecret) throw new Error('slack: a signing secret is required without an app token');
    receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: SLACK_EVENTS_PATH, logger: log, bodyLimit: MAX_WEBHOOK_BODY_BYTES });
    app = new App({ authorize, receiver, clientOptions, logger: log, deferInitialization: true });
  }

  app.use(async (args) => {
    const key = slackReplayKey(args.body);
    if (key !== null && !(await claimUpdate(store, 'slack', key))) {
      const { retryNum, retryReason } = args.context;
      logger.info({ key, retryNum, retryReason }, 'slack: repeated request ignored');
      // Acknowledged (Slack stops retrying) but not acted on. Events were acknowledged by Bolt already.
      if (args.ack) await args.ack();
      return;
    }
    await args.next();
  });

  const post = (client: Client, channel: string, reply: Reply, threadTs?: string) => postReply(client, channel, reply, { locale, timeZone }, threadTs);

  app.command(SLACK_COMMAND, async ({ command, ack, client, respond }) => {
    const ctx: ChatContext = { transport: 'slack', chatId: command.channel_id, userId: command.user_id, userName: command.user_name, locale };
    const text = command.text.trim();
    const question = isQuestion(text);
    // Slack gives a slash command 3 seconds: acknowledge first, work after. Slack has no typing
    // indicator for bots, so a question is acknowledged with a "working on it" note only its asker sees.
    await (question || /^(ask|sku|top|stock)\b/i.test(text) ? ack({ response_type: 'ephemeral', text: chatText(locale).working }) : ack());
    const reply = question ? await core.handleQuestion(ctx, text) : await core.handleCommand(ctx, text === '' ? 'help' : text);
    if (!reply) return;
    try {
      await post(client, command.channel_id, reply);
    } catch (err) {
      // A private channel the bot was not invited to: chat.postMessage is refused, but the
      // command's response_url still answers there.
      if ((err as { data?: { error?: string } }).data?.error !== 'not_in_channel') throw err;
      for (const m of renderSlackReply(reply, { locale, timeZone })) {
        if (m.kind === 'message') await respond({ response_type: 'in_channel', text: m.text, blocks: m.blocks });
      }
    }
  });

  app.event('app_mention', async ({ event, client }) => {
    const text = event.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').trim();
    const user = event.user ?? '';
    const ctx: ChatContext = { transport: 'slack', chatId: event.channel, userId: user, userName: user, locale };
    const reply = isQuestion(text) ? await core.handleQuestion(ctx, text) : await core.handleCommand(ctx, text === '' ? 'help' : text);
    if (reply) await post(client, event.channel, reply, event.thread_ts ?? event.ts);
  });

  // A direct message to the bot is a question (or a command typed without the slash).
  app.message(async ({ message, client }) => {
    if (message.channel_type !== 'im' || message.subtype !== undefined || !('text' in message) || !message.text || !('user' in message)) return;
    const text = message.text.trim();
    const ctx: ChatContext = { transport: 'slack', chatId: message.channel, userId: message.user, userName: message.user, locale };
    const reply = isQuestion(text) ? await core.handleQuestion(ctx, text) : await core.handleCommand(ctx, text);
    if (reply) await post(client, message.channel, reply);
  });

  // Buttons carry their callback data in `value`; an overflow menu (the alerts' "Snooze ▾") in the
  // chosen option's value, under an action_id of its own.
  app.action<BlockAction<ButtonAction | OverflowAction>>({ type: 'block_actions', action_id: OUR_ACTION_OR_MENU }, async ({ ack, body, action, client }) => {
    await ack();
    const data = action.type === 'overflow' ? action.selected_option.value : (action.value ?? action.action_id);
    const channel = body.channel?.id ?? body.container.channel_id;
    if (!channel) return;
    const user = body.user;
    const ctx: ChatContext = { transport: 'slack', chatId: channel, userId: user.id, userName: user.username ?? user.name ?? user.id, locale };
    const outcome = await core.handleInteraction(ctx, data);
    if (outcome.kind === 'refused') {
      await client.chat.postEphemeral({ channel, user: user.id, text: escapeMrkdwn(outcome.message) });
      return;
    }
    if (outcome.toast) await client.chat.postEphemeral({ channel, user: user.id, text: escapeMrkdwn(outcome.toast) });
    const message = body.message;
    if (message?.ts) await updateOriginal(client, channel, message as { ts: string; text?: string; blocks?: unknown[] }, outcome, { locale, timeZone }, logger);
    if (outcome.followUp) await post(client, channel, outcome.followUp);
  });

  app.error(async (error) => {
    logger.error({ err: error }, 'slack: handler failed');
  });

  async function connect(timeoutMs?: number): Promise<void> {
    const auth = await reachPlatform({
      platform: 'Slack',
      url: apiUrl,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      // One attempt per call (no retries inside), each ending by the deadline at the latest.
      attempt: (_signal, remainingMs) =>
        new webApi.WebClient(options.botToken, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, timeout: remainingMs, rejectRateLimitedCalls: true, logger: log }).auth.test(),
      unreachable: slackUnreachable,
    });
    identity = { botId: auth.bot_id ?? '', botUserId: auth.user_id ?? '' };
    await app.init();
  }
  return { app, receiver, connect };
}

/** Slack was not reached (network, 5xx, 429): worth another try. A platform error is its answer. */
function slackUnreachable(err: unknown): string | null {
  const e = err as { code?: unknown; statusCode?: unknown };
  switch (e.code) {
    case webApi.ErrorCode.RequestError: {
      const cause = networkCause(err);
      // axios reports its own time-out (the deadline) as ECONNABORTED.
      return cause === 'ECONNABORTED' ? NO_ANSWER : cause;
    }
    case webApi.ErrorCode.HTTPError:
      return `HTTP ${String(e.statusCode)}`;
    case webApi.ErrorCode.RateLimitedError:
      return 'rate limited';
    default:
      return null;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

async function postReply(client: Client, channel: string, reply: Reply, options: { locale: Locale; timeZone: string }, threadTs?: string): Promise<void> {
  for (const m of renderSlackReply(reply, options)) {
    if (m.kind === 'message') {
      await client.chat.postMessage({ channel, text: m.text, blocks: m.blocks, ...(threadTs ? { thread_ts: threadTs } : {}) });
    } else {
      const file = { channel_id: channel, file: Buffer.from(m.png), filename: m.filename, title: m.title };
      await client.filesUploadV2(threadTs ? { ...file, thread_ts: threadTs } : file);
    }
  }
}

/** Shows who did what and when under the pressed message (a context block), via chat.update. */
async function updateOriginal(
  client: Client,
  channel: string,
  message: { ts: string; text?: string; blocks?: unknown[] },
  outcome: Extract<InteractionOutcome, { kind: 'done' }>,
  options: { locale: Locale; timeZone: string },
  logger: Logger,
): Promise<void> {
  const first = outcome.edit ? renderSlackReply(outcome.edit, options).find((m) => m.kind === 'message') : undefined;
  const base = first?.kind === 'message' ? first.blocks : (message.blocks ?? []);
  if (base.length + 1 > SLACK_MAX_BLOCKS) return;
  const note = { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(outcome.note) }] };
  try {
    await client.chat.update({
      channel,
      ts: message.ts,
      text: first?.kind === 'message' ? first.text : (message.text ?? escapeMrkdwn(outcome.note)),
      blocks: [...base, note] as never[],
    });
  } catch (err) {
    // The action itself succeeded; a failed cosmetic edit is only logged.
    logger.warn({ err, channel }, 'slack: could not update the original message');
  }
}

/** Text that is not one of Herald's commands («сколько продали вчера?») is a question for Ask Herald. */
function isQuestion(text: string): boolean {
  if (text === '') return false;
  const name = parseCommand(text)?.name;
  return name === undefined || !(CHAT_COMMANDS as readonly string[]).includes(name);
}
