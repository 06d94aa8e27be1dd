/**
 * `/status` through the real chat core (as the console and the chat transports call it), on
 * PGlite and Postgres, in ru and en: the database, each transport's last 24 h of sends, today's
 * model calls and spend per model against the budget, open alerts by severity, the last brief.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config, type Locale } from '../../src/config.js';
import type { Store } from '../../src/data/store.js';
import { createHerald } from '../../src/herald/create-herald.js';
import { fixedClock } from '../../src/time/clock.js';
import { createLogger } from '../../src/log.js';
import type { Reply } from '../../src/messages/reply.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const NOW = new Date('2026-11-24T09:00:00Z'); // 12:00 in Moscow
const base = loadConfig({ env: { TELEGRAM_BOT_TOKEN: '123456:TEST-fake-token' }, cwd: '/nonexistent' });
const config: Config = { ...base, budget: { dailyUsd: 5 } };
const texts = (r: Reply | null) => (r?.blocks ?? []).map((b) => (b.type === 'text' || b.type === 'heading' ? b.text : b.type));

const EXPECTED: Record<Locale, RegExp[]> = {
  ru: [
    /^✓ База данных: PostgreSQL \d+/,
    /^⚠️ telegram за сутки: отправлено 2, не доставлено 1, в очереди 1; последняя отправка 24 нояб\., 11:30$/,
    /^Модели сегодня: 1,25\s\$ из бюджета 5\s\$$/,
    /^· gpt-5-mini: 3 вызовов, 1,25\s\$$/,
    /^· local-llama: 1 вызовов, цена неизвестна$/,
    /^Открытые алерты: критичных 1, внимание 1, инфо 0$/,
    /^Последняя сводка отправлена 24 нояб\., 09:00$/,
  ],
  en: [
    /^✓ Database: PostgreSQL \d+/,
    /^⚠️ telegram in 24 h: 2 sent, 1 failed, 1 waiting; last sent Nov 24, 11:30 AM$/,
    /^Models today: \$1\.25 of the \$5 budget$/,
    /^· gpt-5-mini: 3 calls, \$1\.25$/,
    /^· local-llama: 1 calls, price unknown$/,
    /^Open alerts: 1 critical, 1 warning, 0 info$/,
    /^Last brief sent Nov 24, 09:00 AM$/,
  ],
};

describe.each([
  { driver: STORE_DRIVERS[0]!, locale: 'ru' as const },
  { driver: STORE_DRIVERS[1]!, locale: 'en' as const },
])('/status on $driver.driver ($locale)', ({ driver, locale }) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
    const call = `insert into llm_calls (ts, day, call_id, route, model, provider, attempt, status, latency_ms, cost_usd, pricing)
                  values ($1::timestamptz, $2, $3, 'brief', $4, 'openai', 1, $5, 100, $6, $7)`;
    await store.query(call, ['2026-11-24T07:00:00Z', '2026-11-24', 'a', 'gpt-5-mini', 'ok', 0.5, 'priced']);
    await store.query(call, ['2026-11-24T07:01:00Z', '2026-11-24', 'b', 'gpt-5-mini', 'error', 0.25, 'priced']);
    await store.query(call, ['2026-11-24T07:02:00Z', '2026-11-24', 'c', 'gpt-5-mini', 'ok', 0.5, 'priced']);
    await store.query(call, ['2026-11-24T07:03:00Z', '2026-11-24', 'd', 'gpt-5-mini', 'cached', 0, 'priced']); // a cache hit: no model call
    await store.query(call, ['2026-11-24T07:04:00Z', '2026-11-24', 'e', 'local-llama', 'ok', null, 'unpriced']);
    await store.query(call, ['2026-11-23T07:00:00Z', '2026-11-23', 'f', 'gpt-5', 'ok', 9, 'priced']); // yesterday
    const delivery = `insert into deliveries (idempotency_key, group_key, kind, transport, chat_id, payload, status, created_at, sent_at)
                      values ($1, $1, $2, 'telegram', '1', '{}'::jsonb, $3, $4::timestamptz, $5::timestamptz)`;
    await store.query(delivery, ['b1', 'brief', 'sent', '2026-11-24T06:00:00Z', '2026-11-24T06:00:00Z']);
    await store.query(delivery, ['a1', 'alert', 'sent', '2026-11-24T08:30:00Z', '2026-11-24T08:30:00Z']);
    await store.query(delivery, ['a2', 'alert', 'failed', '2026-11-24T08:40:00Z', null]);
    await store.query(delivery, ['a3', 'alert', 'pending', '2026-11-24T08:50:00Z', null]);
    await store.query(delivery, ['old', 'alert', 'failed', '2026-11-20T08:50:00Z', null]); // older than a day
    const alert = `insert into alerts (dedup_key, kind, audience, metric, observed, expected, expected_low, expected_high, severity, status, first_seen, last_seen, first_day, scan_day)
                   values ($1, $2, $3, 'units', 1, 1, 0, 2, $4, $5, now(), now(), '2026-11-24', '2026-11-24')`;
    await store.query(alert, ['stockout:A', 'stockout', 'alerts', 'critical', 'open']);
    await store.query(alert, ['model_errors:m', 'model_errors', 'ops', 'warning', 'acknowledged']);
    await store.query(alert, ['sales_drop:B', 'sales_drop', 'alerts', 'warning', 'resolved']);
  }, 60_000);
  afterAll(async () => cleanup?.());

  it("shows the database, the transport, today's model calls against the budget, open alerts and the last brief", async () => {
    const herald = await createHerald(config, { store, logger: createLogger('silent'), clock: fixedClock(NOW), processMetrics: false });
    const core = await herald.chatCore();
    const lines = texts(await core.handleCommand({ transport: 'console', chatId: 'console', userId: 'me', userName: 'me', locale }, '/status'));
    await herald.close();
    const ops = lines.slice(lines.findIndex((l) => /PostgreSQL/.test(l)));
    expect(ops).toHaveLength(EXPECTED[locale].length);
    EXPECTED[locale].forEach((re, i) => expect(ops[i]).toMatch(re));
  }, 60_000);
});
