/**
 * Retention on PGlite and Postgres: old call-log rows, finished outbox rows and processed updates
 * go, in batches; recent rows and unfinished outbox rows stay, however old.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneOldRows } from '../../src/data/retention.js';
import type { Store } from '../../src/data/store.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

describe.each(STORE_DRIVERS)('retention on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
    // 2,500 calls 100 days old and 10 from yesterday.
    await store.query(
      `insert into llm_calls (ts, day, call_id, route, model, provider, attempt, status, latency_ms, pricing)
       select $1::timestamptz, '2026-08-23', 'old-' || g, 'brief', 'm', 'openai', 1, 'ok', 10, 'priced' from generate_series(1, 2500) g`,
      [daysAgo(100)],
    );
    await store.query(
      `insert into llm_calls (ts, day, call_id, route, model, provider, attempt, status, latency_ms, pricing)
       select $1::timestamptz, '2026-11-30', 'new-' || g, 'brief', 'm', 'openai', 1, 'ok', 10, 'priced' from generate_series(1, 10) g`,
      [daysAgo(1)],
    );
    const delivery = `insert into deliveries (idempotency_key, group_key, kind, transport, chat_id, payload, status, created_at)
                      values ($1, $1, 'brief', 'telegram', '1', '{}'::jsonb, $2, $3::timestamptz)`;
    for (const [key, status, age] of [
      ['sent-old', 'sent', 40], ['failed-old', 'failed', 40], ['cancelled-old', 'cancelled', 40],
      ['pending-old', 'pending', 40], ['sending-old', 'sending', 40], ['sent-new', 'sent', 3],
    ] as const) await store.query(delivery, [key, status, daysAgo(age)]);
    await store.query(`insert into processed_updates (transport, update_key, processed_at) values ('telegram', 'u-old', $1::timestamptz), ('slack', 'u-new', $2::timestamptz)`, [daysAgo(8), daysAgo(1)]);
  }, 60_000);

  afterAll(async () => cleanup?.());

  it('prunes what is past its days in batches and keeps the rest', async () => {
    const settings = { llmCallsDays: 90, deliveriesDays: 30, processedUpdatesDays: 7, batchSize: 1_000 };
    expect(await pruneOldRows(store, settings, NOW)).toEqual({ llmCalls: 2_500, deliveries: 3, processedUpdates: 1 });
    const calls = await store.query<{ call_id: string }>('select call_id from llm_calls order by id');
    expect(calls.map((c) => c.call_id)).toEqual(Array.from({ length: 10 }, (_, i) => `new-${i + 1}`));
    const left = await store.query<{ idempotency_key: string }>('select idempotency_key from deliveries order by id');
    expect(left.map((d) => d.idempotency_key)).toEqual(['pending-old', 'sending-old', 'sent-new']);
    const updates = await store.query<{ update_key: string }>('select update_key from processed_updates');
    expect(updates.map((u) => u.update_key)).toEqual(['u-new']);
    // A second run finds nothing more.
    expect(await pruneOldRows(store, settings, NOW)).toEqual({ llmCalls: 0, deliveries: 0, processedUpdates: 0 });
  }, 60_000);
});
