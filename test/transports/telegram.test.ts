import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, type Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendError } from '../../src/delivery/sender.js';
import { startHttpServer } from '../../src/monitor/http-server.js';
import { createTelegramSender } from '../../src/transports/telegram/telegram-sender.js';
import { createTelegramTransport, type TelegramTransportOptions } from '../../src/transports/telegram/telegram-transport.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { renderTelegramReply } from '../../src/transports/telegram/telegram-reply.js';
import { bigBrief } from '../fixtures/brief-fixture.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { createChatWorld, LAST_DAY, type ChatWorld } from './harness.js';

const ALLOWED = '-100500';
let world: ChatWorld;
let fake: TelegramFake;
let bot: Bot;

describe.each(STORE_DRIVERS)('Telegram on $driver (a fresh fake each)', ({ open }) => {

  beforeAll(async () => {
    [world, fake] = await Promise.all([createChatWorld({ TELEGRAM_ALLOWED_CHATS: ALLOWED }, open), startTelegramFake({ rateLimits: false })]);
    bot = createTelegramTransport(options()).bot;
    await bot.init();
  });
  afterAll(async () => Promise.all([world?.cleanup(), fake?.close()]));

  function options(over: Partial<TelegramTransportOptions> = {}): TelegramTransportOptions {
    return {
      token: fake.token,
      apiRoot: fake.apiRoot,
      core: world.core,
      store: world.store,
      logger: world.logger,
      locale: 'ru',
      timeZone: world.config.timeZone,
      pollTimeoutSeconds: 1,
      ...over,
    };
  }

  let nextUpdateId = 5000;
  let nextMessageId = 1;
  const anna = { id: 42, is_bot: false, first_name: 'Anna', username: 'anna', language_code: 'ru' };
  const groupChat = (id: string) => ({ id: Number(id), type: 'supergroup' as const, title: 'Shop' });

  function commandUpdate(chatId: string, text: string, updateId = ++nextUpdateId) {
    const command = text.split(' ')[0]!;
    return {
      update_id: updateId,
      message: {
        message_id: nextMessageId++,
        date: 1_795_000_000,
        chat: groupChat(chatId),
        from: anna,
        text,
        entities: [{ type: 'bot_command' as const, offset: 0, length: command.length }],
      },
    };
  }

  const sentTo = (chatId: string) => fake.sent.filter((m) => m.chatId === chatId);

  describe('Telegram bot (grammY against the Bot API fake)', () => {
    it('answers /brief with an escaped HTML brief and an inline keyboard', async () => {
      await bot.handleUpdate(commandUpdate(ALLOWED, '/brief'));
      const sent = sentTo(ALLOWED);
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(sent.every((m) => m.parseMode === 'HTML' && m.text.length <= 4096)).toBe(true);
      expect(sent.map((m) => m.text).join('\n')).toContain('Кружка <керамика> & "Pro"');
      expect(sent.at(-1)?.replyMarkup).toEqual({
        inline_keyboard: [[
          { text: 'Подробнее', callback_data: `brief:${LAST_DAY}:details` },
          { text: 'График', callback_data: `brief:${LAST_DAY}:chart` },
        ]],
      });
    });

    it('answers a button press, sends the chart as a photo and edits the message to show who and when', async () => {
      const original = sentTo(ALLOWED).at(-1)!;
      await bot.handleUpdate({
        update_id: ++nextUpdateId,
        callback_query: {
          id: 'cb-1',
          from: anna,
          chat_instance: 'ci-1',
          data: `brief:${LAST_DAY}:chart`,
          message: { message_id: original.messageId, date: 1_795_000_100, chat: groupChat(ALLOWED), text: original.text, reply_markup: original.replyMarkup as never },
        },
      });
      expect(fake.callbackAnswers.map((a) => a.callback_query_id)).toContain('cb-1');
      const edit = fake.edits.at(-1)!;
      expect(edit.messageId).toBe(original.messageId);
      expect(edit.text).toBe(`${original.text}\n\n@anna: график · 09:30`);
      expect(edit.replyMarkup).toEqual(original.replyMarkup);
      const photo = sentTo(ALLOWED).at(-1)!;
      expect(photo.method).toBe('sendPhoto');
      expect(photo.photo).toMatchObject({ filename: `revenue-${LAST_DAY}.png` });
    });

    it('refuses a forged button without editing anything', async () => {
      const edits = fake.edits.length;
      await bot.handleUpdate({
        update_id: ++nextUpdateId,
        callback_query: { id: 'cb-2', from: anna, chat_instance: 'ci-1', data: 'brief:2019-01-01:details', message: { message_id: 1, date: 1_795_000_100, chat: groupChat(ALLOWED), text: 'x' } },
      });
      expect(fake.callbackAnswers.find((a) => a.callback_query_id === 'cb-2')).toMatchObject({ text: expect.stringMatching(/устарела/) });
      expect(fake.edits.length).toBe(edits);
    });

    it('ignores an update it has already handled (same update_id)', async () => {
      const before = sentTo(ALLOWED).length;
      const update = commandUpdate(ALLOWED, '/help');
      await bot.handleUpdate(update);
      await bot.handleUpdate(update);
      expect(sentTo(ALLOWED).length).toBe(before + 1);
    });

    it('refuses a chat that is not allowed exactly once', async () => {
      for (const text of ['/brief', '/help', '/status']) await bot.handleUpdate(commandUpdate('-100999', text));
      expect(sentTo('-100999').map((m) => m.text)).toEqual([expect.stringMatching(/этот чат не подключён к Herald/)]);
    });

    it('gives a reply up at once when the Bot API is unreachable, instead of retrying it for hours', async () => {
      // auto-retry retries network errors forever (3 s, 6 s, … up to an hour); a handler stuck there
      // would also hold runner.stop(), i.e. the bot's shutdown.
      const closed = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      const offline = createTelegramTransport(options({ apiRoot: `http://127.0.0.1:${closed}`, botInfo: bot.botInfo })).bot;
      await expect(offline.handleUpdate(commandUpdate(ALLOWED, '/help'))).rejects.toThrow(/sendMessage/);
    }, 2_900);

    it('serves commands through long polling with the runner and registers the command menu', async () => {
      const transport = createTelegramTransport(options());
      await transport.start();
      try {
        expect([...fake.commands.keys()].sort()).toEqual(['default|', 'default|en', 'default|ru']);
        const before = sentTo(ALLOWED).length;
        await fake.pushUpdate(commandUpdate(ALLOWED, '/help'));
        await fake.waitFor(() => sentTo(ALLOWED).length > before, { what: 'the answer to /help' });
        expect(sentTo(ALLOWED).at(-1)?.text).toMatch(/^Команды:/);
      } finally {
        await transport.stop();
      }
    });

    it('takes webhook updates only with the right secret token', async () => {
      const http = await startHttpServer({ port: 0, host: '127.0.0.1', store: world.store, logger: world.logger });
      const transport = createTelegramTransport(options({ webhook: { url: `${http.url}/telegram/hook`, secret: 'right-secret_1' } }));
      for (const r of transport.routes) http.mount(r);
      try {
        await transport.start();
        expect(fake.webhook()).toEqual({ url: `${http.url}/telegram/hook`, secretToken: 'right-secret_1' });
        const post = (secret: string | null) =>
          fetch(`${http.url}/telegram/hook`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
            body: JSON.stringify(commandUpdate(ALLOWED, '/help')),
          });
        const before = sentTo(ALLOWED).length;
        expect((await post('wrong')).status).toBe(401);
        expect((await post(null)).status).toBe(401);
        expect(sentTo(ALLOWED).length).toBe(before);
        expect((await post('right-secret_1')).status).toBe(200);
        expect(sentTo(ALLOWED).length).toBe(before + 1);
        // The fake delivers like Telegram: with the registered secret in the header.
        expect(await fake.pushUpdate(commandUpdate(ALLOWED, '/help'))).toBe(200);
        expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
      } finally {
        await transport.stop();
        await http.close();
        await bot.api.deleteWebhook();
      }
    });
  });

  describe('Telegram sender (outbox → Bot API)', () => {
    const sender = () => createTelegramSender(new Api(fake.token, { apiRoot: fake.apiRoot }));
    const failure = async (p: Promise<unknown>) => {
      const err = await p.then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(SendError);
      return (err as SendError).failure;
    };

    it('returns the message id of a sent message', async () => {
      const { messageId } = await sender().send('777', { format: 'telegram-html', html: '<b>Сводка</b> &amp; всё' });
      expect(fake.sent.find((m) => m.chatId === '777' && String(m.messageId) === messageId)?.text).toBe('Сводка & всё');
    });

    it('classifies 429 as rate limited with retry_after in ms', async () => {
      fake.inject({ code: 429, description: 'Too Many Requests: retry after 7', retryAfter: 7 });
      expect(await failure(sender().send('777', { format: 'text', text: 'hi' }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    });

    it('classifies a blocked bot and a missing chat as permanent, 5xx and bad markup as transient', async () => {
      fake.blockChat('888');
      expect(await failure(sender().send('888', { format: 'text', text: 'hi' }))).toMatchObject({ kind: 'permanent' });
      fake.inject({ code: 400, description: 'Bad Request: chat not found' });
      expect(await failure(sender().send('777', { format: 'text', text: 'hi' }))).toMatchObject({ kind: 'permanent' });
      fake.inject({ code: 502, description: 'Bad Gateway' });
      expect(await failure(sender().send('777', { format: 'text', text: 'hi' }))).toMatchObject({ kind: 'transient' });
      expect(await failure(sender().send('777', { format: 'telegram-html', html: '<b>unclosed' }))).toMatchObject({ kind: 'transient' });
    });

    it('sends a chart as a photo upload', async () => {
      const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
      await sender().send('777', { format: 'photo', pngBase64: png, caption: 'График', filename: 'chart.png' });
      expect(fake.sent.at(-1)).toMatchObject({ method: 'sendPhoto', chatId: '777', text: 'График', photo: { filename: 'chart.png', size: 8 } });
    });
  });

  describe('Telegram rendering', () => {
    it('splits a long reply into messages Telegram accepts, keyboard on the last', async () => {
      const reply = {
        blocks: [{ type: 'text' as const, text: `<script> & ${'х'.repeat(5000)}` }, { type: 'brief' as const, brief: bigBrief(400), full: true }],
        buttons: [[{ label: 'График', data: 'brief:2026-11-22:chart' }]],
      };
      const messages = renderTelegramReply(reply, { locale: 'ru', timeZone: 'Europe/Moscow' });
      expect(messages.length).toBeGreaterThan(3);
      const api = new Api(fake.token, { apiRoot: fake.apiRoot });
      for (const m of messages) {
        if (m.kind !== 'html') throw new Error('expected html');
        await api.sendMessage('321', m.html, { parse_mode: 'HTML', ...(m.keyboard ? { reply_markup: m.keyboard } : {}) });
      }
      const sent = fake.sent.filter((m) => m.chatId === '321');
      expect(sent).toHaveLength(messages.length);
      expect(sent[0]?.text.startsWith('<script> &')).toBe(true);
      expect(sent.map((m) => m.replyMarkup !== undefined)).toEqual(messages.map((_, i) => i === messages.length - 1));
    });
  });
});
