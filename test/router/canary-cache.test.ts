/**
 * Issue 8, item 2: the canary and the shadow with the response cache ON (the rollout tests turn
 * it off). The cache is keyed by the models planned for the call, so the canary's answer is served
 * only to calls that planned the canary, and never after the canary is rolled back.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from '../../src/data/store.js';
import { createRouter } from '../../src/router/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig } from './harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const explanation = { name: 'alert_explanation', version: 1, zod: z.object({ explanation: z.string() }) };
const MAIN = { explanation: 'Продажи A1 упали на 60 %' };
const CANARY = { explanation: 'ответ канарейки' };

describe.each(STORE_DRIVERS)('the response cache with a canary or a shadow on $driver', ({ open }) => {
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
  beforeEach(() => {
    fake.reset();
    fake.script('m-main', { kind: 'answer', content: JSON.stringify(MAIN) });
    fake.script('m-cand', { kind: 'answer', content: JSON.stringify(CANARY) });
    fake.script('m-shadow', { kind: 'answer', content: JSON.stringify({ explanation: 'теневой ответ' }) });
  });

  const withCanary = (url: string) =>
    fakeConfig(url, { models: { 'm-main': {}, 'm-cand': {} }, routes: { alert: { models: ['m-main'], canary: { model: 'm-cand', share: 0.5 } } } });
  const ask = (question: string) => ({ route: 'alert' as const, messages: [{ role: 'user' as const, content: question }], schema: explanation });

  it("serves the canary's answer only to calls that planned the canary", async () => {
    // Draws: canary, not canary, canary.
    const draws = [0.1, 0.9, 0.1];
    const router = createRouter({ config: withCanary(fake.url), store, random: () => draws.shift()! });
    const first = await router.chat(ask('Объясни тревогу по A1'));
    const second = await router.chat(ask('Объясни тревогу по A1'));
    const third = await router.chat(ask('Объясни тревогу по A1'));
    await router.close();
    expect([first, second, third].map((r) => r.ok && [r.model, r.value, r.cached])).toEqual([
      ['m-cand', CANARY, false],
      ['m-main', MAIN, false],
      ['m-cand', CANARY, true],
    ]);
    expect(fake.requests.map((r) => r.model)).toEqual(['m-cand', 'm-main']);
  });

  it("never serves the canary's cached answer after the canary is rolled back", async () => {
    const canaryRouter = createRouter({ config: withCanary(fake.url), store, random: () => 0.1 });
    const before = await canaryRouter.chat(ask('Объясни тревогу по B2'));
    await canaryRouter.close();
    expect(before).toMatchObject({ ok: true, model: 'm-cand', value: CANARY });

    // The rollback: the same route without its canary, a fresh process on the same database.
    const rolledBack = fakeConfig(fake.url, { models: { 'm-main': {}, 'm-cand': {} }, routes: { alert: { models: ['m-main'] } } });
    const router = createRouter({ config: rolledBack, store, random: () => 0.1 });
    const after = await router.chat(ask('Объясни тревогу по B2'));
    const again = await router.chat(ask('Объясни тревогу по B2'));
    await router.close();
    expect(after).toMatchObject({ ok: true, model: 'm-main', value: MAIN, cached: false });
    expect(again).toMatchObject({ ok: true, model: 'm-main', value: MAIN, cached: true });
  });

  it("caches the primary's answer, never the shadow's", async () => {
    const config = fakeConfig(fake.url, {
      models: { 'm-main': {}, 'm-shadow': {} },
      routes: { alert: { models: ['m-main'], shadow: { model: 'm-shadow', share: 1 } } },
    });
    const router = createRouter({ config, store, random: () => 0.5 });
    await router.chat(ask('Объясни тревогу по C3'));
    await router.idle();
    const cached = await router.chat(ask('Объясни тревогу по C3'));
    await router.close();
    expect(cached).toMatchObject({ ok: true, model: 'm-main', value: MAIN, cached: true });
  });
});
