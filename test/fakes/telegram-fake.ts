/**
 * A loopback Telegram Bot API server speaking the real wire protocol, for tests that drive grammY
 * and the delivery dispatcher: `POST|GET {apiRoot}/bot<token>/<method>` with JSON, urlencoded or
 * multipart bodies, answering `{ok: true, result}` or `{ok: false, error_code, description,
 * parameters?: {retry_after}}`.
 *
 * Flood control (on by default; `rateLimits: false` turns it off) uses sliding windows like the
 * real server: 30 messages per second per bot, 20 per minute per group (negative chat id), and
 * per chat "one a second" modelled as 3 in any 3 s — the real server lets a short burst of about
 * three through before it answers 429. A message counts as delivered when the server accepts it,
 * before the `latencyMs` delay on the answer: a client killed in that gap has delivered without
 * knowing, as with the real API.
 *
 * Standalone (for a test whose client runs in another process):
 *   node bin/run-ts.js test/fakes/telegram-fake.ts --port 0 [--rate-limits off] [--latency 5]
 * prints `{"apiRoot": "http://127.0.0.1:PORT", "token": "…"}` and serves `GET /_fake/stats`,
 * `GET /_fake/sent`, `POST /_fake/updates` (push an update) and `POST /_fake/reset`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { BodyError, readBody } from './http-body.js';
import { createMethodHolds, type MethodHolds } from './method-holds.js';
import { mulberry32 } from './seeded-random.js';
import { SlidingWindows, type WindowRule } from './sliding-window.js';
import { ApiError, TelegramFakeState, type Edit, type SentMessage, type StoredFile } from './telegram-fake-api.js';
import { createWaiters, FAKE_WAIT_MS, type Check, type WaitOptions } from './waiters.js';

export type { Edit, SentMessage } from './telegram-fake-api.js';

export interface TelegramRateLimits {
  /** Messages per bot (default 30 in any 1000 ms). */
  global: WindowRule;
  /** Messages per chat (default 3 in any 3000 ms: 1/s with a burst of 3). */
  perChat: WindowRule;
  /** Messages per group chat, negative ids (default 20 in any 60 000 ms). */
  perGroup: WindowRule;
}

export const TELEGRAM_LIMITS: TelegramRateLimits = {
  global: { limit: 30, windowMs: 1000 },
  perChat: { limit: 3, windowMs: 3000 },
  perGroup: { limit: 20, windowMs: 60_000 },
};

export interface TelegramFakeOptions {
  /** Bot token the fake accepts (default `123456:TEST-fake-token`); others get 401. */
  token?: string;
  /** true (default) enforces TELEGRAM_LIMITS; an object overrides some of them; false turns them off. */
  rateLimits?: boolean | Partial<TelegramRateLimits>;
  /** Delay before each answer (not getUpdates), in ms. Default 0. */
  latencyMs?: number;
  /** Share (0–1) of send calls answered 500, decided by a PRNG seeded with `seed`. Default 0. */
  errorRate?: number;
  seed?: number;
  blockedChats?: Iterable<string | number>;
  missingChats?: Iterable<string | number>;
  /** Longest real wait of a long-polling getUpdates, whatever its `timeout` (default 1000 ms). */
  maxPollMs?: number;
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /**
   * The time flood control counts in, in ms since the epoch (default `Date.now`). A test passes
   * the virtual clock its client paces by, so the limits hold without real waiting.
   */
  now?: () => number;
}

/** See `TelegramFake.freezeAt`. */
export interface Freeze {
  /** Resolves with the message that froze the fake; rejects when it did not arrive in time. */
  reached: Promise<SentMessage>;
  /** Ends the freeze: the calls it held are dropped unanswered (their connections closed), later ones served. */
  thaw(): void;
}

export interface InjectedFailure {
  code: number;
  description: string;
  retryAfter?: number;
  /** Only for this method (default: any send method). */
  method?: string;
}

export interface TelegramFake {
  apiRoot: string;
  token: string;
  /** Queues an update for getUpdates, or POSTs it to the webhook when one is set (resolves to its status). */
  pushUpdate(update: Record<string, unknown>): Promise<number | null>;
  /** Messages accepted (sendMessage, sendPhoto), in order. */
  sent: SentMessage[];
  edits: Edit[];
  callbackAnswers: Record<string, unknown>[];
  /** Commands set with setMyCommands, by `scopeType|language_code` (e.g. `default|ru`). */
  commands: Map<string, unknown[]>;
  webhook(): { url: string; secretToken: string | undefined } | null;
  /** sendChatAction calls (chat_id, action), in order. */
  chatActions: Record<string, unknown>[];
  /** Registers a file a user sent (a voice message, a photo size); returns its file_id. */
  addFile(fileId: string, bytes: Uint8Array, path?: string): string;
  /** Paths downloaded through /file/bot<token>/<path>, in order. */
  downloads: string[];
  countsByChat(): Map<string, number>;
  blockChat(chatId: string | number): void;
  /** Fails the next `times` matching calls with this answer. */
  inject(failure: InjectedFailure, times?: number): void;
  /** Holds calls of a Bot API method (e.g. `getMe`) unanswered until released. */
  hold: MethodHolds['hold'];
  /** Called synchronously each time a message is accepted. */
  onSent(listener: (message: SentMessage) => void): () => void;
  /**
   * Resolves with `check()`'s value once it holds over what the fake recorded (sent, edits,
   * callback answers, chat actions…); re-checked after every call, rejects on time-out.
   */
  waitFor<T>(check: Check<T>, options?: WaitOptions): Promise<T>;
  /** Resolves when a long-polling getUpdates is waiting for an update; rejects on time-out. */
  longPollWaiting(options?: WaitOptions): Promise<void>;
  /**
   * A server that stops answering at a known point: the call that makes `sent` reach `count`
   * messages is accepted (the message is delivered) but never answered, and from then on every
   * call hangs unanswered and nothing more is accepted — until `thaw()`. A test kills its client
   * when `reached` resolves: the kill lands at exactly that message, with it in flight.
   */
  freezeAt(count: number, options?: WaitOptions): Freeze;
  stats: { rateLimited: number; requests: number; errorsInjected: number };
  reset(): void;
  close(): Promise<void>;
}

const SEND_METHODS = new Set(['sendMessage', 'sendPhoto']);

export async function startTelegramFake(options: TelegramFakeOptions = {}): Promise<TelegramFake> {
  const token = options.token ?? '123456:TEST-fake-token';
  let state = new TelegramFakeState(Number(token.split(':')[0]) || 1);
  const seedChats = () => {
    for (const c of options.blockedChats ?? []) state.blockedChats.add(String(c));
    for (const c of options.missingChats ?? []) state.missingChats.add(String(c));
  };
  seedChats();
  const limits = resolveLimits(options.rateLimits);
  const windows = new SlidingWindows();
  const random = mulberry32(options.seed ?? 1);
  const injected: Array<InjectedFailure & { left: number }> = [];
  const listeners = new Set<(m: SentMessage) => void>();
  const stats = { rateLimited: 0, requests: 0, errorsInjected: 0 };
  const updates: Array<Record<string, unknown> & { update_id: number }> = [];
  let nextUpdateId = 1;
  let poller: { finish(body: unknown, status?: number): void; take(): unknown } | null = null;
  let closed = false;
  const downloads: string[] = [];
  const latency = options.latencyMs ?? 0;
  const maxPollMs = options.maxPollMs ?? 1000;
  const holds = createMethodHolds();
  const waiters = createWaiters('telegram fake');
  const clockNow = options.now ?? Date.now;
  /** The active freeze, if any: `frozen` once its message was accepted. */
  let freeze: { count: number; frozen: boolean; hit(m: SentMessage): void; gate: Promise<void> } | null = null;

  /** A frozen server: the call waits, then is dropped without an answer. */
  async function hang(res: ServerResponse) {
    await freeze?.gate;
    res.destroy();
  }

  async function handleMethod(method: string, req: IncomingMessage, url: URL, res: ServerResponse) {
    const { fields, files } = await readBody(req, url);
    await holds.pass(method);
    if (freeze?.frozen) return hang(res);
    if (method === 'getUpdates') return getUpdates(fields, res);
    const now = clockNow();
    let answer: { status: number; body: unknown };
    try {
      if (SEND_METHODS.has(method)) injectFailures(method);
      const before = state.sent.length;
      const result = state.call(method, fields, files, now, (chatId) => floodControl(chatId, now));
      for (const m of state.sent.slice(before)) for (const l of listeners) l(m);
      answer = { status: 200, body: { ok: true, result } };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      answer = { status: err.code, body: { ok: false, error_code: err.code, description: err.description, ...(err.retryAfter ? { parameters: { retry_after: err.retryAfter } } : {}) } };
    }
    waiters.notify();
    if (freeze && !freeze.frozen && state.sent.length >= freeze.count) freeze.hit(state.sent[freeze.count - 1]!);
    // Simulated network latency of the answer (a server option, not a test waiting).
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    if (freeze?.frozen) return hang(res);
    send(res, answer.status, answer.body);
  }

  /** Injected failures, then random 500s, before a send method runs. */
  function injectFailures(method: string) {
    const i = injected.findIndex((f) => f.method === undefined || f.method === method);
    if (i !== -1) {
      const f = injected[i]!;
      if (--f.left <= 0) injected.splice(i, 1);
      stats.errorsInjected += 1;
      throw new ApiError(f.code, f.description, f.retryAfter);
    }
    if ((options.errorRate ?? 0) > 0 && random() < (options.errorRate ?? 0)) {
      stats.errorsInjected += 1;
      throw new ApiError(500, 'Internal Server Error');
    }
  }

  /** Sliding windows per bot, chat and group; a valid message over a limit gets 429. */
  function floodControl(chatId: string, now: number) {
    if (!limits) return;
    const entries: Array<readonly [string, WindowRule]> = [['bot', limits.global], [`chat:${chatId}`, limits.perChat]];
    if (chatId.startsWith('-')) entries.push([`group:${chatId}`, limits.perGroup]);
    const waitMs = windows.hit(entries, now);
    if (waitMs > 0) {
      stats.rateLimited += 1;
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
    }
  }

  function getUpdates(p: Record<string, unknown>, res: ServerResponse) {
    if (state.webhook) {
      return send(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    }
    const offset = Number(p.offset ?? 0);
    if (offset > 0) while (updates.length > 0 && updates[0]!.update_id < offset) updates.shift();
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    const take = () => (offset < 0 ? updates.slice(offset) : updates.slice(0, limit));
    const timeoutMs = Math.min(Number(p.timeout ?? 0) * 1000, maxPollMs);
    if (updates.length > 0 || timeoutMs <= 0 || closed) return send(res, 200, { ok: true, result: take() });
    // Telegram lets one long poll run at a time: a newer one terminates the older.
    poller?.finish({ ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }, 409);
    const timer = setTimeout(() => me.finish({ ok: true, result: take() }), timeoutMs);
    const me = {
      finish(body: unknown, status = 200) {
        clearTimeout(timer);
        if (poller === me) poller = null;
        send(res, status, body);
      },
      take,
    };
    poller = me;
    waiters.notify();
    res.on('close', () => {
      clearTimeout(timer);
      if (poller === me) poller = null;
    });
  }

  const server = createServer((req, res) => {
    stats.requests += 1;
    const url = new URL(req.url ?? '/', 'http://fake');
    route(req, url, res).catch((err: unknown) => {
      const status = err instanceof BodyError || err instanceof SyntaxError ? 400 : 500;
      send(res, status, { ok: false, error_code: status, description: status === 400 ? `Bad Request: ${(err as Error).message}` : 'Internal Server Error' });
    });
  });

  async function route(req: IncomingMessage, url: URL, res: ServerResponse) {
    if (url.pathname.startsWith('/_fake/')) return control(req, url, res);
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      if (decodeURIComponent(download[1]!) !== token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const path = decodeURIComponent(download[2]!);
      const file = [...state.files.values()].find((f) => f.path === path);
      if (!file) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      downloads.push(path);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.byteLength) });
      return void res.end(Buffer.from(file.bytes));
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (decodeURIComponent(m[1]!) !== token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    return handleMethod(m[2]!, req, url, res);
  }

  async function control(req: IncomingMessage, url: URL, res: ServerResponse) {
    if (url.pathname === '/_fake/stats') {
      return send(res, 200, { sent: state.sent.length, countsByChat: Object.fromEntries(state.countsByChat()), ...stats });
    }
    if (url.pathname === '/_fake/sent') return send(res, 200, state.sent);
    if (url.pathname === '/_fake/reset' && req.method === 'POST') {
      fake.reset();
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/_fake/updates' && req.method === 'POST') {
      const { fields } = await readBody(req, url);
      return send(res, 200, { ok: true, webhookStatus: await fake.pushUpdate(fields) });
    }
    return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: TelegramFake = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    async pushUpdate(update) {
      const id = typeof update.update_id === 'number' ? update.update_id : nextUpdateId;
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      const full = { ...update, update_id: id };
      if (state.webhook) {
        const res = await fetch(state.webhook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(state.webhook.secretToken ? { 'x-telegram-bot-api-secret-token': state.webhook.secretToken } : {}) },
          body: JSON.stringify(full),
        });
        await res.arrayBuffer();
        return res.status;
      }
      updates.push(full);
      poller?.finish({ ok: true, result: poller.take() });
      return null;
    },
    get sent() { return state.sent; },
    get edits() { return state.edits; },
    get callbackAnswers() { return state.callbackAnswers; },
    get commands() { return state.commands; },
    webhook: () => state.webhook,
    get chatActions() { return state.chatActions; },
    addFile(fileId, bytes, path) {
      const file: StoredFile = { fileId, bytes, path: path ?? `files/${fileId}` };
      state.files.set(fileId, file);
      return fileId;
    },
    downloads,
    countsByChat: () => state.countsByChat(),
    blockChat: (chatId) => void state.blockedChats.add(String(chatId)),
    inject: (failure, times = 1) => void injected.push({ ...failure, left: times }),
    hold: holds.hold,
    onSent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor: (check, waitOptions) => waiters.waitFor(check, waitOptions),
    async longPollWaiting(waitOptions) {
      await waiters.waitFor(() => poller !== null, { what: 'a long-polling getUpdates', ...waitOptions });
    },
    freezeAt(count, waitOptions = {}) {
      let thaw!: () => void;
      const gate = new Promise<void>((r) => (thaw = r));
      let hit!: (m: SentMessage) => void;
      let timer: NodeJS.Timeout | undefined;
      const me = { count, frozen: false, hit: (m: SentMessage) => hit(m), gate };
      const reached = new Promise<SentMessage>((resolve, reject) => {
        const timeoutMs = waitOptions.timeoutMs ?? FAKE_WAIT_MS;
        timer = setTimeout(() => reject(new Error(`telegram fake: ${waitOptions.what ?? `message ${count}`} not accepted within ${timeoutMs} ms (${state.sent.length} were)`)), timeoutMs);
        hit = (m) => {
          me.frozen = true;
          clearTimeout(timer);
          resolve(m);
        };
      });
      freeze = me;
      return {
        reached,
        thaw() {
          clearTimeout(timer);
          if (freeze === me) freeze = null;
          thaw();
        },
      };
    },
    stats,
    reset() {
      state = new TelegramFakeState(state.botId);
      seedChats();
      windows.reset();
      injected.length = 0;
      updates.length = 0;
      Object.assign(stats, { rateLimited: 0, requests: 0, errorsInjected: 0 });
    },
    async close() {
      closed = true;
      waiters.cancelAll('closed');
      poller?.finish({ ok: true, result: [] });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function resolveLimits(option: TelegramFakeOptions['rateLimits']): TelegramRateLimits | null {
  if (option === false) return null;
  if (option === true || option === undefined) return TELEGRAM_LIMITS;
  return { ...TELEGRAM_LIMITS, ...option };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const fake = await startTelegramFake({
    port: Number(arg('port') ?? 0),
    ...(arg('token') ? { token: arg('token') } : {}),
    rateLimits: arg('rate-limits') !== 'off',
    latencyMs: Number(arg('latency') ?? 0),
    errorRate: Number(arg('error-rate') ?? 0),
  });
  process.stdout.write(`${JSON.stringify({ apiRoot: fake.apiRoot, token: fake.token })}\n`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
