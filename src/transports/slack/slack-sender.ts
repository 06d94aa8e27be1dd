/**
 * The outbox's way into Slack. One call, one attempt: the WebClient must be built with
 * `rejectRateLimitedCalls: true` and no retries (see `createSlackSenderClient`), because the
 * dispatcher owns pacing and retries and needs to see every 429 with its Retry-After.
 */
import { webApi } from '@slack/bolt';
import { SendError, type SendFailure, type Sender } from '../../delivery/sender.js';
import type { OutboundMessage } from '../../messages/message.js';
import { slackPostCall, slackUploadCall } from '../../render/slack-calls.js';
import { escapeMrkdwn, plainTextObject, SLACK_MAX_SECTION_TEXT } from '../../render/slack-blocks.js';
import { actionsBlock } from './slack-reply.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

export interface SlackSenderClientOptions {
  /** Web API base, e.g. `http://127.0.0.1:PORT/api/` for a test server (SLACK_API_URL). */
  apiUrl?: string;
}

/** A WebClient fit for the sender: 429s are returned at once, nothing is retried inside. */
export function createSlackSenderClient(botToken: string, options: SlackSenderClientOptions = {}): WebClient {
  return new webApi.WebClient(botToken, {
    ...(options.apiUrl ? { slackApiUrl: withSlash(options.apiUrl) } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logLevel: webApi.LogLevel.ERROR,
  });
}

export function createSlackSender(client: WebClient): Sender {
  return {
    transport: 'slack',
    // WebClient takes no AbortSignal; a call ends by its own timeout.
    async send(chatId: string, message: OutboundMessage) {
      try {
        return { messageId: await sendOne(client, chatId, message) };
      } catch (err) {
        throw new SendError(classifySlackError(err));
      }
    },
  };
}

async function sendOne(client: WebClient, channel: string, message: OutboundMessage): Promise<string> {
  switch (message.format) {
    case 'slack-blocks': {
      const call = slackPostCall(message);
      const r = await client.chat.postMessage({ channel, text: call.text, blocks: call.blocks as never[] });
      return r.ts ?? '';
    }
    case 'text': {
      // Neutral text becomes Slack text here: escaped, as Slack parses `text` for mentions and links.
      const blocks = message.buttons?.length
        ? [{ type: 'section', text: plainTextObject(message.text, SLACK_MAX_SECTION_TEXT) }, ...message.buttons.map(actionsBlock)]
        : undefined;
      const r = await client.chat.postMessage({ channel, text: escapeMrkdwn(message.text), ...(blocks ? { blocks } : {}) });
      return r.ts ?? '';
    }
    case 'photo': {
      const call = slackUploadCall(message);
      const r = await client.filesUploadV2({
        channel_id: channel,
        file: Buffer.from(call.file),
        filename: call.filename,
        ...(call.initial_comment ? { initial_comment: call.initial_comment } : {}),
      });
      const files = (r as { files?: { files?: { id?: string }[] }[] }).files;
      return files?.[0]?.files?.[0]?.id ?? '';
    }
    case 'telegram-html':
      throw new Error('slack sender: a telegram-html message was routed to Slack');
    default: {
      const never: never = message;
      throw new Error(`slack sender: unknown format ${JSON.stringify(never)}`);
    }
  }
}

/** Errors that mean the channel is gone for us: the subscription becomes inactive. */
const CHANNEL_GONE = new Set([
  'channel_not_found', 'not_in_channel', 'is_archived', 'account_inactive', 'invalid_auth', 'token_revoked',
  'restricted_action', 'ekm_access_denied', 'team_access_not_granted',
]);

export function classifySlackError(err: unknown): SendFailure {
  if (err instanceof SendError) return err.failure;
  const e = err as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  const message = e.message ?? String(err);
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return { kind: 'rate_limited', retryAfterMs: (e.retryAfter ?? 1) * 1000, message };
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? '';
      if (code === 'ratelimited') return { kind: 'rate_limited', retryAfterMs: 1000, message };
      if (CHANNEL_GONE.has(code)) return { kind: 'permanent', message: `slack: ${code}` };
      return { kind: 'transient', message: `slack: ${code}` };
    }
    case webApi.ErrorCode.HTTPError:
    case webApi.ErrorCode.RequestError:
    default:
      return { kind: 'transient', message };
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
