/**
 * Webhook bodies are limited to 1 MiB on Herald's HTTP server: a larger one gets 413 before it is
 * buffered — at once from its Content-Length, or as soon as a streamed (chunked) body passes the
 * limit, after which the server reads no more. The Telegram webhook (even with the right secret)
 * and Slack's /slack/events both; ordinary requests are untouched.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WEBHOOK_BODY_BYTES, startHttpServer, type HttpServer } from '../../src/monitor/http-server.js';
import { createSlackTransport } from '../../src/transports/slack/slack-transport.js';
import { createTelegramTransport, type TelegramTransport } from '../../src/transports/telegram/telegram-transport.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { createChatWorld, type ChatWorld } from './harness.js';

const SECRET = 'hook-secret_1';
const SIGNING = 'test-signing-secret';
const CHAT = '-100500';
const CHANNEL = 'C0ALLOWED';
const MB = 1024 * 1024;

let world: ChatWorld;
let telegram: TelegramFake;
let slack: SlackFake;
let http: HttpServer;
let bot: TelegramTransport;

describe.each(STORE_DRIVERS)('webhook body limits on $driver (a fresh fake each)', ({ open }) => {

  beforeAll(async () => {
    [world, telegram, slack] = await Promise.all([
      createChatWorld({ TELEGRAM_ALLOWED_CHATS: CHAT, SLACK_ALLOWED_CHANNELS: CHANNEL }, open),
      startTelegramFake({ rateLimits: false }),
      startSlackFake({ rateLimit: false }),
    ]);
    const { store, logger, core, config } = world;
    http = await startHttpServer({ port: 0, host: '127.0.0.1', store, logger });
    bot = createTelegramTransport({ token: telegram.token, apiRoot: telegram.apiRoot, core, store, logger, locale: 'ru', timeZone: config.timeZone, webhook: { url: `${http.url}/telegram/hook`, secret: SECRET } });
    const app = createSlackTransport({ botToken: slack.token, signingSecret: SIGNING, apiUrl: slack.apiUrl, core, store, logger, locale: 'ru', timeZone: config.timeZone });
    for (const route of [...bot.routes, ...app.routes]) http.mount(route);
    await Promise.all([bot.start(), app.start()]);
  });
  afterAll(async () => {
    await bot?.stop();
    await http?.close();
    await Promise.all([world?.cleanup(), telegram?.close(), slack?.close()]);
  });

  let nextUpdateId = 9000;
  /** A /help command as Telegram posts it, padded with an unknown field to `bytes` of JSON. */
  function update(bytes = 0): string {
    const base = {
      update_id: ++nextUpdateId,
      message: {
        message_id: nextUpdateId, date: 1_795_000_000, chat: { id: Number(CHAT), type: 'supergroup', title: 'Shop' },
        from: { id: 42, is_bot: false, first_name: 'Anna', language_code: 'ru' }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }],
      },
    };
    const json = JSON.stringify(base);
    return bytes <= json.length ? json : JSON.stringify({ ...base, pad: 'x'.repeat(bytes - json.length - 10) });
  }

  const toTelegram = (body: string) =>
    fetch(`${http.url}/telegram/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });

  function signedSlack(body: string) {
    const ts = Math.floor(Date.now() / 1000);
    return fetch(`${http.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': `v0=${createHmac('sha256', SIGNING).update(`v0:${ts}:${body}`).digest('hex')}`,
      },
      body,
    });
  }

  let trigger = 0;
  const slash = (text: string, pad = '') =>
    new URLSearchParams({
      token: 'legacy', team_id: 'T0HERALD', channel_id: CHANNEL, user_id: 'U0ANNA', user_name: 'anna', command: '/herald', text,
      response_url: `${slack.origin}/_response/x`, trigger_id: `77.1.${++trigger}`, ...(pad ? { pad } : {}),
    }).toString();

  /**
   * Streams `total` bytes in chunks without a Content-Length (chunked encoding), writing only as
   * fast as the server reads. Resolves with the status and how much had been written when the
   * answer came.
   */
  function stream(path: string, headers: Record<string, string>, total: number): Promise<{ status: number; written: number }> {
    return new Promise((resolve, reject) => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let written = 0;
      const req = request(`${http.url}${path}`, { method: 'POST', headers }, (res) => {
        resolve({ status: res.statusCode ?? 0, written });
        res.resume();
        req.destroy();
      });
      // After the answer the request is destroyed on purpose; the promise has settled by then.
      req.on('error', reject);
      const pump = () => {
        while (written < total && !req.destroyed) {
          written += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      req.write('{"update_id":1,"pad":"');
      pump();
    });
  }

  describe('Telegram webhook body limit', () => {
    it('answers 413 to a 2 MB update with the right secret, and handles nothing', async () => {
      const sent = telegram.sent.length;
      const res = await toTelegram(update(2 * MB));
      expect(res.status).toBe(413);
      expect(await res.text()).toBe('request body too large\n');
      expect(telegram.sent.length).toBe(sent);
    });

    it('stops reading a streamed body past the limit: 413 long before 64 MB were sent', async () => {
      const rss = process.memoryUsage().rss;
      const r = await stream('/telegram/hook', { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, 64 * MB);
      expect(r.status).toBe(413);
      // What was written beyond 1 MiB sits in the sockets' buffers, unread.
      expect(r.written).toBeLessThan(16 * MB);
      expect(process.memoryUsage().rss - rss).toBeLessThan(32 * MB);
    });

    it('still handles an ordinary update, and one just under the limit', async () => {
      const sent = telegram.sent.length;
      expect((await toTelegram(update())).status).toBe(200);
      expect((await toTelegram(update(MAX_WEBHOOK_BODY_BYTES - 100))).status).toBe(200);
      await telegram.waitFor(() => telegram.sent.length >= sent + 2, { what: 'both answers' });
      expect(telegram.sent.length).toBe(sent + 2);
      expect(telegram.sent.slice(sent).every((m) => m.chatId === CHAT && /^Команды:/.test(m.text))).toBe(true);
    });
  });

  describe('Slack /slack/events body limit', () => {
    it('answers 413 to a 2 MB signed request and handles nothing', async () => {
      const posted = slack.posted.length;
      const res = await signedSlack(slash('help', 'x'.repeat(2 * MB)));
      expect(res.status).toBe(413);
      expect(slack.posted.length).toBe(posted);
    });

    it('stops reading a streamed body past the limit', async () => {
      const r = await stream('/slack/events', { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': '1', 'x-slack-signature': 'v0=00' }, 64 * MB);
      expect(r.status).toBe(413);
      expect(r.written).toBeLessThan(16 * MB);
    });

    it('still answers an ordinary signed slash command', async () => {
      const posted = slack.posted.length;
      expect((await signedSlack(slash('help'))).status).toBe(200);
      await slack.waitForPosts(posted + slack.files.length + 1);
      expect(slack.posted.at(-1)?.text).toMatch(/Команды:/);
    });
  });
});
