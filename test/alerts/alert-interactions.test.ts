import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertEvents, getAlert } from '../../src/alerts/alert-repository.js';
import { alertInteractions } from '../../src/alerts/alert-interactions.js';
import { renderAlertList } from '../../src/alerts/alert-list.js';
import { runScan } from '../../src/alerts/run-scan.js';
import { loadConfig } from '../../src/config.js';
import { createInteractionDispatcher, type InteractionDispatcher } from '../../src/chat/interactions.js';
import type { ChatContext, InteractionOutcome, Reply } from '../../src/messages/reply.js';
import { insertSkuDaily } from '../../src/data/sku-daily-insert.js';
import type { Store } from '../../src/data/store.js';
import { createLogger } from '../../src/log.js';
import { renderAlertMessage } from '../../src/render/alert-message.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { DATE, series } from '../insights/anomalies/series.js';
import { clockOf } from '../../src/time/clock.js';

const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const NOW = new Date('2026-11-23T06:14:00Z'); // 09:14 Moscow
const ctx: ChatContext = { transport: 'telegram', chatId: '-100500', userId: '42', userName: 'Иван', locale: 'ru' };
/** The store of the driver under test (its suite's beforeAll sets it, with the scanned alerts). */
let store: Store;
let cleanup: (() => Promise<void>) | undefined;
let dispatcher: InteractionDispatcher;
let typo: number;
let group: number[];

const texts = (r: Reply | undefined) => (r?.blocks ?? []).map((b) => (b.type === 'text' || b.type === 'heading' ? b.text : b.type)).join('\n');
const done = (o: InteractionOutcome) => {
  if (o.kind !== 'done') throw new Error(`expected done, got ${JSON.stringify(o)}`);
  return o;
};

describe.each(STORE_DRIVERS)('alerts in chat on $driver', ({ open }) => {
  beforeAll(async () => {
    ({ store, cleanup } = await open());
    const out = (sku: string) => series({ sku, category: 'Одежда' }).map((r) => (r.day === DATE ? { ...r, units: 0, orders: 0, revenue: 0, stock: 0 } : r));
    await insertSkuDaily(store, [
      ...series({ sku: 'T1' }).map((r) => (r.day === DATE ? { ...r, price: 50 } : r)),
      ...out('C1'), ...out('C2'), ...out('C3'),
      ...['P1', 'P2', 'P3', 'P4', 'P5', 'P6'].flatMap((sku) => series({ sku })),
    ]);
    const scan = await runScan({ store, config }, { date: DATE, now: NOW });
    typo = scan.alerts.find((a) => a.kind === 'price_anomaly')!.id;
    group = scan.alerts.filter((a) => a.kind === 'stockout').map((a) => a.id);
    dispatcher = createInteractionDispatcher({
      handlers: [alertInteractions({ store, config })],
      timeZone: 'Europe/Moscow',
      clock: clockOf({ now: () => NOW }),
      logger: createLogger('silent'),
    });
  });
  afterAll(async () => cleanup?.());

  describe('alert buttons', () => {
    it('render with compact callback data that fits Telegram, Snooze as a menu in Slack', async () => {
      const alert = (await getAlert(store, typo))!;
      const tg = renderAlertMessage([alert], { locale: 'ru', currency: 'RUB', timeZone: 'Europe/Moscow' }, 'telegram-html');
      expect(tg.format === 'telegram-html' && tg.html).toMatch(/<b>🔴 Критично · Странная цена — Кружка керамическая \(T1\)<\/b>/);
      const data = (tg.format === 'telegram-html' ? tg.buttons ?? [] : []).flat().map((b) => b.data);
      expect(data).toEqual([`alert:${typo}:ack`, `alert:${typo}:res`, `alert:${typo}:det`, `alert:${typo}:snz1`, `alert:${typo}:snz4`, `alert:${typo}:snz24`]);
      const slack = renderAlertMessage([alert], { locale: 'en', currency: 'RUB', timeZone: 'Europe/Moscow' }, 'slack-blocks');
      const actions = slack.format === 'slack-blocks' ? (slack.blocks.at(-1) as { elements: { type: string }[] }) : null;
      expect(actions?.elements.map((e) => e.type)).toEqual(['button', 'button', 'button', 'overflow']);
    });

    it('acknowledge through callback data: status, audit row and the edited message', async () => {
      const outcome = done(await dispatcher.dispatch(ctx, `alert:${typo}:ack`));
      expect(outcome.note).toBe('Иван: принято · 09:14');
      expect(texts(outcome.edit)).toMatch(/✅ Принято: Иван, 23 нояб\., 09:14/);
      expect(await getAlert(store, typo)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'Иван', acknowledgedAt: NOW.toISOString() });
      const trail = await alertEvents(store, typo);
      expect(trail.at(-1)).toMatchObject({ actor: 'telegram:42', action: 'acknowledged', details: { name: 'Иван' } });
      expect(await dispatcher.dispatch(ctx, `alert:${typo}:ack`)).toEqual({ kind: 'refused', message: 'Алерт уже принят.' });
    });

    it('refuses a forged or unknown id and changes nothing', async () => {
      const before = await store.query('select id, status from alerts order by id');
      for (const raw of ['alert:999999:ack', 'alert:abc:ack', `alert:${typo}:drop`, `alert:${typo}:res:x`]) {
        expect((await dispatcher.dispatch(ctx, raw)).kind).toBe('refused');
      }
      expect(await store.query('select id, status from alerts order by id')).toEqual(before);
    });

    it('snoozes a whole group with one tap on its lead alert', async () => {
      const [lead] = group;
      const outcome = done(await dispatcher.dispatch(ctx, `alert:${lead}:snz4`));
      expect(outcome.note).toBe('Иван: отложено на 4 ч · 09:14');
      for (const id of group) {
        expect(await getAlert(store, id)).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-11-23T10:14:00.000Z' });
      }
      expect(texts(outcome.edit)).toMatch(/товаров: 3, категория «Одежда»/);
    });

    it('shows details: the numbers, the audit trail and a PNG chart of the last 28 days', async () => {
      const outcome = done(await dispatcher.dispatch(ctx, `alert:${typo}:det`));
      const text = texts(outcome.followUp);
      expect(text).toMatch(/Цена 50\s₽ вместо обычной 500\s₽/);
      expect(text).toMatch(/принят \(Иван\)/);
      const photo = outcome.followUp?.blocks.find((b) => b.type === 'photo');
      expect(photo?.type === 'photo' && Buffer.from(photo.png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    });

    it('lists unresolved alerts for /alerts, a group as one line', async () => {
      const reply = renderAlertList(
        await (await import('../../src/alerts/alert-repository.js')).listAlerts(store, { statuses: ['open', 'acknowledged', 'snoozed'] }),
        'en',
        'Europe/Moscow',
      );
      expect(texts(reply)).toMatch(/^Open alerts: 4\n🔴 Critical · Suspicious price — Кружка керамическая \(T1\) · ✅ Acknowledged: Иван/);
      expect(texts(reply).split('\n')).toHaveLength(3);
    });

    it('resolves, and then refuses further actions on the resolved alert', async () => {
      done(await dispatcher.dispatch(ctx, `alert:${typo}:res`));
      expect(await getAlert(store, typo)).toMatchObject({ status: 'resolved', resolvedBy: 'Иван', resolveReason: 'manual' });
      expect(await dispatcher.dispatch(ctx, `alert:${typo}:snz1`)).toEqual({ kind: 'refused', message: 'Этот алерт уже закрыт.' });
    });
  });
});
