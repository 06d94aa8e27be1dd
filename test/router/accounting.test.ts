import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { createRouter, type BudgetExhaustedEvent } from '../../src/router/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, loggedCalls, manualClock } from './harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { clockOf } from '../../src/time/clock.js';

const msg = (text: string) => [{ role: 'user' as const, content: text }];

describe.each(STORE_DRIVERS)('router cache, budgets and costs on $driver', ({ open }) => {
  let fake: OpenAIFake;
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    fake = await startOpenAIFake();
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    await fake.close();
    await cleanup();
  });
  beforeEach(async () => {
    fake.reset();
    await store.query('delete from llm_calls');
    await store.query('delete from llm_cache');
  });

  it('computes the cost exactly from the usage the provider reported, cached input at its own price', async () => {
    fake.script('m-priced', { kind: 'answer', content: 'ok', usage: { prompt: 1000, cached: 200, completion: 500 } });
    const config = fakeConfig(fake.url, {
      models: { 'm-priced': { inputPerMTok: 0.25, cachedInputPerMTok: 0.025, outputPerMTok: 2 } },
      routes: { ask: { models: ['m-priced'] } },
    });
    const router = createRouter({ config, store });
    const result = await router.chat({ route: 'ask', messages: msg('cost') });
    await router.close();
    // 800 × 0.25 + 200 × 0.025 + 500 × 2 = 1205 USD per million tokens.
    expect(result).toMatchObject({ ok: true, costUsd: 0.001205 });
    const [row] = await loggedCalls(store, result.callId);
    expect(row).toMatchObject({ input_tokens: 1000, cached_tokens: 200, output_tokens: 500, cost_usd: 0.001205, pricing: 'priced' });
  });

  it('prices catalog models from the catalog and local Ollama models at zero', async () => {
    fake.script('gpt-5-mini', { kind: 'answer', usage: { prompt: 2000, completion: 100, cached: 0 } });
    const config = fakeConfig(fake.url, {
      providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_API_KEY' }, ollama: { baseURL: fake.url } },
      models: { mini: { provider: 'fake', model: 'gpt-5-mini', inputPerMTok: undefined, outputPerMTok: undefined } },
      routes: { ask: { models: ['mini'] }, classify: { models: ['llama3.1'] } },
    });
    const router = createRouter({ config, store });
    const mini = await router.chat({ route: 'ask', messages: msg('catalog') });
    const local = await router.chat({ route: 'classify', messages: msg('local') });
    await router.close();
    expect(mini).toMatchObject({ ok: true, model: 'mini', costUsd: (2000 * 0.25 + 100 * 2) / 1e6 });
    expect(local).toMatchObject({ ok: true, model: 'llama3.1', costUsd: 0 });
    expect((await loggedCalls(store, local.callId))[0]).toMatchObject({ pricing: 'local', cost_usd: 0 });
  });

  it('logs a model with no known price as unpriced, never as $0', async () => {
    const config = fakeConfig(fake.url, {
      models: { 'm-mystery': { inputPerMTok: undefined, outputPerMTok: undefined } },
      routes: { ask: { models: ['m-mystery'] } },
    });
    const router = createRouter({ config, store });
    const result = await router.chat({ route: 'ask', messages: msg('price?') });
    await router.close();
    expect(result).toMatchObject({ ok: true, costUsd: null });
    expect((await loggedCalls(store, result.callId))[0]).toMatchObject({ pricing: 'unpriced', cost_usd: null });
  });

  it('answers a repeated call from memory without tokens, and logs the hit', async () => {
    const config = fakeConfig(fake.url, { models: { 'm-a': {} }, routes: { ask: { models: ['m-a'] } } });
    const router = createRouter({ config, store });
    const first = await router.chat({ route: 'ask', messages: msg('Выручка вчера?'), prompt: { id: 'ask', version: 2 } });
    const second = await router.chat({ route: 'ask', messages: msg('  Выручка вчера?\r\n'), prompt: { id: 'ask', version: 2 } });
    const otherPrompt = await router.chat({ route: 'ask', messages: msg('Выручка вчера?'), prompt: { id: 'ask', version: 3 } });
    await router.close();
    expect(first).toMatchObject({ ok: true, cached: false });
    expect(second).toMatchObject({ ok: true, cached: true, costUsd: 0, value: 'ok', model: 'm-a' });
    expect(otherPrompt).toMatchObject({ ok: true, cached: false });
    expect(fake.requests).toHaveLength(2);
    expect(await loggedCalls(store, second.callId)).toEqual([
      expect.objectContaining({ status: 'cached', cache_hit: true, input_tokens: 0, output_tokens: 0, cost_usd: 0, prompt_version: 'ask@2' }),
    ]);
  });

  it('serves a hit from Postgres to a fresh process until the TTL passes', async () => {
    const config = fakeConfig(fake.url, { models: { 'm-a': {} }, routes: { ask: { models: ['m-a'] } }, cache: { ttlSeconds: 60 } });
    const clock = manualClock();
    const writer = createRouter({ config, store, clock: clockOf({ now: clock.now }) });
    await writer.chat({ route: 'ask', messages: msg('persist me') });
    await writer.close();

    const reader = createRouter({ config, store, clock: clockOf({ now: clock.now }) });
    expect(await reader.chat({ route: 'ask', messages: msg('persist me') })).toMatchObject({ ok: true, cached: true });
    await reader.close();

    clock.advance(61_000);
    const later = createRouter({ config, store, clock: clockOf({ now: clock.now }) });
    expect(await later.chat({ route: 'ask', messages: msg('persist me') })).toMatchObject({ ok: true, cached: false });
    await later.close();
    expect(fake.requests).toHaveLength(2);
  });

  it("misses the cache when the route's model list changes", async () => {
    const before = fakeConfig(fake.url, { models: { 'm-a': {}, 'm-b': {} }, routes: { ask: { models: ['m-a'] } } });
    const after = fakeConfig(fake.url, { models: { 'm-a': {}, 'm-b': {} }, routes: { ask: { models: ['m-b', 'm-a'] } } });
    const r1 = createRouter({ config: before, store });
    await r1.chat({ route: 'ask', messages: msg('models') });
    await r1.close();
    const r2 = createRouter({ config: after, store });
    expect(await r2.chat({ route: 'ask', messages: msg('models') })).toMatchObject({ ok: true, cached: false, model: 'm-b' });
    await r2.close();
  });

  it('stops calling models when the daily budget is spent and raises the alert once', async () => {
    fake.script('m-a', { kind: 'answer', usage: { prompt: 1000, completion: 1000, cached: 0 } });
    const config = fakeConfig(fake.url, {
      models: { 'm-a': { inputPerMTok: 1, outputPerMTok: 1 } },
      routes: { ask: { models: ['m-a'] } },
      budget: { dailyUsd: 0.003 },
      cache: { enabled: false },
    });
    const events: BudgetExhaustedEvent[] = [];
    const clock = manualClock('2026-11-23T10:00:00Z');
    const router = createRouter({ config, store, clock: clockOf({ now: clock.now }), onBudgetExhausted: (e) => events.push(e) });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await router.chat({ route: 'ask', messages: msg(`q${i}`) }));
    await router.close();
    // Each call costs $0.002: the first two run, the budget is then spent.
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'budget', 'budget']);
    expect(fake.requests).toHaveLength(2);
    expect(events).toEqual([{ scope: 'global', day: '2026-11-23', spentUsd: 0.004, limitUsd: 0.003 }]);
    expect((await loggedCalls(store, results[2]!.callId))[0]).toMatchObject({ status: 'budget', error_class: 'budget' });

    // A new process the same day reads what was spent from the log; the next shop day starts afresh.
    const again = createRouter({ config, store, clock: clockOf({ now: clock.now }) });
    expect(await again.chat({ route: 'ask', messages: msg('q5') })).toMatchObject({ ok: false, reason: 'budget' });
    clock.advance(24 * 3600_000);
    expect(await again.chat({ route: 'ask', messages: msg('q6') })).toMatchObject({ ok: true });
    await again.close();
  });

  it("reads today's spend again after a database error instead of failing every call for the rest of the day", async () => {
    const config = fakeConfig(fake.url, { models: { 'm-a': {} }, routes: { ask: { models: ['m-a'] } }, budget: { dailyUsd: 1 }, cache: { enabled: false } });
    let failures = 1;
    const flaky: Store = {
      ...store,
      query: (text, params) => {
        if (failures > 0 && /from llm_calls where day/.test(text)) {
          failures -= 1;
          return Promise.reject(new Error('connection reset'));
        }
        return store.query(text, params);
      },
    };
    const router = createRouter({ config, store: flaky });
    await expect(router.chat({ route: 'ask', messages: msg('blip') })).rejects.toThrow('connection reset');
    const after = await router.chat({ route: 'ask', messages: msg('after') });
    await router.close();
    expect(after).toMatchObject({ ok: true, model: 'm-a' });
  });

  it('enforces a per-route budget without blocking other routes', async () => {
    fake.script('m-a', { kind: 'answer', usage: { prompt: 1000, completion: 0, cached: 0 } });
    const config = fakeConfig(fake.url, {
      models: { 'm-a': { inputPerMTok: 1, outputPerMTok: 1 } },
      routes: { ask: { models: ['m-a'], budgetUsd: 0.001 }, classify: { models: ['m-a'] } },
      cache: { enabled: false },
    });
    const events: BudgetExhaustedEvent[] = [];
    const router = createRouter({ config, store, onBudgetExhausted: (e) => events.push(e) });
    await router.chat({ route: 'ask', messages: msg('a') });
    expect(await router.chat({ route: 'ask', messages: msg('b') })).toMatchObject({ ok: false, reason: 'budget' });
    expect(await router.chat({ route: 'classify', messages: msg('c') })).toMatchObject({ ok: true });
    await router.close();
    expect(events.map((e) => e.scope)).toEqual(['ask']);
  });
});
