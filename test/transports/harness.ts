/**
 * One chat world per suite: a fresh database on the store driver the suite passes (migrated, with two weeks
 * of ETL rows ending 2026-11-22), the real config loader, and the graph `herald start` runs
 * (`createHerald`) with its chat core, which the transports call. Logs are captured for assertions.
 */
import pino from 'pino';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { ChatCore } from '../../src/chat/chat-commands.js';
import type { Store } from '../../src/data/store.js';
import type { SubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { createHerald, type Herald } from '../../src/herald/create-herald.js';
import type { Logger } from '../../src/log.js';
import { fixedClock } from '../../src/time/clock.js';
import { createWaiters, type WaitOptions } from '../fakes/waiters.js';
import { days } from '../helpers/rows.js';

export const LAST_DAY = '2026-11-22';
export const NOW = new Date('2026-11-23T06:30:00Z');
export const ADMIN_TG = '1001';
export const ADMIN_SLACK = 'UADMIN01';

export interface ChatWorld {
  store: Store;
  config: Config;
  herald: Herald;
  core: ChatCore;
  subscriptions: SubscriptionRepository;
  logger: Logger;
  logs: Record<string, unknown>[];
  /** Resolves with the first log line matching `match` (already written or still to come); rejects on time-out. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, options?: WaitOptions): Promise<Record<string, unknown>>;
  now: () => Date;
  cleanup(): Promise<void>;
}

/** The world's database: a suite passes each driver's `open` (STORE_DRIVERS), so it runs on both stores. */
export type OpenStore = () => Promise<{ store: Store; cleanup(): Promise<void> }>;

export async function createChatWorld(env: Record<string, string>, open: OpenStore): Promise<ChatWorld> {
  const { store, cleanup } = await open();
  await seedRows(store);
  const config = loadConfig({
    env: { HERALD_ADMINS: `${ADMIN_TG},${ADMIN_SLACK}`, HERALD_LOCALE: 'ru', ...env },
    cwd: mkdtempSync(join(tmpdir(), 'herald-chat-')),
  });
  const logs: Record<string, unknown>[] = [];
  const logWaiters = createWaiters('chat world log');
  const logger = pino({ level: 'debug' }, {
    write: (line: string) => {
      logs.push(JSON.parse(line) as Record<string, unknown>);
      logWaiters.notify();
    },
  });
  const herald = await createHerald(config, { store, logger, clock: fixedClock(NOW), processMetrics: false });
  return {
    store,
    config,
    herald,
    core: await herald.chatCore(),
    subscriptions: herald.repositories.subscriptions,
    logger,
    logs,
    waitForLog: (match, options) => logWaiters.waitFor(() => logs.find(match), { what: 'log line', ...options }),
    now: herald.now,
    async cleanup() {
      await herald.close();
      await cleanup();
    },
  };
}

async function seedRows(store: Store): Promise<void> {
  const rows = [
    ...days('A1', LAST_DAY, Array.from({ length: 14 }, (_, i) => ({ units: 5 + i, title: 'Кружка <керамика> & "Pro"' }))),
    ...days('B2', LAST_DAY, Array.from({ length: 14 }, (_, i) => ({ units: 3, stock: 20 - i }))),
  ];
  for (const r of rows) {
    await store.query(
      `insert into sku_daily (day, sku, title, category, units, orders, revenue, returns, stock, price, ad_spend)
       values ($1::date, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [r.day, r.sku, r.title, r.category, r.units, r.orders, r.revenue, r.returns, r.stock, r.price, r.adSpend],
    );
  }
  await store.query(`insert into etl_runs (started_at, finished_at, status) values ($1::timestamptz, $2::timestamptz, 'ok')`, [
    '2026-11-23T02:00:00Z',
    '2026-11-23T02:10:00Z',
  ]);
}
