/**
 * Every repository that writes JSON or numbers, on both stores: write through the repository,
 * read it back through the repository, compare deeply. JSON must come back as the same objects
 * (never a JSON string), numbers as numbers, on PGlite and on the real Postgres alike — the
 * `postgres` driver once stored the cached narrative as a JSON string while PGlite was fine.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertEvents, applyAction, getAlert, listAlerts, upsertCandidates } from '../../src/alerts/alert-repository.js';
import type { Store } from '../../src/data/store.js';
import { Outbox } from '../../src/delivery/outbox.js';
import type { OutboundMessage } from '../../src/messages/message.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import type { AlertCandidate } from '../../src/insights/anomalies/candidate.js';
import { createBudget } from '../../src/router/budget.js';
import { chatAnswerCheck, embeddingsCheck } from '../../src/router/cached-value.js';
import { createCallLog, listCalls } from '../../src/router/call-log.js';
import { createResponseCache } from '../../src/router/response-cache.js';
import type { AttemptRecord } from '../../src/router/types.js';
import { registerSecrets } from '../../src/secrets.js';
import { readBriefRuns, readMeta, recordBriefRuns, writeMeta } from '../../src/scheduler/scheduler-state.js';
import { claimUpdate, pruneProcessedUpdates } from '../../src/transports/processed-updates.js';
import { narrativeSchema } from '../../src/brief/brief-narrator.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const NOW = Date.parse('2026-11-23T06:30:00Z');
const NARRATIVE = { summary: 'Выручка выросла на 12 %', highlights: ['Кружка «Утро» — лидер'], actions: ['Пополнить A1'] };

/** A pino logger that keeps its lines, to count what was logged. */
function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

function attempt(over: Partial<AttemptRecord>): AttemptRecord {
  return {
    ts: new Date(NOW), callId: 'c-1', route: 'brief', model: 'gpt-5-mini', provider: 'openai', attempt: 1, status: 'ok',
    errorClass: null, error: null, latencyMs: 812.5, inputTokens: 3000, cachedTokens: 1024, outputTokens: 400,
    costUsd: 0.00155, pricing: 'priced', cacheHit: false, promptVersion: 'brief@1', ...over,
  };
}

describe.each(STORE_DRIVERS)('repositories on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
  });
  afterAll(async () => cleanup?.());

  describe('response cache', () => {
    const open = (logger?: pino.Logger) => createResponseCache({ store, ttlMs: 86_400_000, maxEntries: 10, now: () => NOW, logger });

    it('reads back an object, a text and vectors as written (from the database, not memory)', async () => {
      const writer = open();
      writer.set('k-object', 'brief', { value: NARRATIVE, model: 'gpt-5-mini' });
      writer.set('k-text', 'ask', { value: 'Продано 12 шт.', model: 'gpt-5' });
      writer.set('k-vectors', 'embed', { value: [[0.25, -1.5e-7, 3]], model: 'emb' });
      await writer.close();

      const reader = open();
      expect(await reader.get('k-object', chatAnswerCheck(narrativeSchema, false))).toEqual({ value: NARRATIVE, model: 'gpt-5-mini' });
      expect(await reader.get('k-text', chatAnswerCheck(undefined, false))).toEqual({ value: 'Продано 12 шт.', model: 'gpt-5' });
      expect(await reader.get('k-vectors', embeddingsCheck(1))).toEqual({ value: [[0.25, -1.5e-7, 3]], model: 'emb' });
      const [row] = await store.query<{ type: string }>(`select jsonb_typeof(value) as type from llm_cache where key = 'k-object'`);
      expect(row).toEqual({ type: 'object' });
    });

    it('treats a stored value that does not fit the call as a miss, logged once', async () => {
      // The shape the old double encoding left behind: the narrative as a JSON string.
      await store.query(
        `insert into llm_cache (key, route, model, value, created_at, expires_at) values ($1, 'brief', 'gpt-5-mini', $2::jsonb, $3::timestamptz, $4::timestamptz)`,
        ['k-poisoned', JSON.stringify(JSON.stringify(NARRATIVE)), new Date(NOW).toISOString(), new Date(NOW + 3_600_000).toISOString()],
      );
      const { logger, lines } = memoryLogger();
      const cache = open(logger);
      expect(await cache.get('k-poisoned', chatAnswerCheck(narrativeSchema, false))).toBeNull();
      expect(await cache.get('k-poisoned', chatAnswerCheck(narrativeSchema, false))).toBeNull();
      expect(lines.filter((l) => String(l.msg).includes('response cache'))).toHaveLength(1);
      // The call's fresh answer replaces it.
      cache.set('k-poisoned', 'brief', { value: NARRATIVE, model: 'gpt-5-mini' });
      await cache.close();
      expect(await open().get('k-poisoned', chatAnswerCheck(narrativeSchema, false))).toEqual({ value: NARRATIVE, model: 'gpt-5-mini' });
    });
  });

  describe('call log and budget ledger', () => {
    it('reads attempts back with numbers as numbers and nulls kept', async () => {
      const log = createCallLog({ store, timeZone: 'Europe/Moscow', flushMs: 10_000, batchSize: 100 });
      log.record(attempt({}));
      log.record(attempt({ attempt: 2, model: 'local', provider: 'ollama', status: 'error', errorClass: 'http_5xx', error: '500 Internal', costUsd: null, pricing: 'unpriced', inputTokens: 0, cachedTokens: 0, outputTokens: 0 }));
      log.record(attempt({ callId: 'c-2', route: 'alert', status: 'cached', cacheHit: true, costUsd: 0, latencyMs: 0.4, promptVersion: null }));
      await log.close();
      const rows = await listCalls(store, new Date(NOW - 60_000));
      expect(rows).toEqual([
        {
          ts: '2026-11-23T06:30:00.000Z', callId: 'c-1', route: 'brief', model: 'gpt-5-mini', provider: 'openai', attempt: 1,
          status: 'ok', errorClass: null, latencyMs: 812.5, inputTokens: 3000, cachedTokens: 1024, outputTokens: 400,
          costUsd: 0.00155, cacheHit: false, promptVersion: 'brief@1', pricing: 'priced', error: null,
        },
        {
          ts: '2026-11-23T06:30:00.000Z', callId: 'c-1', route: 'brief', model: 'local', provider: 'ollama', attempt: 2,
          status: 'error', errorClass: 'http_5xx', latencyMs: 812.5, inputTokens: 0, cachedTokens: 0, outputTokens: 0,
          costUsd: null, cacheHit: false, promptVersion: 'brief@1', pricing: 'unpriced', error: '500 Internal',
        },
        {
          ts: '2026-11-23T06:30:00.000Z', callId: 'c-2', route: 'alert', model: 'gpt-5-mini', provider: 'openai', attempt: 1,
          status: 'cached', errorClass: null, latencyMs: 0.4, inputTokens: 3000, cachedTokens: 1024, outputTokens: 400,
          costUsd: 0, cacheHit: true, promptVersion: null, pricing: 'priced', error: null,
        },
      ]);
    });

    it("sums today's logged spend into the budget as a number", async () => {
      const events: unknown[] = [];
      const budget = createBudget({
        store, timeZone: 'Europe/Moscow', globalUsd: 0.00155, routeUsd: {}, now: () => NOW, onExhausted: (e) => events.push(e),
      });
      const check = await budget.check('brief');
      expect(check).toEqual({ ok: false, event: { scope: 'global', day: '2026-11-23', spentUsd: 0.00155, limitUsd: 0.00155 } });
      expect(events).toHaveLength(1);
    });
  });

  describe('outbox', () => {
    it('returns the planned payloads as objects, with numeric ids, parts and times', async () => {
      const outbox = new Outbox(store);
      const parts: OutboundMessage[] = [
        { format: 'slack-blocks', text: 'Сводка', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*12 345 ₽*' } }, { type: 'divider' }] },
        { format: 'telegram-html', html: '<b>Итог</b> &amp; "кавычки"', buttons: [[{ label: 'Подробнее', data: 'b:2026-11-22:more' }]] },
        { format: 'text', text: '"просто текст"' },
      ];
      const at = new Date(NOW);
      const result = await outbox.enqueue([{ groupKey: 'brief:2026-11-22:slack:C1', kind: 'brief', transport: 'slack', chatId: 'C1', parts }], at);
      expect(result).toEqual({ enqueued: ['brief:2026-11-22:slack:C1'], existing: [] });
      const pending = await outbox.pending();
      expect(pending.map((r) => r.payload)).toEqual(parts);
      expect(pending.map((r) => [typeof r.id, r.part, r.attempts, r.nextAttemptAt, r.possibleDuplicate])).toEqual([
        ['number', 1, 0, NOW, false],
        ['number', 2, 0, NOW, false],
        ['number', 3, 0, NOW, false],
      ]);
      expect(await outbox.statusOf(['brief:2026-11-22:slack:C1'])).toEqual({ pending: 3, sending: 0, sent: 0, failed: 0, cancelled: 0 });
      expect(await outbox.claim(pending[0]!.id, at)).toBe(true);
      const recovered = await outbox.recoverInFlight();
      expect(recovered.map((r) => [r.id, r.attempts, r.possibleDuplicate, r.payload])).toEqual([[pending[0]!.id, 1, true, parts[0]]]);
    });
  });

  describe('stored errors', () => {
    it('scrub every registered secret from delivery and subscription errors', async () => {
      const token = '424242:MARK-contract-token';
      registerSecrets([token]);
      const outbox = new Outbox(store);
      const at = new Date(NOW);
      await outbox.enqueue([{ groupKey: 'alert:secret-test', kind: 'alert', transport: 'telegram', chatId: '77', parts: [{ format: 'text', text: 'x' }] }], at);
      const [row] = (await outbox.pending()).filter((r) => r.groupKey === 'alert:secret-test');
      await outbox.reschedule(row!.id, at, `network: request to https://api.telegram.org/bot${token}/sendMessage failed`, true);
      await outbox.markFailed(row!.id, `Call to sendMessage with ${token} failed`);
      const repo = createSubscriptionRepository(store);
      await repo.add({ transport: 'slack', chatId: 'C77' });
      await repo.deactivate('slack', 'C77', `403 for bot${token}`);
      const errors = await store.query<{ e: string }>(
        `select last_error as e from deliveries where group_key = 'alert:secret-test'
         union all select inactive_reason from subscriptions where chat_id = 'C77'`,
      );
      expect(errors.map((r) => r.e)).toEqual(['Call to sendMessage with [secret] failed', '403 for bot[secret]']);
    });
  });

  describe('subscriptions', () => {
    it('reads a subscription back as it was added', async () => {
      const repo = createSubscriptionRepository(store, { briefAt: '09:00', timeZone: 'Europe/Moscow' });
      const { subscription, created } = await repo.add({
        transport: 'telegram', chatId: '-1001234567890', receives: ['alerts'], timeZone: 'Asia/Yekaterinburg', briefAt: '08:30',
        quietHours: { from: '22:00', to: '08:00' }, addedBy: '42',
      });
      expect(created).toBe(true);
      expect(typeof subscription.id).toBe('number');
      const expected = {
        id: subscription.id, transport: 'telegram', chatId: '-1001234567890', receives: ['alerts'], timeZone: 'Asia/Yekaterinburg',
        briefAt: '08:30', quietHours: { from: '22:00', to: '08:00' }, active: true, inactiveReason: null, addedBy: '42',
        createdAt: expect.any(String),
      };
      expect(await repo.get('telegram', '-1001234567890')).toEqual(expected);
      expect(await repo.list({ transport: 'telegram' })).toEqual([expected]);
      expect(await repo.deactivate('telegram', '-1001234567890', '403 Forbidden: bot was blocked by the user')).toBe(true);
      expect(await repo.get('telegram', '-1001234567890')).toMatchObject({ active: false, inactiveReason: '403 Forbidden: bot was blocked by the user' });
    });
  });

  describe('alerts', () => {
    it('reads stored alerts and their audit trail back with numbers and evidence intact', async () => {
      const candidate: AlertCandidate = {
        kind: 'sales_drop', sku: 'A1', title: 'Кружка «Утро»', category: 'Посуда', metric: 'units', observed: 3, expected: 14.5,
        expectedLow: 9.25, expectedHigh: 19.75, severity: 'warning', atRisk: 5_432.1,
        evidence: { baselineUnits: 14.5, dropPct: -0.79, weekday: 'Mon', note: null }, dedupKey: 'sales_drop:A1',
      };
      const now = new Date(NOW);
      const { opened } = await upsertCandidates(store, [{ candidate, groupId: 'g-1' }], '2026-11-22', now);
      expect(opened).toHaveLength(1);
      expect(typeof opened[0]).toBe('number');
      const stored = await getAlert(store, opened[0]!);
      expect(stored).toMatchObject({
        id: opened[0], kind: 'sales_drop', sku: 'A1', title: 'Кружка «Утро»', category: 'Посуда', metric: 'units', observed: 3,
        expected: 14.5, expectedLow: 9.25, expectedHigh: 19.75, severity: 'warning', atRisk: 5_432.1, evidence: candidate.evidence,
        dedupKey: 'sales_drop:A1', status: 'open', groupId: 'g-1', firstDay: '2026-11-22', scanDay: '2026-11-22',
        firstSeen: '2026-11-23T06:30:00.000Z', notifyCount: 0,
      });
      expect(await listAlerts(store, { ids: opened })).toEqual([stored]);
      const acted = await applyAction(store, opened[0]!, { type: 'acknowledge', actor: { id: 'telegram:42', name: 'Анна' } }, new Date(NOW + 1000));
      expect(acted.ok).toBe(true);
      const events = await alertEvents(store, opened[0]!);
      expect(events.map((e) => [e.alertId, e.action, typeof e.details === 'object'])).toEqual([
        [opened[0], 'opened', true],
        [opened[0], 'acknowledged', true],
      ]);
      expect(events[0]!.details).toEqual({ day: '2026-11-22' });
    });
  });

  describe('processed updates', () => {
    it('claims an update once and prunes by age', async () => {
      expect(await claimUpdate(store, 'telegram', 'u-1')).toBe(true);
      expect(await claimUpdate(store, 'telegram', 'u-1')).toBe(false);
      expect(await claimUpdate(store, 'slack', 'u-1')).toBe(true);
      const pruned = await pruneProcessedUpdates(store, new Date(Date.now() + 8 * 86_400_000));
      expect(pruned).toBe(2);
    });
  });

  describe('scheduler state', () => {
    it('reads back objects, strings and numbers as written, and merges brief runs', async () => {
      const now = new Date(NOW);
      await writeMeta(store, 'contract-object', { runId: 17, at: '2026-11-23T05:00:00Z', ok: true }, now);
      await writeMeta(store, 'contract-string', '2026-11-23', now);
      await writeMeta(store, 'contract-number', 1234.5, now);
      expect(await readMeta(store, 'contract-object')).toEqual({ runId: 17, at: '2026-11-23T05:00:00Z', ok: true });
      expect(await readMeta(store, 'contract-string')).toBe('2026-11-23');
      expect(await readMeta(store, 'contract-number')).toBe(1234.5);
      await recordBriefRuns(store, new Map([[1, '2026-11-22']]), now);
      await recordBriefRuns(store, new Map([[2, '2026-11-23']]), now);
      expect(await readBriefRuns(store)).toEqual(new Map([[1, '2026-11-22'], [2, '2026-11-23']]));
    });
  });

  it('returns int8 as a number and jsonb as parsed JSON from raw queries', async () => {
    const rows = await store.query(`select count(*) as n, 9007199254740993::int8 as big, $1::jsonb as j, $2::jsonb as s`, [
      JSON.stringify({ a: [1, 2.5] }),
      JSON.stringify('текст'),
    ]);
    expect(rows).toEqual([{ n: 1, big: 9007199254740993n, j: { a: [1, 2.5] }, s: 'текст' }]);
  });
});
