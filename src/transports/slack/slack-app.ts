/**
 * Herald's Bolt app: `/herald brief|alerts|ask|status|…` (acknowledged at once, the work done
 * after the ack), `@Herald brief` mentions, and Block Kit button presses, all routed to the core.
 * Requests arrive signed (v0 HMAC-SHA256 over `v0:timestamp:body`, 5-minute window) through
 * Bolt's HTTPReceiver at POST /slack/events, or over Socket Mode when an app token is set.
 * An event that Slack retries (X-Slack-Retry-Num) is claimed by event_id and handled once.
 */
import { App, HTTPReceiver, type BlockAction, type ButtonAction, type OverflowAction } from '@slack/bolt';
import type { Locale } from '../../config.js';
import type { ChatCore } from '../../core/chat-commands.js';
import type { ChatContext, InteractionOutcome, Reply } from '../../core/reply.js';
import type { Store } from '../../data/store.js';
import type { Logger } from '../../log.js';
import { escapeMrkdwn, SLACK_MAX_BLOCKS } from '../../render/slack-blocks.js';
import { claimUpdate } from '../processed-updates.js';
import { boltLogger } from './bolt-logger.js';
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
}

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
  const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {};
  let receiver: HTTPReceiver | null = null;
  let app: App;
  if (options.appToken) {
    app = new App({ token: options.botToken, appToken: options.appToken, socketMode: true, clientOptions, logger: log, deferInitialization: true });
  } else {
    if (!options.signingSecret) throw new Error('slack: a signing secret is required without an app token');
    receiver = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: SLACK_EVENTS_PATH, logger: log });
    app = new App({ token: options.botToken, receiver, clientOptions, logger: log, deferInitialization: true });
  }

  app.use(async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await claimUpdate(store, 'slack', eventId))) {
      logger.info({ eventId, retryNum: context.retryNum, retryReason: context.retryReason }, 'slack: retried event ignored');
      return;
    }
    await next();
  });

  const post = (client: Client, channel: string, reply: Reply, threadTs?: string) => postReply(client, channel, reply, { locale, timeZone }, threadTs);

  app.command(SLACK_COMMAND, async ({ command, ack, client, respond }) => {
    // Slack gives a slash command 3 seconds: acknowledge first, work after.
    await ack();
    const ctx: ChatContext = { transport: 'slack', chatId: command.channel_id, userId: command.user_id, userName: command.user_name, locale };
    const reply = await core.handleCommand(ctx, command.text.trim() === '' ? 'help' : command.text);
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
    const reply = await core.handleCommand(ctx, text === '' ? 'help' : text);
    if (reply) await post(client, event.channel, reply, event.thread_ts ?? event.ts);
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
      await client.chat.postEphemeral({ channel, user: user.id, text: outcome.message });
      return;
    }
    if (outcome.toast) await client.chat.postEphemeral({ channel, user: user.id, text: outcome.toast });
    const message = body.message;
    if (message?.ts) await updateOriginal(client, channel, message as { ts: string; text?: string; blocks?: unknown[] }, outcome, { locale, timeZone }, logger);
    if (outcome.followUp) await post(client, channel, outcome.followUp);
  });

  app.error(async (error) => {
    logger.error({ err: error }, 'slack: handler failed');
  });
  return { app, receiver };
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
