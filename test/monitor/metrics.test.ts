/**
 * `/metrics` (SPEC section 7) scraped over HTTP after a brief written by a model on the loopback
 * OpenAI fake, the same brief again (a cache hit) and a broadcast to Telegram chats on the fake:
 * every counter equals what the call log (`llm_calls`) and the outbox (`deliveries`) hold, and
 * every metric's `# TYPE` line is there before anything was observed. On both stores.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from 'grammy';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { buildBrief } from '../../src/brief/brief-service.js';
import { seedDemo } from '../../src/data/demo/seed.js';
import { createSqlEtlSource } from '../../src/data/etl-source.js';
import type { Store } from '../../src/data/store.js';
import { sendBrief } from '../../src/scheduler/broadcast.js';
import { createSubscriptionRepository } from '../../src/delivery/subscriptions.js';
import { startHttpServer, type HttpServer } from '../../src/monitor/http-server.js';
import { createMetrics, type Metrics } from '../../src/monitor/metrics.js';
import { createBriefNarrator } from '../../src/brief/brief-narrator.js';
import { createRouter } from '../../src/router/index.js';
import { createTelegramSender } from '../../src/transports/telegram/telegram-sender.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { startTelegramFake, type TelegramFake } from '../fakes/telegram-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { clockOf, fixedClock } from '../../src/time/clock.js';

const DAY = '2026-11-22';
const NOW = new Date('2026-11-23T06:30:00Z');
const NARRATIVE = { summary: 'Выручка выросла.', highlights: ['Рост у лидеров'], actions: ['Пополнить остатки'] };
const SPEC_METRICS = [
  'herald_llm_calls_total', 'herald_llm_latency_seconds', 'herald_llm_tokens_total', 'herald_llm_cost_usd_total',
  'herald_llm_unpriced_calls_total', 'herald_cache_hits_total', 'herald_budget_remaining_usd', 'herald_deliveries_total',
  'herald_outbox_pending', 'herald_alerts_open', 'herald_etl_last_success_timestamp_seconds', 'herald_brief_last_sent_timestamp_seconds',
];
const logger = pino({ level: 'silent' });

/** `name{labels} value` lines of a Prometheus text answer, keyed by the series as printed. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

function testConfig(openaiUrl: string): Config {
  const dir = mkdtempSync(join(tmpdir(), 'herald-metrics-'));
  writeFileSync(
    join(dir, 'herald.config.json'),
    JSON.stringify({
      providers: { fake: { baseURL: openaiUrl, apiKeyEnv: 'OPENAI_API_KEY' } },
      models: {
        'm-good': { provider: 'fake', model: 'm-good', inputPerMTok: 0.25, outputPerMTok: 2 },
        'm-free': { provider: 'fake', model: 'm-free' },
      },
      routes: { brief: { models: ['m-good'], budgetUsd: 1 }, alert: { models: ['m-free'] } },
      budget: { dailyUsd: 5 },
    }),
  );
  return loadConfig({ env: { OPENAI_API_KEY: 'test-key' }, cwd: dir });
}

it('registers every SPEC metric at start, before any observation', async () => {
  const metrics = createMetrics({ store: null, config: loadConfig({ env: {}, cwd: '/nonexistent' }) });
  const text = await metrics.registry.metrics();
  for (const name of SPEC_METRICS) expect(text).toContain(`# TYPE ${name} `);
  expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
});

for (const driver of STORE_DRIVERS) {
  describe(`/metrics on ${driver.driver}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let openai: OpenAIFake;
    let telegram: TelegramFake;
    let http: HttpServer;
    let metrics: Metrics;

    beforeAll(async () => {
      ({ store, cleanup } = await driver.open());
      await seedDemo(store, { seed: 5, endDay: DAY, skus: 20, days: 21 });
      openai = await startOpenAIFake();
      openai.script('m-good', { kind: 'answer', content: JSON.stringify(NARRATIVE), usage: { prompt: 1200, completion: 150, cached: 200 } });
      openai.script('m-free', { kind: 'answer', content: 'Продажи упали из-за остатков.' });
      telegram = await startTelegramFake();
      const config = testConfig(openai.url);
      const now = () => NOW;
      metrics = createMetrics({ store, etl: createSqlEtlSource(store, config.data), config, clock: clockOf({ now }) });
      http = await startHttpServer({ port: 0, host: '127.0.0.1', store, logger, metrics: metrics.registry });

      const router = createRouter({ config, store, logger, clock: clockOf({ now }), onAttempt: metrics.observeAttempt });
      const narrator = createBriefNarrator(router);
      const first = await buildBrief({ store, config, narrator, clock: clockOf({ now }) }, { locale: 'ru' });
      const again = await buildBrief({ store, config, narrator, clock: clockOf({ now }) }, { locale: 'ru' });
      expect([first.narrativeSource, again.narrativeSource]).toEqual(['model:m-good', 'model:m-good']);
      // An unpriced model answering once.
      expect((await router.chat({ route: 'alert', messages: [{ role: 'user', content: 'почему?' }] })).ok).toBe(true);
      await router.close();

      const subscriptions = createSubscriptionRepository(store);
      for (const chatId of ['101', '102', '103']) await subscriptions.add({ transport: 'telegram', chatId, receives: ['brief'] });
      const sender = metrics.instrumentSender(createTelegramSender(new Api(telegram.token, { apiRoot: telegram.apiRoot })));
      await sendBrief({ store, logger, senders: [sender], locale: 'ru', clock: fixedClock(now()) }, { date: DAY, build: async () => first });
    }, 300_000);
    afterAll(async () => {
      await http?.close();
      await openai?.close();
      await telegram?.close();
      await cleanup?.();
    });

    it('counts exactly what the call log and the outbox hold', async () => {
      const res = await fetch(`${http.url}/metrics`);
      expect(res.status).toBe(200);
      const s = samples(await res.text());

      const calls = await store.query<{ route: string; model: string; status: string; n: number; input: number; cached: number; output: number; cost: number; hits: number }>(
        `select route, model, status, count(*)::int as n, sum(input_tokens)::int as input, sum(cached_tokens)::int as cached,
                sum(output_tokens)::int as output, coalesce(sum(cost_usd), 0)::float8 as cost, count(*) filter (where cache_hit)::int as hits
           from llm_calls group by route, model, status`,
      );
      expect(calls.map((c) => c.status).sort()).toEqual(['cached', 'ok', 'ok']);
      for (const c of calls) {
        expect(s.get(`herald_llm_calls_total{route="${c.route}",model="${c.model}",status="${c.status}"}`)).toBe(c.n);
      }
      const ok = calls.find((c) => c.route === 'brief' && c.status === 'ok')!;
      expect(s.get('herald_llm_tokens_total{route="brief",model="m-good",kind="input"}')).toBe(ok.input);
      expect(s.get('herald_llm_tokens_total{route="brief",model="m-good",kind="cached"}')).toBe(ok.cached);
      expect(s.get('herald_llm_tokens_total{route="brief",model="m-good",kind="output"}')).toBe(ok.output);
      expect(s.get('herald_llm_cost_usd_total{route="brief",model="m-good"}')).toBeCloseTo(ok.cost, 12);
      expect(s.get('herald_llm_latency_seconds_count{route="brief",model="m-good"}')).toBe(1);
      expect(s.get('herald_cache_hits_total{route="brief"}')).toBe(calls.reduce((n, c) => n + c.hits, 0));
      expect(s.get('herald_llm_unpriced_calls_total{model="m-free"}')).toBe(1);
      expect(s.get('herald_budget_remaining_usd{scope="global"}')).toBeCloseTo(5 - ok.cost, 12);
      expect(s.get('herald_budget_remaining_usd{scope="brief"}')).toBeCloseTo(1 - ok.cost, 12);

      const [outbox] = await store.query<{ sent: number; pending: number; last: number }>(
        `select count(*) filter (where status = 'sent')::int as sent, count(*) filter (where status in ('pending', 'sending'))::int as pending,
                extract(epoch from max(sent_at))::float8 as last from deliveries`,
      );
      expect(outbox!.sent).toBeGreaterThanOrEqual(3);
      expect(s.get('herald_deliveries_total{transport="telegram",outcome="sent"}')).toBe(outbox!.sent);
      expect(telegram.sent.length).toBe(outbox!.sent);
      expect(s.get('herald_outbox_pending')).toBe(outbox!.pending);
      expect(s.get('herald_brief_last_sent_timestamp_seconds')).toBeCloseTo(outbox!.last, 3);

      const [etl] = await store.query<{ at: number }>(`select extract(epoch from date_trunc('second', max(finished_at)))::float8 as at from etl_runs where lower(status) in ('ok','success','done')`);
      expect(s.get('herald_etl_last_success_timestamp_seconds')).toBe(etl!.at);
      expect(s.get('herald_alerts_open{severity="critical"}')).toBe(0);
      expect(s.has('process_resident_memory_bytes')).toBe(true);
    });
  });
}
