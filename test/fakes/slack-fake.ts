/**
 * A loopback Slack Web API speaking the real wire protocol, for tests that drive Bolt and the
 * WebClient: `POST {apiUrl}<method>` with a Bearer token and a urlencoded or JSON body, answering
 * `{ok: true, …}` or `{ok: false, error}` (HTTP 200, as Slack does) and HTTP 429 with
 * `Retry-After` (seconds) when a channel is posted to faster than its limit (sliding window;
 * default 3 in any 3 s: Slack's "about one a second", allowing a short burst).
 * Block Kit limits: more than 50 blocks, or a section text over 3000 characters → `invalid_blocks`.
 * File uploads follow `WebClient.filesUploadV2`: files.getUploadURLExternal → POST the bytes to
 * the returned URL → files.completeUploadExternal. Response URLs (`/_response/<id>`) record what
 * a handler `respond()`s.
 * Socket Mode (see slack-socket-mode.ts): `apps.connections.open` with the app-level token opens
 * a WebSocket on the same port; `socketMode` delivers envelopes over it and records the acks.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BodyError, jsonField, readBody } from './http-body.js';
import { createMethodHolds, type MethodHolds } from './method-holds.js';
import { createSocketModeLink, type SocketModeFake } from './slack-socket-mode.js';
import { SlidingWindows, type WindowRule } from './sliding-window.js';
import { createWaiters, FAKE_WAIT_MS, type Check, type WaitOptions } from './waiters.js';

export interface SlackFakeOptions {
  /** Bot token accepted (default `xoxb-test-token`); others get `invalid_auth`. */
  token?: string;
  /** App-level token accepted by apps.connections.open (default `xapp-1-A0HERALD-1-test`). */
  appToken?: string;
  /** Per-channel limit for chat.postMessage; false turns it off. */
  rateLimit?: WindowRule | false;
  /** Channels that answer `channel_not_found`. */
  missingChannels?: Iterable<string>;
  /** Channels that answer `is_archived`. */
  archivedChannels?: Iterable<string>;
  /** Private channels the bot was not invited to: posting answers `not_in_channel`. */
  outsideChannels?: Iterable<string>;
  /** The bot token's scopes, sent as Slack does in `x-oauth-scopes` (default: those of slack/manifest.yml). */
  scopes?: string[];
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
  threadTs?: string;
}

export interface SlackFake {
  /** Base for `slackApiUrl` / SLACK_API_URL, ending in `/api/`. */
  apiUrl: string;
  /** Base of the server, e.g. for response URLs. */
  origin: string;
  token: string;
  appToken: string;
  /** Socket Mode: envelopes to the connected app, and its acks. */
  socketMode: SocketModeFake;
  posted: PostedMessage[];
  updates: PostedMessage[];
  ephemeral: { channel: string; user: string; text: string }[];
  /** Completed uploads; `initialComment` is the message Slack posts with the file (parsed like `text`). */
  files: { channel: string; id: string; filename: string; title: string; size: number; initialComment?: string }[];
  responses: { id: string; body: Record<string, unknown> }[];
  stats: { requests: number; rateLimited: number; calls: Map<string, number> };
  /** Holds calls of a Web API method (e.g. `auth.test`) unanswered until released. */
  hold: MethodHolds['hold'];
  /** Answers the next `times` calls of `method` with a bare HTTP `status` (a Slack outage). */
  failNext(method: string, status: number, times?: number): void;
  /** Resolves when `count` messages in all have been posted (chat.postMessage + files); rejects after `timeoutMs`. */
  waitForPosts(count: number, timeoutMs?: number): Promise<void>;
  /**
   * Resolves with `check()`'s value once it holds over what the fake recorded (posts, updates,
   * ephemeral messages, files, responses); re-checked on every record, rejects on time-out.
   */
  waitFor<T>(check: Check<T>, options?: WaitOptions): Promise<T>;
  close(): Promise<void>;
}

export const SLACK_FAKE_BOT_USER = 'UHERALDBOT';

export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const token = options.token ?? 'xoxb-test-token';
  const appToken = options.appToken ?? 'xapp-1-A0HERALD-1-test';
  const link = createSocketModeLink(undefined, () => waiters.notify());
  const limit = options.rateLimit === false ? null : (options.rateLimit ?? { limit: 3, windowMs: 3000 });
  const missing = new Set(options.missingChannels ?? []);
  const outside = new Set(options.outsideChannels ?? []);
  const archived = new Set(options.archivedChannels ?? []);
  const windows = new SlidingWindows();
  const messages = new Map<string, PostedMessage>();
  const uploads = new Map<string, { filename: string; size: number }>();
  const waiters = createWaiters('slack fake');
  const holds = createMethodHolds();
  const outages = new Map<string, { status: number; left: number }>();
  let seq = 0;
  const nextTs = () => `${1_700_000_000 + ++seq}.${String(seq).padStart(6, '0')}`;

  const fake: SlackFake = {
    apiUrl: '',
    origin: '',
    token,
    appToken,
    socketMode: link.fake,
    posted: [],
    updates: [],
    ephemeral: [],
    files: [],
    responses: [],
    stats: { requests: 0, rateLimited: 0, calls: new Map() },
    hold: holds.hold,
    failNext(method, status, times = 1) {
      outages.set(method, { status, left: times });
    },
    async waitForPosts(count, timeoutMs = FAKE_WAIT_MS) {
      await waiters.waitFor(() => fake.posted.length + fake.files.length >= count, {
        timeoutMs,
        what: `${count} posts (have ${fake.posted.length + fake.files.length})`,
      });
    },
    waitFor: (check, options) => waiters.waitFor(check, options),
    close: () => {
      waiters.cancelAll('closed');
      link.closeAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const notify = () => waiters.notify();

  /** One Web API method: returns the JSON answer, or a 429 marker. */
  function call(method: string, p: Record<string, unknown>): Record<string, unknown> | { status: 429; retryAfter: number } {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://herald-test.slack.com/', team: 'Herald Test', user: 'herald', team_id: 'T0HERALD', user_id: SLACK_FAKE_BOT_USER, bot_id: 'B0HERALD' };
      case 'chat.postMessage': {
        const channel = channelOf(p);
        if (typeof channel !== 'string') return channel;
        const blocks = blocksOf(p);
        if (!Array.isArray(blocks)) return blocks;
        const text = typeof p.text === 'string' ? p.text : '';
        if (text === '' && blocks.length === 0) return { ok: false, error: 'no_text' };
        if (limit) {
          const wait = windows.hit([[channel, limit]], Date.now());
          if (wait > 0) return { status: 429, retryAfter: Math.ceil(wait / 1000) };
        }
        const message: PostedMessage = { channel, ts: nextTs(), text, blocks, ...(typeof p.thread_ts === 'string' ? { threadTs: p.thread_ts } : {}) };
        messages.set(`${channel}/${message.ts}`, message);
        fake.posted.push(message);
        notify();
        return { ok: true, channel, ts: message.ts, message: { type: 'message', text, blocks, ts: message.ts, bot_id: 'B0HERALD' } };
      }
      case 'chat.update': {
        const channel = channelOf(p);
        if (typeof channel !== 'string') return channel;
        const stored = messages.get(`${channel}/${String(p.ts)}`);
        if (!stored) return { ok: false, error: 'message_not_found' };
        const blocks = blocksOf(p);
        if (!Array.isArray(blocks)) return blocks;
        const update: PostedMessage = { channel, ts: stored.ts, text: typeof p.text === 'string' ? p.text : stored.text, blocks };
        messages.set(`${channel}/${stored.ts}`, update);
        fake.updates.push(update);
        notify();
        return { ok: true, channel, ts: stored.ts, text: update.text };
      }
      case 'chat.postEphemeral': {
        const channel = channelOf(p);
        if (typeof channel !== 'string') return channel;
        fake.ephemeral.push({ channel, user: String(p.user ?? ''), text: String(p.text ?? '') });
        notify();
        return { ok: true, message_ts: nextTs() };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(p.length);
        if (!p.filename || !Number.isFinite(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++seq).padStart(8, '0')}`;
        uploads.set(id, { filename: String(p.filename), size: 0 });
        return { ok: true, upload_url: `${fake.origin}/_upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = jsonField(p.files);
        if (!Array.isArray(list) || list.length === 0) return { ok: false, error: 'invalid_arguments' };
        const channel = typeof p.channel_id === 'string' ? p.channel_id : '';
        if (channel && (missing.has(channel) || archived.has(channel))) return { ok: false, error: missing.has(channel) ? 'channel_not_found' : 'is_archived' };
        const files = [];
        for (const f of list as { id?: string; title?: string }[]) {
          const upload = uploads.get(String(f.id));
          if (!upload || upload.size === 0) return { ok: false, error: 'file_not_found' };
          if (channel) {
            const initialComment = typeof p.initial_comment === 'string' ? { initialComment: p.initial_comment } : {};
            fake.files.push({ channel, id: String(f.id), filename: upload.filename, title: f.title ?? upload.filename, size: upload.size, ...initialComment });
          }
          files.push({ id: f.id, title: f.title ?? upload.filename });
        }
        notify();
        return { ok: true, files };
      }
      case 'conversations.info': {
        const channel = channelOf(p);
        if (typeof channel !== 'string') return channel;
        return { ok: true, channel: { id: channel, name: channel.toLowerCase(), is_member: true } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function channelOf(p: Record<string, unknown>): string | Record<string, unknown> {
    const channel = typeof p.channel === 'string' ? p.channel : '';
    if (channel === '' || missing.has(channel)) return { ok: false, error: 'channel_not_found' };
    if (archived.has(channel)) return { ok: false, error: 'is_archived' };
    if (outside.has(channel)) return { ok: false, error: 'not_in_channel' };
    return channel;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    (async () => {
      fake.stats.requests++;
      if (url.pathname.startsWith('/_upload/')) {
        const id = url.pathname.slice('/_upload/'.length);
        let size = 0;
        for await (const chunk of req) size += (chunk as Buffer).length;
        const upload = uploads.get(id);
        if (!upload) return send(res, 404, 'not found');
        upload.size = size;
        return send(res, 200, `OK - ${size}`);
      }
      if (url.pathname.startsWith('/_response/')) {
        const { fields } = await readBody(req, url);
        fake.responses.push({ id: url.pathname.slice('/_response/'.length), body: fields });
        notify();
        return send(res, 200, 'ok');
      }
      if (!url.pathname.startsWith('/api/')) return send(res, 404, 'not found');
      const method = url.pathname.slice('/api/'.length);
      fake.stats.calls.set(method, (fake.stats.calls.get(method) ?? 0) + 1);
      const { fields } = await readBody(req, url);
      await holds.pass(method);
      const outage = outages.get(method);
      if (outage && outage.left-- > 0) return send(res, outage.status, 'upstream unavailable');
      const header = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (method === 'apps.connections.open') {
        // App-level tokens only, and only in the Authorization header.
        if (header === undefined) return send(res, 200, { ok: false, error: 'not_authed' });
        if (header === token) return send(res, 200, { ok: false, error: 'not_allowed_token_type' });
        if (header !== appToken) return send(res, 200, { ok: false, error: 'invalid_auth' });
        return send(res, 200, link.open(fake.origin));
      }
      const bearer = header ?? fields.token;
      if (bearer === appToken) return send(res, 200, { ok: false, error: 'not_allowed_token_type' });
      if (bearer !== token) return send(res, 200, { ok: false, error: 'invalid_auth' });
      res.setHeader('x-oauth-scopes', (options.scopes ?? ['chat:write', 'chat:write.public', 'files:write', 'commands', 'app_mentions:read']).join(','));
      const answer = call(method, fields);
      if ('status' in answer && answer.status === 429) {
        fake.stats.rateLimited++;
        res.setHeader('Retry-After', String(answer.retryAfter));
        return send(res, 429, { ok: false, error: 'ratelimited' });
      }
      return send(res, 200, answer);
    })().catch((err: unknown) => send(res, err instanceof BodyError ? 400 : 500, { ok: false, error: String(err) }));
  });
  server.on('upgrade', (req, socket, head) => link.upgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  fake.origin = `http://127.0.0.1:${port}`;
  fake.apiUrl = `${fake.origin}/api/`;
  return fake;
}

/** Block Kit as Slack checks it: a list, at most 50 blocks, section text at most 3000 characters. */
function blocksOf(p: Record<string, unknown>): Record<string, unknown>[] | Record<string, unknown> {
  if (p.blocks === undefined) return [];
  const blocks = jsonField(p.blocks);
  if (!Array.isArray(blocks)) return { ok: false, error: 'invalid_blocks_format' };
  if (blocks.length > 50) return { ok: false, error: 'invalid_blocks', errors: ['must provide less than 51 items [json-pointer:/blocks]'] };
  for (const [i, b] of blocks.entries()) {
    const block = b as { type?: unknown; text?: { text?: unknown } };
    if (typeof block.type !== 'string') return { ok: false, error: 'invalid_blocks', errors: [`missing type [json-pointer:/blocks/${i}]`] };
    if (block.type === 'section' && typeof block.text?.text === 'string' && block.text.text.length > 3000) {
      return { ok: false, error: 'invalid_blocks', errors: [`must be less than 3001 characters [json-pointer:/blocks/${i}/text]`] };
    }
  }
  return blocks as Record<string, unknown>[];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8' });
  res.end(text);
}
