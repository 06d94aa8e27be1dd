/**
 * Herald's self-alerts over synthetic call logs with injected time, on PGlite and on Postgres:
 * a normal week fires nothing; an error spike fires once, reaches the `ops` chat (not the shop's)
 * with its runbook link and buttons through the scheduler's real job and a Telegram fake, and
 * resolves itself when the window is normal again; the other kinds fire with their keys.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAction, listAlerts } from '../../src/alerts/alert-repository.js';
import { evaluateSelfAlerts } from '../../src/alerts/self-alerts.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createSqlEtlSource } from '../../src/data/etl-source.js';
import type { Store } from '../../src/data/store.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { createCallLog } from '../../src/router/call-log.js';
import type { AttemptRecord, AttemptStatus } from '../../src/router/types.js';
import { createSchedulerJobs } from '../../src/scheduler/scheduler-jobs.js';
import { createOutboxSenders } from '../../src/transports/outbox-senders.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';

const logger = pino({ level: 'silent' });
const MIN = 60_000;
/** The normal week: 2026-11-16 00:00 … 2026-11-24 00:00 UTC, a call every 2 minutes. */
const WEEK_START = Date.parse('2026-11-16T00:00:00Z');
const WEEK_END = Date.parse('2026-11-24T00:00:00Z');

function attempt(ts: number, over: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    ts: new Date(ts), callId: `c-${ts}-${over.attempt ?? 1}-${over.route ?? 'brief'}`, route: 'brief', model: 'gpt-5-mini', provider: 'openai',
    attempt: 1, status: 'ok', errorClass: null, error: null, latencyMs: 1000, inputTokens: 1000, cachedTokens: 0, outputTokens: 100,
    costUsd: 0.0005, pricing: 'priced', cacheHit: false, promptVersion: 'brief@1', ...over,
  };
}

/** A deterministic normal week: 5 % errors, latency 0.8–2 s, 4 % of ask calls escalated, $0.36 a day. */
function normalWeek(): AttemptRecord[] {
  const rows: AttemptRecord[] = [];
  for (let ts = WEEK_START, i = 0; ts < WEEK_END; ts += 2 * MIN, i++) {
    const status: AttemptStatus = i % 20 === 7 ? 'error' : 'ok';
    rows.push(attempt(ts, { status, errorClass: status === 'error' ? 'http_5xx' : null, latencyMs: 800 + ((i * 37) % 1200) }));
    if (i % 5 === 0) {
      const callId = `ask-${i}`;
      if (i % 125 === 0) {
        rows.push(attempt(ts, { callId, route: 'ask', status: 'escalated', errorClass: 'escalated' }));
        rows.push(attempt(ts + 1000, { callId, route: 'ask', model: 'gpt-5', attempt: 2, costUsd: 0.002 }));
      } else rows.push(attempt(ts, { callId, route: 'ask' }));
    }
  }
  return rows;
}

async function logCalls(store: Store, rows: readonly AttemptRecord[]) {
  const log = createCallLog({ store, timeZone: 'Europe/Moscow', flushMs: 60_000, batchSize: 500, logger });
  for (const r of rows) log.record(r);
  await log.close();
}

describe.each(STORE_DRIVERS)('self-alerts on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let fake: TelegramFake;
  let config: Config;
  let dir: string;

  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
    dir = mkdtempSync(join(tmpdir(), 'herald-self-'));
    fake = await startTelegramFake({ rateLimits: false });
    config = loadConfig({ env: { HERALD_LOCALE: 'en', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }, cwd: dir });
    await logCalls(store, normalWeek());
    const subs = createSubscriptionRepository(store);
    await subs.add({ transport: 'telegram', chatId: '777', receives: ['ops'] });
    await subs.add({ transport: 'telegram', chatId: '555', receives: ['brief', 'alerts'] });
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
    await cleanup?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const deps = () => ({ store, config, etl: null });

  it('fires nothing over a normal week', async () => {
    for (let ts = WEEK_START + 8 * 86_400_000 - 2 * 86_400_000; ts < WEEK_END; ts += 3 * 3_600_000) {
      const run = await evaluateSelfAlerts(deps(), new Date(ts));
      expect(run.firing.map((c) => c.dedupKey)).toEqual([]);
    }
    expect(await listAlerts(store, { audience: 'ops' })).toEqual([]);
  }, 60_000);

  it('an error spike fires once to the ops chat and resolves when the window is normal again', async () => {
    // 2026-11-24 10:00–10:30 UTC: 20 attempts, 12 of them failing.
    const spikeStart = Date.parse('2026-11-24T10:00:00Z');
    await logCalls(store, Array.from({ length: 20 }, (_, i) =>
      attempt(spikeStart + i * 90_000, i % 5 < 3 ? { status: 'error', errorClass: 'http_5xx' } : {})));
    let t = new Date('2026-11-24T10:30:00Z');
    const clock = { now: () => t.getTime(), sleep: async (ms: number) => void (t = new Date(t.getTime() + Math.max(0, ms))) };
    const jobs = createSchedulerJobs({ store, config, logger, senders: createOutboxSenders(config), clock, etl: createSqlEtlSource(store, config.data) });

    await jobs.selfCheck!();
    const [alert] = await listAlerts(store, { audience: 'ops' });
    expect(alert).toMatchObject({ kind: 'model_errors', dedupKey: 'model_errors:gpt-5-mini', title: 'gpt-5-mini', severity: 'critical', status: 'open', observed: 0.6 });
    const toOps = () => fake.sent.filter((m) => m.chatId === '777');
    expect(toOps()).toHaveLength(1);
    expect(toOps()[0]!.text).toContain('Model errors — gpt-5-mini');
    expect(toOps()[0]!.text).toContain('60% errors over 30 min (12 of 20 calls), threshold 20%');
    expect(toOps()[0]!.text).toContain('docs/operations.md#model_errors');
    expect(JSON.stringify(toOps()[0]!.replyMarkup)).toContain(`alert:${alert!.id}:ack`);
    expect(fake.sent.filter((m) => m.chatId === '555')).toEqual([]);

    // Still firing five minutes later: the same alert, updated, and no second message.
    t = new Date('2026-11-24T10:36:00Z');
    await jobs.selfCheck!();
    expect(await listAlerts(store, { audience: 'ops' })).toHaveLength(1);
    expect(toOps()).toHaveLength(1);
    // A person acknowledges it with the same lifecycle as a shop alert.
    expect((await applyAction(store, alert!.id, { type: 'acknowledge', actor: { id: 'telegram:1', name: 'Ops' } }, t)).ok).toBe(true);

    // At 11:10 the last 30 minutes are normal again (the week's traffic continues).
    await logCalls(store, Array.from({ length: 20 }, (_, i) => attempt(Date.parse('2026-11-24T10:40:00Z') + i * 90_000)));
    t = new Date('2026-11-24T11:10:00Z');
    await jobs.selfCheck!();
    const [after] = await listAlerts(store, { audience: 'ops' });
    expect(after).toMatchObject({ id: alert!.id, status: 'resolved', resolveReason: 'auto' });
    expect(toOps()).toHaveLength(2);
    expect(toOps()[1]!.text).toContain('Model errors');
    expect(fake.sent.filter((m) => m.chatId === '555')).toEqual([]);

    // Nothing more to say while it stays normal.
    t = new Date('2026-11-24T11:20:00Z');
    await jobs.selfCheck!();
    expect(toOps()).toHaveLength(2);
    expect(await listAlerts(store, { audience: 'ops' })).toHaveLength(1);
  }, 60_000);

  it('each other kind fires with its dedup key, and a shop scan never resolves them', async () => {
    const day = Date.parse('2026-11-25T08:00:00Z');
    const rows: AttemptRecord[] = [];
    for (let i = 0; i < 40; i++) {
      // Slow (p95 ≈ 9 s against ≈ 2 s), dear ($0.2 each: $8 today against a $0.36 median) …
      rows.push(attempt(day + i * MIN, { latencyMs: 9_000, costUsd: 0.2 }));
      // … a route escalating every second call …
      rows.push(attempt(day + i * MIN, { callId: `surge-${i}`, route: 'ask', status: i % 2 ? 'escalated' : 'ok', errorClass: i % 2 ? 'escalated' : null }));
    }
    rows.push(attempt(day, { model: 'local-llama', costUsd: null, pricing: 'unpriced' }));
    await logCalls(store, rows);
    for (let i = 0; i < 3; i++) {
      await store.query(
        `insert into deliveries (idempotency_key, group_key, kind, transport, chat_id, payload, status, attempts, attempt_started_at, last_error, created_at)
         values ($1, $1, 'brief', 'slack', 'C1', '{}'::jsonb, 'failed', 5, $2::timestamptz, 'not_in_channel', $2::timestamptz)`,
        [`brief:x${i}:sl:C1:1`, new Date(day + i * MIN).toISOString()],
      );
    }
    await store.query(`insert into etl_runs (started_at, finished_at, status) values ('2026-11-23T02:00:00Z', '2026-11-23T03:00:00Z', 'ok')`);
    const withBudget: Config = { ...config, budget: { dailyUsd: 5 } };
    const etl = createSqlEtlSource(store, config.data);
    const run = await evaluateSelfAlerts({ store, config: withBudget, etl }, new Date('2026-11-25T08:45:00Z'));
    expect(run.firing.map((c) => c.dedupKey).sort()).toEqual([
      'budget_exceeded:global:2026-11-25',
      'cost_spike:2026-11-25',
      'delivery_failures:slack',
      'escalation_surge:ask',
      'etl_stale:2026-11-25',
      'latency_regression:gpt-5-mini',
      'unpriced_model:local-llama',
    ]);
    expect(run.opened).toHaveLength(7);

    // The shop's scan resolves shop alerts that are back to normal; it leaves self-alerts alone.
    const { autoResolve } = await import('../../src/alerts/auto-resolve.js');
    await autoResolve(store, { date: '2026-11-30', firing: new Set(), etlChecked: true, now: new Date('2026-11-30T08:00:00Z'), settings: { autoResolveDays: 1 } });
    expect((await listAlerts(store, { audience: 'ops', statuses: ['open'] })).length).toBe(7);

    // The next day, with the ETL back, every day-keyed alert and the ones whose window emptied resolve themselves.
    await store.query(`insert into etl_runs (started_at, finished_at, status) values ('2026-11-26T03:00:00Z', '2026-11-26T04:00:00Z', 'ok')`);
    const next = await evaluateSelfAlerts({ store, config: withBudget, etl }, new Date('2026-11-26T09:00:00Z'));
    expect(next.firing.map((c) => c.dedupKey)).toEqual([]);
    expect(next.resolved.map((a) => a.dedupKey).sort()).toEqual(run.firing.map((c) => c.dedupKey).sort());
  }, 60_000);
});
