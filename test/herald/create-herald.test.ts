/**
 * `createHerald` end to end without any network: an in-process model provider (passed through
 * `overrides.providers`) and a fixed clock; a brief narrated by route `brief` and a scan explained
 * by route `alert` over a seeded demo shop, with the call log, the budget notice and the outbox
 * written by the one graph. On PGlite and on the real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { createHerald, type Herald } from '../../src/herald/create-herald.js';
import { createLogger } from '../../src/log.js';
import type { ChatModel, ModelChatRequest, Provider } from '../../src/router/index.js';
import { fixedClock } from '../../src/time/clock.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { localConfig } from '../router/harness.js';

const NOW = new Date('2026-11-23T06:30:00Z');
const usage = { inputTokens: 1000, cachedTokens: 0, outputTokens: 100 };

/** Answers route `brief` with a narrative quoting the day's revenue it was given, route `alert` with a sentence. */
function inProcessProvider() {
  const calls: Array<{ model: string; request: ModelChatRequest }> = [];
  const provider: Provider = {
    chatModel: (modelId): ChatModel => ({
      async chat(request) {
        calls.push({ model: modelId, request });
        const user = request.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
        const content =
          modelId === 'narrator'
            ? JSON.stringify({ summary: `Выручка ${/"revenue":(\d+(?:\.\d+)?)/.exec(user)?.[1] ?? '?'} ₽.`, highlights: ['В процессе'], actions: [] })
            : JSON.stringify({ explanation: 'Объяснение от модели в процессе.' });
        return { content, refusal: null, toolCalls: [], finishReason: 'stop', usage };
      },
    }),
  };
  return { provider, calls };
}

describe.each(STORE_DRIVERS)('createHerald on $driver', ({ open }) => {
  let db: Awaited<ReturnType<typeof open>>;
  let herald: Herald;
  let local: ReturnType<typeof inProcessProvider>;
  const fetched: string[] = [];

  beforeAll(async () => {
    db = await open();
    await seedDemo(db.store, { endDay: '2026-11-22', skus: 24, days: 45 });
    await db.store.query(`insert into subscriptions (transport, chat_id, time_zone, brief_at) values ('telegram', '42', 'Europe/Moscow', '09:00')`);
    const config = localConfig({
      providers: { local: {} },
      models: {
        narrator: { provider: 'local', model: 'narrator', inputPerMTok: 1, outputPerMTok: 2 },
        explainer: { provider: 'local', model: 'explainer', inputPerMTok: 1, outputPerMTok: 2 },
      },
      // Two explanations spend the alert route's day: the scan's router must raise the budget notice.
      routes: { brief: { models: ['narrator'] }, alert: { models: ['explainer'], budgetUsd: 0.0025 } },
    });
    local = inProcessProvider();
    herald = await createHerald(config, {
      store: db.store,
      logger: createLogger('silent'),
      clock: fixedClock(NOW),
      providers: { local: local.provider },
      // Any HTTP from the graph would land here: there must be none.
      fetch: async (input) => {
        fetched.push(String(input));
        throw new Error('no network in this test');
      },
      processMetrics: false,
    });
  }, 120_000);

  afterAll(async () => {
    await herald?.close();
    await db?.cleanup();
  });

  it('builds the brief of the latest day with the in-process narrator', async () => {
    const brief = await herald.brief();
    expect(brief.date).toBe('2026-11-22');
    expect(brief.narrativeSource).toBe('model:narrator');
    expect(brief.narrative.summary).toBe(`Выручка ${brief.totals.revenue} ₽.`);
    expect(local.calls.filter((c) => c.model === 'narrator')).toHaveLength(1);
  });

  it('scans the same day, explains new alerts through route alert and notices the spent budget', async () => {
    const result = await herald.scan();
    expect(result.date).toBe('2026-11-22');
    expect(result.opened.length).toBeGreaterThan(2);
    const explained = result.alerts.filter((a) => a.explanation === 'Объяснение от модели в процессе.');
    // Each paid explanation costs $0.0012: the third one spends the day's $0.0025, later ones get the template.
    expect(explained.length).toBe(3);
    expect(result.opened.length).toBeGreaterThan(explained.length);
    await herald.router!.idle();
    await herald.close();
    // The budget notice went to the outbox of the chat that receives alerts.
    const notices = await db.store.query<{ kind: string; chat_id: string }>(`select kind, chat_id from deliveries where kind = 'budget'`);
    expect(notices).toEqual([{ kind: 'budget', chat_id: '42' }]);
  });

  it('logged every model call on the injected clock and touched no network', async () => {
    const rows = await db.store.query<{ route: string; status: string; day: string; n: number }>(
      `select route, status, day::text as day, count(*)::int as n from llm_calls group by route, status, day order by route, status`,
    );
    expect(rows).toEqual([
      { route: 'alert', status: 'budget', day: '2026-11-23', n: expect.any(Number) },
      { route: 'alert', status: 'ok', day: '2026-11-23', n: 3 },
      { route: 'brief', status: 'ok', day: '2026-11-23', n: 1 },
    ]);
    expect(fetched).toEqual([]);
  });
});
