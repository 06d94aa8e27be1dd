/**
 * The scheduler with its real jobs on both stores (PGlite: the default `herald start`): the
 * brief goes through the outbox to a Telegram fake over HTTP, once, with the late mark on a
 * catch-up; a late ETL yields a "no fresh data" notice instead of silence; a new ETL run scans.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import type { Store } from '../../src/data/store.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { createSchedulerJobs } from '../../src/scheduler/scheduler-jobs.js';
import { startScheduler, type Scheduler } from '../../src/scheduler/scheduler.js';
import { createOutboxSenders } from '../../src/transports/outbox-senders.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { clockOf } from '../../src/time/clock.js';

const logger = pino({ level: 'silent' });
/** The store of the driver under test (its suite's beforeAll sets it). */
let store: Store;
let cleanup: (() => Promise<void>) | undefined;
let fake: TelegramFake;
let config: Config;
let dir: string;
let t = new Date('2026-11-23T06:20:00Z'); // 09:20 Moscow
let scheduler: Scheduler;

describe.each(STORE_DRIVERS)('on $driver', ({ open }) => {

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-sched-'));
    fake = await startTelegramFake({ rateLimits: false });
    config = loadConfig({ env: { HERALD_LOCALE: 'en', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }, cwd: dir });
    t = new Date('2026-11-23T06:20:00Z');
    ({ store, cleanup } = await open());
    const days = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];
    for (const [i, day] of days.entries()) {
      await store.query(
        `insert into sku_daily (day, sku, title, category, units, orders, revenue, returns, stock, price, ad_spend)
         values ($1::date, 'MUG-1', 'Кружка', 'Посуда', $2, $2, $3, 0, 100, 300, 50),
                ($1::date, 'TEA-2', 'Чай', 'Чай', 5, 5, 1500, 0, 40, 300, 0)`,
        [day, 10 + i, (10 + i) * 300],
      );
    }
    await createSubscriptionRepository(store).add({ transport: 'telegram', chatId: '4242', briefAt: '09:00', timeZone: 'Europe/Moscow' });
    const now = () => t;
    // The dispatcher's clock is the test's clock: a sleep moves the test time on.
    const testClock = { now: () => t.getTime(), sleep: async (ms: number) => void (t = new Date(t.getTime() + Math.max(0, ms))) };
    const jobs = createSchedulerJobs({ store, config, logger, senders: createOutboxSenders(config), clock: testClock });
    scheduler = startScheduler({ store, config, logger, clock: clockOf({ now }), jobs, autoTick: false });
  }, 60_000);

  afterAll(async () => {
    await scheduler?.stop();
    await fake?.close();
    await cleanup?.();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('scheduler with its real jobs', () => {
    it('delivers the catch-up brief once, with the late mark on top', async () => {
      const report = await scheduler.tick();
      expect(report).toMatchObject({ leader: true, errors: [] });
      const sent = fake.sent.filter((m) => m.chatId === '4242');
      expect(sent[0]?.method).toBe('sendPhoto'); // the headline chart comes first
      const briefs = sent.filter((m) => m.method === 'sendMessage');
      expect(briefs.length).toBeGreaterThanOrEqual(1);
      expect(briefs[0]!.text.split('\n')[0]).toBe('⏰ Delivered late (scheduled for Nov 23, 09:00 AM).');
      expect(briefs[0]!.text).toContain('Кружка');

      const count = fake.sent.length;
      t = new Date('2026-11-23T06:25:00Z');
      await scheduler.tick();
      expect(fake.sent.length).toBe(count);
      const rows = await store.query<{ group_key: string }>(`select distinct group_key from deliveries`);
      expect(rows.map((r) => r.group_key)).toEqual(['brief:2026-11-22:tg:4242']);
    });

    it('sends a no-fresh-data notice when the next day still has no data after the wait', async () => {
      const count = fake.sent.length;
      t = new Date('2026-11-24T06:00:10Z'); // 09:00 on the 24th: the 23rd has no data yet
      expect((await scheduler.tick()).briefJobs).toEqual([]);
      t = new Date('2026-11-24T07:00:10Z'); // an hour later
      const report = await scheduler.tick();
      expect(report.errors).toEqual([]);
      const fresh = fake.sent.slice(count);
      // The 22nd's brief already reached this chat, so only the notice goes out.
      expect(fresh.map((m) => m.text)).toEqual([
        '⚠️ No data for Mon, Nov 23, 2026 yet — the ETL export is late. Latest day with data: Sun, Nov 22, 2026; its brief follows or was sent already.',
      ]);
    });

    it('scans after a new finished ETL run', async () => {
      await store.query(`insert into etl_runs (started_at, finished_at, status) values ('2026-11-24T07:05:00Z', '2026-11-24T07:10:00Z', 'done')`);
      t = new Date('2026-11-24T07:11:00Z');
      const report = await scheduler.tick();
      expect(report.scans).toEqual([{ kind: 'etl_run', finishedAt: '2026-11-24T07:10:00.000000Z' }]);
      expect(report.errors).toEqual([]);
      expect((await scheduler.tick()).scans).toEqual([]);
    });
  });
});
