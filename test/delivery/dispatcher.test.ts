import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { virtualClock } from '../../src/time/clock.js';
import { dispatch, type DispatchOptions } from '../../src/delivery/dispatcher.js';
import { deliveryGroupKey } from '../../src/delivery/idempotency-key.js';
import { Outbox, type PlannedDelivery } from '../../src/delivery/outbox.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { capturingLogger, outboxRows, telegramSender } from './helpers.js';

const AT = new Date('2026-11-23T06:00:00Z');

function plan(chatId: string, parts: string[], ref = '2026-11-22'): PlannedDelivery {
  return {
    groupKey: deliveryGroupKey({ kind: 'brief', ref }, 'telegram', chatId),
    kind: 'brief',
    transport: 'telegram',
    chatId,
    parts: parts.map((html, i) => ({ format: 'telegram-html', html, ...(i === parts.length - 1 ? { buttons: [[{ label: 'Подробнее', data: `brief:${ref}:details` }]] } : {}) })),
  };
}

describe.each(STORE_DRIVERS)('delivery dispatcher (outbox on $driver, Telegram fake)', ({ open }) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let fake: TelegramFake;
  let outbox: Outbox;
  const log = capturingLogger();

  const options = (extra: Partial<DispatchOptions> = {}): DispatchOptions => ({
    store,
    senders: { telegram: telegramSender(fake) },
    subscriptions: createSubscriptionRepository(store),
    logger: log.logger,
    clock: virtualClock(AT.getTime()),
    backoff: { random: () => 0.5 },
    ...extra,
  });

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    fake = await startTelegramFake({ blockedChats: ['666'] });
    outbox = new Outbox(store);
  });
  afterAll(async () => {
    await fake?.close();
    await cleanup?.();
  });
  beforeEach(async () => {
    await store.query('delete from deliveries');
    await store.query('delete from subscriptions');
    fake.reset();
    log.lines.length = 0;
  });

  it('plans a group once however often it is planned, and sends it once however often it is dispatched', async () => {
    const plans = ['1', '2', '3'].map((c) => plan(c, [`<b>Сводка</b> для ${c}`]));
    expect((await outbox.enqueue(plans, AT)).enqueued).toHaveLength(3);
    expect(await outbox.enqueue(plans, AT)).toEqual({ enqueued: [], existing: plans.map((p) => p.groupKey) });
    expect((await dispatch(options())).sent).toBe(3);
    expect((await dispatch(options())).sent).toBe(0);
    expect([...fake.countsByChat().values()]).toEqual([1, 1, 1]);
    const rows = await outboxRows(store);
    expect(rows.map((r) => [r.idempotency_key, r.status, r.message_id])).toEqual([
      ['brief:2026-11-22:tg:1:1', 'sent', '1'],
      ['brief:2026-11-22:tg:2:1', 'sent', '1'],
      ['brief:2026-11-22:tg:3:1', 'sent', '1'],
    ]);
  });

  it('sends the parts of a message in order, with the buttons under the last', async () => {
    await outbox.enqueue([plan('-100500', ['часть 1', 'часть 2', 'часть 3']), plan('7', ['одна'])], AT);
    const report = await dispatch(options());
    expect(report).toMatchObject({ sent: 4, failed: 0, rateLimited: 0 });
    const group = fake.sent.filter((m) => m.chatId === '-100500');
    expect(group.map((m) => m.text)).toEqual(['часть 1', 'часть 2', 'часть 3']);
    expect(group.map((m) => m.replyMarkup !== undefined)).toEqual([false, false, true]);
  });

  it('waits what a 429 asks before trying again, without counting it as an attempt', async () => {
    fake.inject({ code: 429, description: 'Too Many Requests: retry after 5', retryAfter: 5 });
    await outbox.enqueue([plan('9', ['x'])], AT);
    const clock = virtualClock(AT.getTime());
    const report = await dispatch(options({ clock }));
    expect(report).toMatchObject({ sent: 1, rateLimited: 1 });
    expect(clock.now() - AT.getTime()).toBeGreaterThanOrEqual(5000);
    expect((await outboxRows(store))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retries a 500 with backoff, and gives up after maxAttempts', async () => {
    fake.inject({ code: 500, description: 'Internal Server Error' }, 2);
    await outbox.enqueue([plan('10', ['x'])], AT);
    expect(await dispatch(options())).toMatchObject({ sent: 1, retried: 2, failed: 0 });
    expect((await outboxRows(store))[0]).toMatchObject({ status: 'sent', attempts: 3 });

    fake.inject({ code: 502, description: 'Bad Gateway' }, 10);
    await outbox.enqueue([plan('11', ['x'])], AT);
    expect(await dispatch(options({ maxAttempts: 3 }))).toMatchObject({ sent: 0, retried: 2, failed: 1 });
    expect((await outboxRows(store))[1]).toMatchObject({ status: 'failed', attempts: 3, last_error: 'sendMessage: 502 Bad Gateway' });
  });

  it('deactivates the subscription of a chat that blocked the bot and cancels its other messages', async () => {
    const subs = createSubscriptionRepository(store);
    await subs.add({ transport: 'telegram', chatId: '666' });
    await subs.add({ transport: 'telegram', chatId: '777' });
    await outbox.enqueue([plan('666', ['a', 'b']), plan('777', ['c'])], AT);
    const report = await dispatch(options());
    expect(report).toMatchObject({ sent: 1, failed: 1, cancelled: 1 });
    expect(report.deactivated).toEqual([{ transport: 'telegram', chatId: '666', reason: 'sendMessage: 403 Forbidden: bot was blocked by the user' }]);
    expect(await subs.get('telegram', '666')).toMatchObject({ active: false, inactiveReason: 'sendMessage: 403 Forbidden: bot was blocked by the user' });
    expect((await subs.get('telegram', '777'))?.active).toBe(true);
    expect((await outboxRows(store)).map((r) => r.status)).toEqual(['failed', 'cancelled', 'sent']);
    expect(log.lines.some((l) => l.chatId === '666' && /subscription deactivated/.test(String(l.msg)))).toBe(true);
  });

  it('stops claiming when its signal aborts and lets sends already started finish: nothing is left in flight', async () => {
    await outbox.enqueue(['11', '12', '13', '14', '15', '16'].map((c) => plan(c, [`Сводка ${c}`])), AT);
    const stop = new AbortController();
    const off = fake.onSent(() => stop.abort());
    const report = await dispatch(options({ signal: stop.signal, concurrency: 2 }));
    off();
    const rows = await outboxRows(store);
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(report.sent).toBeLessThan(6);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(report.sent);
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(6 - report.sent);
    expect(fake.sent).toHaveLength(report.sent);
  });

  it('sends again what a dead dispatcher left in flight, counting and logging it', async () => {
    await outbox.enqueue(['21', '22', '23'].map((c) => plan(c, ['x'])), AT);
    await store.query(`update deliveries set status = 'sending', attempts = 1 where chat_id = '22'`);
    const report = await dispatch(options());
    expect(report).toMatchObject({ sent: 3, inFlightAtCrash: 1 });
    expect((await outboxRows(store)).map((r) => [r.status, r.possible_duplicate])).toEqual([['sent', false], ['sent', true], ['sent', false]]);
    expect(log.lines.find((l) => /in flight/.test(String(l.msg)))).toMatchObject({ count: 1, keys: ['brief:2026-11-22:tg:22:1'] });
  });

  it('leaves messages for a transport without credentials pending', async () => {
    await outbox.enqueue([{ ...plan('C1', ['x']), transport: 'slack', groupKey: 'brief:2026-11-22:slack:C1', parts: [{ format: 'slack-blocks', text: 'x', blocks: [] }] }], AT);
    expect(await dispatch(options())).toMatchObject({ sent: 0, leftPending: 1 });
    expect((await outboxRows(store))[0]?.status).toBe('pending');
  });

  it('holds a message planned for after quiet hours until then', async () => {
    await outbox.enqueue([{ ...plan('31', ['x']), notBefore: new Date(AT.getTime() + 3_600_000) }], AT);
    expect(await dispatch(options())).toMatchObject({ sent: 0, leftPending: 1 });
    expect(await dispatch(options({ maxWaitMs: 4_000_000 }))).toMatchObject({ sent: 1 });
  });

  it('paces a broadcast under the limits the platform counts in its own time: the fake never answers 429', async () => {
    // The fake's flood control and the dispatcher's pacing read the same virtual clock: a
    // dispatcher that did not wait would send all 45 at one instant and meet 429s. One worker:
    // the virtual clock jumps on every sleep, so with several workers one's sleep would move the
    // time under another's request in flight, and the fake would see bursts no real clock makes.
    const clock = virtualClock(AT.getTime());
    const paced = await startTelegramFake({ now: clock.now });
    try {
      await outbox.enqueue(Array.from({ length: 45 }, (_, i) => plan(String(1000 + i), ['x'])), AT);
      const report = await dispatch(options({ clock, concurrency: 1, senders: { telegram: telegramSender(paced) } }));
      expect(report).toMatchObject({ sent: 45, rateLimited: 0 });
      expect(paced.stats.rateLimited).toBe(0);
      expect(paced.sent).toHaveLength(45);
      expect(clock.now() - AT.getTime()).toBeGreaterThanOrEqual(1000);
    } finally {
      await paced.close();
    }
  });
});
