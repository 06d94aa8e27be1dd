import { createHmac } from 'node:crypto';
import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrief } from '../../src/brief/brief-service.js';
import { createChatCore } from '../../src/chat/chat-commands.js';
import { SendError } from '../../src/delivery/sender.js';
import { startHttpServer, type HttpServer } from '../../src/monitor/http-server.js';
import { createSlackSender, createSlackSenderClient } from '../../src/transports/slack/slack-sender.js';
import { createSlackTransport, type SlackTransport } from '../../src/transports/slack/slack-transport.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { loadConfig } from '../../src/config.js';
import { renderSlackReply } from '../../src/transports/slack/slack-reply.js';
import { startChatTransports } from '../../src/herald/start-transports.js';
import { startTelegramFake } from '../fakes/telegram-fake.js';
import { bigBrief } from '../fixtures/brief-fixture.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { createChatWorld, LAST_DAY, type ChatWorld } from './harness.js';
import { recordingCore, type RecordingCore } from './recording-core.js';
import { clockOf } from '../../src/time/clock.js';

const SECRET = 'test-signing-secret';
const CHANNEL = 'C0ALLOWED';
/** A private channel on the allow-list that the bot was never invited to. */
const PRIVATE = 'G0PRIVATE';
let world: ChatWorld;
let fake: SlackFake;
let http: HttpServer;
let transport: SlackTransport;
/** The real core, remembering what it answered: tests await it instead of sleeping. */
let recorded: RecordingCore;
/** The brief waits for this gate, so a test can see the ack arrive before the work. */
let gate: Promise<void> = Promise.resolve();

describe.each(STORE_DRIVERS)('Slack on $driver (a fresh fake each)', ({ open }) => {

  beforeAll(async () => {
    [world, fake] = await Promise.all([
      createChatWorld({ SLACK_ALLOWED_CHANNELS: `${CHANNEL},${PRIVATE}` }, open),
      startSlackFake({ outsideChannels: [PRIVATE] }),
    ]);
    const { store, config, logger, now, subscriptions } = world;
    recorded = recordingCore(createChatCore({
      config, store, logger, clock: clockOf({ now }), subscriptions,
      briefs: async (o) => {
        await gate;
        return buildBrief({ store, config, clock: clockOf({ now }) }, o);
      },
    }));
    transport = createSlackTransport({ botToken: fake.token, signingSecret: SECRET, apiUrl: fake.apiUrl, core: recorded.core, store, logger, locale: 'ru', timeZone: config.timeZone });
    http = await startHttpServer({ port: 0, host: '127.0.0.1', store, logger, routes: transport.routes });
    await transport.start();
  });
  afterAll(async () => {
    await transport?.stop();
    await http?.close();
    await Promise.all([world?.cleanup(), fake?.close()]);
  });

  function sign(body: string, timestamp: number, secret = SECRET): string {
    return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  }

  async function postSigned(body: string, contentType: string, opts: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {}) {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const started = Date.now();
    const res = await fetch(`${http.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': opts.signature ?? sign(body, timestamp),
        ...opts.headers,
      },
      body,
    });
    return { status: res.status, text: await res.text(), ms: Date.now() - started };
  }

  /** Slack makes a new trigger_id for every invocation; a repeated one is a replay. */
  let triggers = 0;
  const slashBody = (text: string, channel = CHANNEL) =>
    new URLSearchParams({
      token: 'legacy', team_id: 'T0HERALD', team_domain: 'herald', channel_id: channel, channel_name: 'shop',
      user_id: 'U0ANNA', user_name: 'anna', command: '/herald', text,
      response_url: `${fake.origin}/_response/1`, trigger_id: `1.3.${++triggers}`,
    }).toString();
  const form = 'application/x-www-form-urlencoded';

  describe('Slack request verification', () => {
    it("accepts Slack's official example with the clock set to its timestamp", () => {
      const body =
        'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
      const options = {
        signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
        body,
        headers: { 'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503', 'x-slack-request-timestamp': 1531420618 },
      };
      expect(sign(body, 1531420618, options.signingSecret)).toBe(options.headers['x-slack-signature']);
      expect(() => verifySlackRequest({ ...options, nowMilliseconds: 1531420618 * 1000 + 30_000 })).not.toThrow();
      // Six minutes later the same request is stale.
      expect(isValidSlackRequest({ ...options, nowMilliseconds: (1531420618 + 360) * 1000 })).toBe(false);
    });

    it('rejects a forged signature and a stale timestamp with 401, doing nothing', async () => {
      const before = fake.posted.length;
      const handled = recorded.handled.length;
      const body = slashBody('help');
      expect((await postSigned(body, form, { signature: sign(body, Math.floor(Date.now() / 1000), 'not-the-secret') })).status).toBe(401);
      const stale = Math.floor(Date.now() / 1000) - 6 * 60;
      expect((await postSigned(body, form, { timestamp: stale, signature: sign(body, stale) })).status).toBe(401);
      // A correctly signed request sent after them is a barrier: once its answer is out, the
      // rejected ones, sent earlier through the same pipeline, would have left a trace too.
      expect((await postSigned(slashBody('help'), form)).status).toBe(200);
      await fake.waitForPosts(before + fake.files.length + 1);
      expect(recorded.handled.slice(handled).map((h) => [h.kind, h.text])).toEqual([['command', 'help']]);
      expect(fake.posted.slice(before).map((m) => m.text)).toEqual([expect.stringMatching(/Команды:/)]);
    });
  });

  /** A block_actions interaction payload as Slack posts it for a press on `message`. */
  function blockActions(message: { ts: string; text: string; blocks: unknown[] }, action: Record<string, unknown>) {
    return {
      type: 'block_actions',
      user: { id: 'U0ANNA', username: 'anna', name: 'anna', team_id: 'T0HERALD' },
      api_app_id: 'A0HERALD',
      token: 'legacy',
      container: { type: 'message', message_ts: message.ts, channel_id: CHANNEL, is_ephemeral: false },
      trigger_id: `1.2.${String(action.action_ts)}`,
      team: { id: 'T0HERALD', domain: 'herald' },
      channel: { id: CHANNEL, name: 'shop' },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      response_url: `${fake.origin}/_response/${String(action.action_ts)}`,
      actions: [action],
    };
  }

  describe('Slack app (Bolt against the Web API fake)', () => {
    it('acknowledges /herald brief at once and posts the brief after the ack', async () => {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      const before = fake.posted.length;
      const ack = await postSigned(slashBody('brief'), form);
      expect(ack.status).toBe(200);
      expect(ack.ms).toBeLessThan(3000);
      expect(fake.posted.length).toBe(before);
      release();
      await fake.waitForPosts(before + fake.files.length + 1);
      const brief = fake.posted.slice(before);
      expect(brief.every((m) => m.channel === CHANNEL)).toBe(true);
      const actions = brief.flatMap((m) => m.blocks).filter((b) => b.type === 'actions');
      expect(JSON.stringify(actions)).toContain(`"action_id":"brief:${LAST_DAY}:chart"`);
    });

    it('handles a button click: uploads the chart and updates the message with who and when', async () => {
      const message = fake.posted.findLast((m) => m.blocks.some((b) => b.type === 'actions'))!;
      const data = `brief:${LAST_DAY}:chart`;
      const payload = blockActions(message, { type: 'button', action_id: data, block_id: 'b1', text: { type: 'plain_text', text: 'График' }, value: data, action_ts: '1' });
      const files = fake.files.length;
      const res = await postSigned(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), form);
      expect(res.status).toBe(200);
      await fake.waitForPosts(fake.posted.length + files + 1);
      const update = fake.updates.at(-1)!;
      expect(update.ts).toBe(message.ts);
      expect(update.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'anna: график · 09:30' }] });
      expect(fake.files.at(-1)).toMatchObject({ channel: CHANNEL, filename: `revenue-${LAST_DAY}.png` });
    });

    it('routes a choice from an overflow menu (the alerts\' Snooze ▾) by its option value', async () => {
      const message = fake.posted.findLast((m) => m.blocks.some((b) => b.type === 'actions'))!;
      const data = `brief:${LAST_DAY}:details`;
      const payload = blockActions(message, {
        type: 'overflow', action_id: 'brief-menu:1', block_id: 'b2', selected_option: { text: { type: 'plain_text', text: 'Подробнее' }, value: data }, action_ts: '2',
      });
      const updates = fake.updates.length;
      const res = await postSigned(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), form);
      expect(res.status).toBe(200);
      await fake.waitFor(() => fake.updates.length > updates, { what: 'chat.update of the pressed message' });
      expect(fake.updates.length).toBe(updates + 1);
      expect(fake.updates.at(-1)!.blocks.at(-1)).toMatchObject({ type: 'context' });
    });

    it('answers a slash command through its response_url in a private channel the bot is not in', async () => {
      const responses = fake.responses.length;
      const ack = await postSigned(slashBody('help', PRIVATE), form);
      expect(ack.status).toBe(200);
      await fake.waitFor(() => fake.responses.length > responses, { what: 'an answer on response_url' });
      const answer = fake.responses.at(-1)!;
      expect(fake.responses.length).toBe(responses + 1);
      expect(answer.body).toMatchObject({ response_type: 'in_channel' });
      expect(JSON.stringify(answer.body)).toMatch(/Команды:/);
      expect(fake.posted.some((m) => m.channel === PRIVATE)).toBe(false);
    });

    it('processes a retried event (X-Slack-Retry-Num) once', async () => {
      const event = {
        type: 'event_callback', token: 'legacy', team_id: 'T0HERALD', api_app_id: 'A0HERALD', event_id: 'Ev0RETRY1', event_time: 1,
        event: { type: 'app_mention', user: 'U0ANNA', text: '<@UHERALDBOT> help', ts: '1700000000.000100', channel: CHANNEL, event_ts: '1700000000.000100' },
      };
      const body = JSON.stringify(event);
      const before = fake.posted.length;
      expect((await postSigned(body, 'application/json')).status).toBe(200);
      await fake.waitForPosts(before + fake.files.length + 1);
      expect((await postSigned(body, 'application/json', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
      // Events are acknowledged before any middleware: the log line says the retry was dropped.
      await world.waitForLog((l) => l.msg === 'slack: repeated request ignored' && l.key === 'Ev0RETRY1');
      // Only this mention's thread counts: a late post of another test must not be read as a repeat.
      const inThread = fake.posted.slice(before).filter((m) => m.threadTs === '1700000000.000100');
      expect(inThread.map((m) => m.text)).toEqual([expect.stringMatching(/Команды:/)]);
    });

    it('refuses a channel that is not allowed once', async () => {
      const before = fake.posted.length;
      const stranger = () => recorded.handled.filter((h) => h.chatId === 'C0STRANGER');
      await postSigned(slashBody('brief', 'C0STRANGER'), form);
      await fake.waitFor(() => fake.posted.slice(before).some((m) => m.channel === 'C0STRANGER'), { what: 'the refusal in the stranger channel' });
      await postSigned(slashBody('help', 'C0STRANGER'), form);
      // The core has decided about the second command; a reply (there must be none) is posted only after that.
      await recorded.waitFor(() => stranger().length === 2, { what: 'both commands from the stranger channel' });
      expect(stranger().map((h) => h.kind === 'command' && h.reply === null)).toEqual([false, true]);
      const toStranger = fake.posted.slice(before).filter((m) => m.channel === 'C0STRANGER');
      expect(toStranger.map((m) => m.text)).toEqual([expect.stringMatching(/не подключён/)]);
    });
  });

  describe('Slack sender (outbox → Web API)', () => {
    const sender = () => createSlackSender(createSlackSenderClient(fake.token, { apiUrl: fake.apiUrl }));
    const failure = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(SendError);
      return (err as SendError).failure;
    };

    it('posts blocks and returns the message ts', async () => {
      const { messageId } = await sender().send('C0SEND', { format: 'slack-blocks', text: 'Сводка', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Сводка*' } }] });
      expect(fake.posted.find((m) => m.ts === messageId)?.channel).toBe('C0SEND');
    });

    it('classifies 429 with Retry-After as rate limited, a missing channel as permanent, bad blocks as transient', async () => {
      const s = sender();
      const msg = { format: 'text' as const, text: 'hi' };
      await s.send('C0BURST', msg);
      await s.send('C0BURST', msg);
      await s.send('C0BURST', msg);
      expect(await failure(s.send('C0BURST', msg))).toMatchObject({ kind: 'rate_limited', retryAfterMs: expect.any(Number) });
      const limited = await failure(s.send('C0BURST', msg));
      expect(limited.kind === 'rate_limited' && limited.retryAfterMs >= 1000 && limited.retryAfterMs <= 3000).toBe(true);
      expect(await failure(s.send('', msg))).toMatchObject({ kind: 'permanent', message: 'slack: channel_not_found' });
      const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
      expect(await failure(s.send('C0SEND', { format: 'slack-blocks', text: 'x', blocks }))).toMatchObject({ kind: 'transient', message: 'slack: invalid_blocks' });
    });
  });

  describe('Slack rendering', () => {
    it('splits a long reply into messages within Block Kit limits, buttons on the last', async () => {
      const reply = {
        blocks: [
          { type: 'heading' as const, text: 'Статус <b>' },
          ...Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `строка ${i} & ${'я'.repeat(3500)}` })),
          { type: 'brief' as const, brief: bigBrief(400), full: true },
        ],
        buttons: [[{ label: 'График', data: 'brief:2026-11-22:chart' }]],
      };
      const messages = renderSlackReply(reply, { locale: 'ru', timeZone: 'Europe/Moscow' });
      const client = createSlackSenderClient(fake.token, { apiUrl: fake.apiUrl });
      const channels = messages.map((_, i) => `C0SPLIT${i}`);
      for (const [i, m] of messages.entries()) {
        if (m.kind !== 'message') throw new Error('expected a message');
        await client.chat.postMessage({ channel: channels[i]!, text: m.text, blocks: m.blocks as never[] });
      }
      const posted = fake.posted.filter((m) => m.channel.startsWith('C0SPLIT'));
      expect(posted).toHaveLength(messages.length);
      expect(posted.length).toBeGreaterThan(3);
      expect(posted.map((m) => m.blocks.some((b) => b.type === 'actions'))).toEqual(posted.map((_, i) => i === posted.length - 1));
      expect((posted[0]?.blocks[0] as { text: { text: string } }).text.text).toBe('*Статус &lt;b&gt;*');
    });
  });

  describe('startChatTransports', () => {
    it('starts every transport whose credentials are set, with a sender each, on one HTTP port', async () => {
      const telegram = await startTelegramFake({ rateLimits: false });
      const config = loadConfig({
        env: {
          TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot,
          SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, PORT: '0',
        },
        cwd: '/nonexistent-herald-dir',
      });
      const started = await startChatTransports({ config, store: world.store, logger: world.logger, core: world.core, clock: clockOf({ now: world.now }) });
      try {
        expect(started.transports.map((t) => t.name)).toEqual(['telegram', 'slack']);
        expect(started.senders.map((s) => s.transport)).toEqual(['telegram', 'slack']);
        expect((await fetch(`${started.http.url}/healthz`)).status).toBe(200);
        expect((await fetch(`${started.http.url}/readyz`)).status).toBe(200);
        // Slack's receiver is mounted: an unsigned request is refused by signature verification.
        expect((await fetch(`${started.http.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(401);
        const { messageId } = await started.senders[0]!.send('4242', { format: 'text', text: 'привет' });
        expect(telegram.sent.find((m) => String(m.messageId) === messageId)?.chatId).toBe('4242');
      } finally {
        await started.stop();
        await telegram.close();
      }
    });
  });
});
