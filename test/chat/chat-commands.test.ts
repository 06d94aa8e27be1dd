import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatCore } from '../../src/chat/chat-commands.js';
import { encodeCallbackData, parseCallbackData } from '../../src/messages/callback-data.js';
import type { ChatContext, Reply } from '../../src/messages/reply.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { ADMIN_TG, createChatWorld, LAST_DAY, type ChatWorld } from '../transports/harness.js';
import { clockOf } from '../../src/time/clock.js';

/** The chat world on the driver under test (its suite's beforeAll sets it). */
let world: ChatWorld;

const ctx = (over: Partial<ChatContext> = {}): ChatContext => ({
  transport: 'telegram',
  chatId: '-100500',
  userId: '42',
  userName: '@anna',
  locale: 'ru',
  ...over,
});
const texts = (r: Reply | null) => (r?.blocks ?? []).map((b) => (b.type === 'text' || b.type === 'heading' ? b.text : b.type));

describe('callback data', () => {
  it('round-trips kind:id:action within 64 bytes', () => {
    const data = encodeCallbackData({ kind: 'alert', id: '123456789', action: 'snooze' });
    expect(data).toBe('alert:123456789:snooze');
    expect(parseCallbackData(data)).toEqual({ ok: true, value: { kind: 'alert', id: '123456789', action: 'snooze' } });
  });

  it('rejects over-long, malformed and injected payloads', () => {
    expect(() => encodeCallbackData({ kind: 'k'.repeat(16), id: 'x'.repeat(40), action: 'details_and_more' })).toThrow(/64 bytes/);
    expect(parseCallbackData('brief:2026-11-22').ok).toBe(false);
    expect(parseCallbackData('brief:2026-11-22:chart:extra').ok).toBe(false);
    expect(parseCallbackData("brief:2026'; drop table x;--:chart").ok).toBe(false);
    expect(parseCallbackData(`brief:${'9'.repeat(70)}:chart`).ok).toBe(false);
  });
});

describe.each(STORE_DRIVERS)('chat on $driver', ({ open }) => {
  beforeAll(async () => {
    world = await createChatWorld({ TELEGRAM_ALLOWED_CHATS: '-100500' }, open);
  });
  afterAll(async () => world?.cleanup());

  describe('chat commands', () => {
    it('answers /brief with the brief and its buttons, whose data fits Telegram', async () => {
      const reply = await world.core.handleCommand(ctx(), '/brief@herald_fake_bot');
      expect(reply?.blocks[0]).toMatchObject({ type: 'brief', brief: { date: LAST_DAY } });
      const data = reply?.buttons?.flat().map((b) => b.data) ?? [];
      expect(data).toEqual([`brief:${LAST_DAY}:details`, `brief:${LAST_DAY}:chart`]);
      for (const d of data) expect(Buffer.byteLength(d)).toBeLessThanOrEqual(64);
    });

    it('says politely when a day has no data or the date is unreadable', async () => {
      expect(texts(await world.core.handleCommand(ctx(), '/brief 2020-01-01'))[0]).toMatch(/Нет данных за/);
      expect(texts(await world.core.handleCommand(ctx(), '/brief когда-нибудь'))[0]).toMatch(/Не понимаю дату/);
      expect(texts(await world.core.handleCommand(ctx(), '/brief 31.02.2026'))[0]).toMatch(/Такой даты нет в календаре/);
    });

    it('says alerts and ask are coming when their modules are not wired', async () => {
      const bare = createChatCore({
        config: world.config,
        store: world.store,
        logger: world.logger,
        clock: clockOf({ now: world.now }),
        briefs: (o) => world.herald.brief(o),
        subscriptions: world.subscriptions,
      });
      expect(texts(await bare.handleCommand(ctx(), '/alerts'))[0]).toMatch(/скоро/);
      expect(texts(await bare.handleCommand(ctx({ locale: 'en' }), '/ask what sold?'))[0]).toMatch(/coming soon/);
      // The core createHerald wires has both.
      expect(texts(await world.core.handleCommand(ctx(), '/alerts'))[0]).not.toMatch(/скоро/);
      expect(texts(await world.core.handleCommand(ctx({ locale: 'en' }), '/ask what sold?'))[0]).not.toMatch(/coming soon/);
    });

    it('lets only admins subscribe, and a subscribed chat is then served', async () => {
      const stranger = ctx({ chatId: '-100777', userId: '42' });
      expect(texts(await world.core.handleCommand(stranger, '/help'))[0]).toMatch(/не подключён/);
      expect(texts(await world.core.handleCommand(ctx(), '/subscribe'))[0]).toMatch(/только администраторам/);

      const admin = ctx({ chatId: '-100777', userId: ADMIN_TG });
      const done = await world.core.handleCommand(admin, '/subscribe brief 08:30 Asia/Yekaterinburg quiet 22:00-07:00');
      expect(texts(done)[0]).toMatch(/подписан \(сводка\), сводка в 08:30 \(Asia\/Yekaterinburg\)/);
      expect(await world.subscriptions.get('telegram', '-100777')).toMatchObject({
        receives: ['brief'],
        briefAt: '08:30',
        timeZone: 'Asia/Yekaterinburg',
        quietHours: { from: '22:00', to: '07:00' },
        active: true,
        addedBy: ADMIN_TG,
      });
      const status = texts(await world.core.handleCommand(stranger, '/status'));
      expect(status.join('\n')).toMatch(/Последний день в данных: .*22/);
      expect(status.join('\n')).toMatch(/Чат подписан: сводка; сводка в 08:30/);

      expect(texts(await world.core.handleCommand(admin, '/unsubscribe'))[0]).toMatch(/отписан/);
      expect(await world.core.handleCommand(stranger, '/help')).toBeNull();
    });

    it('refuses a chat that is not allowed once, then stays silent, and logs it', async () => {
      const other = ctx({ chatId: '-100999' });
      expect(texts(await world.core.handleCommand(other, '/brief'))).toEqual([expect.stringMatching(/не подключён/)]);
      expect(await world.core.handleCommand(other, '/brief')).toBeNull();
      expect(await world.core.handleCommand(other, '/help')).toBeNull();
      const lines = world.logs.filter((l) => l.msg === 'access: chat not allowed' && l.chatId === '-100999');
      expect(lines.map((l) => l.firstTime)).toEqual([true, false, false]);
    });

    it('rejects bad /subscribe words with the usage line', async () => {
      const reply = await world.core.handleCommand(ctx({ userId: ADMIN_TG }), '/subscribe weekly');
      expect(texts(reply)).toEqual([expect.stringMatching(/Не понимаю «weekly»/), expect.stringMatching(/Формат: \/subscribe/)]);
    });
  });

  describe('button presses', () => {
    it('sends the chart and notes who pressed it and when', async () => {
      const outcome = await world.core.handleInteraction(ctx(), `brief:${LAST_DAY}:chart`);
      expect(outcome.kind).toBe('done');
      if (outcome.kind !== 'done') return;
      expect(outcome.note).toBe('@anna: график · 09:30');
      const photo = outcome.followUp?.blocks[0];
      expect(photo?.type).toBe('photo');
      if (photo?.type === 'photo') expect([...photo.png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    });

    it('verifies the day against the stored data instead of trusting the button', async () => {
      expect(await world.core.handleInteraction(ctx(), 'brief:2019-01-01:details')).toEqual({ kind: 'refused', message: expect.stringMatching(/устарела/) });
      expect(await world.core.handleInteraction(ctx(), 'brief:2026-11-22:drop')).toMatchObject({ kind: 'refused' });
      expect(await world.core.handleInteraction(ctx(), 'alert:1:ack')).toMatchObject({ kind: 'refused' });
      expect(await world.core.handleInteraction(ctx(), 'not callback data')).toMatchObject({ kind: 'refused' });
    });
  });
});
