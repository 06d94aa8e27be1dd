import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import type { Store } from '../../src/data/store.js';
import { createRouter } from '../../src/router/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { fakeConfig, loggedCalls } from './harness.js';

const question = [{ role: 'user' as const, content: 'Janet’s ducks lay 16 eggs per day. She eats 3. How many are left?' }];
const GOOD = 'She has 16 - 3 = 13 eggs left.\n#### 13';
const SLIP = 'She has 16 - 3 = 12 eggs left.\n#### 12';
const VAGUE = 'She probably has a dozen or so eggs left.';
const HEDGED = 'Assuming she eats 3, she has 16 - 3 = 13 eggs left.\n#### 13';
// Prices per MTok: cheap 1/2, strong 10/30; every answer is billed 100 prompt + 10 completion tokens.
const usage = { prompt: 100, completion: 10 };
const CHEAP_USD = (100 * 1 + 10 * 2) / 1e6;
const STRONG_USD = (100 * 10 + 10 * 30) / 1e6;

describe.each(STORE_DRIVERS)('router escalate check on $driver', ({ open }) => {
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
  beforeEach(() => fake.reset());

  const route = (escalate: unknown, models = ['cheap', 'strong'], extra: Record<string, unknown> = {}) =>
    fakeConfig(fake.url, {
      models: { cheap: { inputPerMTok: 1, outputPerMTok: 2 }, strong: { inputPerMTok: 10, outputPerMTok: 30 } },
      routes: { ask: { models, escalate, retries: 0, ...extra } },
      cache: { enabled: false },
    });

  it('sends a valid answer with no final number on to the next model, logs it escalated and bills both', async () => {
    fake.script('cheap', { kind: 'answer', content: VAGUE, usage });
    fake.script('strong', { kind: 'answer', content: GOOD, usage });
    const router = createRouter({ config: route('answer-format'), store });

    const result = await router.chat({ route: 'ask', messages: question });
    await router.close();

    expect(result).toMatchObject({ ok: true, model: 'strong', value: GOOD });
    expect(result.ok && result.costUsd).toBeCloseTo(CHEAP_USD + STRONG_USD, 12);
    const rows = await loggedCalls(store, result.callId);
    expect(rows.map((r) => [r.model, r.attempt, r.status, r.error_class])).toEqual([
      ['cheap', 1, 'escalated', 'escalated'],
      ['strong', 2, 'ok', null],
    ]);
    expect(rows[0]!.cost_usd).toBeCloseTo(CHEAP_USD, 12);
  });

  it('keeps the cheap answer when every check passes, without calling the next model', async () => {
    fake.script('cheap', { kind: 'answer', content: GOOD, usage });
    const router = createRouter({ config: route(['answer-format', 'arithmetic', 'hedging']), store });

    const result = await router.chat({ route: 'ask', messages: question });
    await router.close();

    expect(result).toMatchObject({ ok: true, model: 'cheap', value: GOOD });
    expect(fake.requests.map((r) => r.model)).toEqual(['cheap']);
    expect((await loggedCalls(store, result.callId)).map((r) => r.status)).toEqual(['ok']);
  });

  it('recomputes the arithmetic written in the answer and escalates a slip', async () => {
    fake.script('cheap', { kind: 'answer', content: SLIP, usage });
    fake.script('strong', { kind: 'answer', content: GOOD, usage });
    const router = createRouter({ config: route(['answer-format', 'arithmetic']), store });

    const result = await router.chat({ route: 'ask', messages: question });
    await router.close();

    expect(result).toMatchObject({ ok: true, model: 'strong' });
    const rows = await store.query<{ error: string }>('select error from llm_calls where call_id = $1 and status = $2', [result.callId, 'escalated']);
    expect(rows.map((r) => r.error)).toEqual(['arithmetic: 16 - 3 = 13, not 12']);
  });

  it('escalates a hedged answer only when the route asks for the hedging check', async () => {
    fake.script('cheap', { kind: 'answer', content: HEDGED, usage });
    const lenient = createRouter({ config: route(['answer-format', 'arithmetic']), store });
    const kept = await lenient.chat({ route: 'ask', messages: question });
    await lenient.close();
    const strict = createRouter({ config: route('hedging'), store });
    const escalated = await strict.chat({ route: 'ask', messages: question });
    await strict.close();

    expect(kept).toMatchObject({ ok: true, model: 'cheap' });
    expect(escalated).toMatchObject({ ok: true, model: 'strong' });
  });

  it('never doubts the last model of the route', async () => {
    fake.script('strong', { kind: 'answer', content: VAGUE, usage });
    const router = createRouter({ config: route('answer-format', ['strong']), store });

    const result = await router.chat({ route: 'ask', messages: question });
    await router.close();

    expect(result).toMatchObject({ ok: true, model: 'strong', value: VAGUE });
    expect((await loggedCalls(store, result.callId)).map((r) => r.status)).toEqual(['ok']);
  });

  it('falls back to the doubted answer when the next model fails', async () => {
    fake.script('cheap', { kind: 'answer', content: VAGUE, usage });
    fake.script('strong', { kind: 'error', status: 500 });
    const router = createRouter({ config: route('answer-format'), store });

    const result = await router.chat({ route: 'ask', messages: question });
    await router.close();

    expect(result).toMatchObject({ ok: true, model: 'cheap', value: VAGUE });
    expect((await loggedCalls(store, result.callId)).map((r) => [r.model, r.status])).toEqual([
      ['cheap', 'escalated'],
      ['strong', 'error'],
    ]);
  });

  it("gives the route's escalation rate from the call log", async () => {
    await store.query("delete from llm_calls where route = 'ask'");
    fake.script('cheap', [
      { kind: 'answer', content: GOOD, usage },
      { kind: 'answer', content: VAGUE, usage },
      { kind: 'answer', content: GOOD, usage },
      { kind: 'answer', content: SLIP, usage },
    ]);
    fake.script('strong', { kind: 'answer', content: GOOD, usage });
    const router = createRouter({ config: route(['answer-format', 'arithmetic']), store });
    for (let i = 0; i < 4; i += 1) await router.chat({ route: 'ask', messages: question });
    await router.close();

    const [rate] = await store.query<{ calls: number; escalated: number }>(
      `select count(distinct call_id)::int as calls, count(*) filter (where status = 'escalated')::int as escalated
         from llm_calls where route = 'ask'`,
    );
    expect(rate).toEqual({ calls: 4, escalated: 2 });
  });

  it("never serves an answer cached before the route's checks changed", async () => {
    const cached = (escalate: unknown) =>
      fakeConfig(fake.url, {
        models: { cheap: { inputPerMTok: 1, outputPerMTok: 2 }, strong: { inputPerMTok: 10, outputPerMTok: 30 } },
        routes: { ask: { models: ['cheap', 'strong'], retries: 0, ...(escalate ? { escalate } : {}) } },
      });
    const asked = [{ role: 'user' as const, content: `${question[0]!.content} (cache ${Math.random()})` }];
    fake.script('cheap', { kind: 'answer', content: VAGUE, usage });
    const before = createRouter({ config: cached(undefined), store });
    const first = await before.chat({ route: 'ask', messages: asked });
    await before.close();
    expect(first).toMatchObject({ ok: true, model: 'cheap', value: VAGUE, cached: false });

    // The same question once the route escalates vague answers: the old cheap answer is not served.
    fake.script('cheap', { kind: 'answer', content: VAGUE, usage });
    fake.script('strong', { kind: 'answer', content: GOOD, usage });
    const after = createRouter({ config: cached('answer-format'), store });
    const second = await after.chat({ route: 'ask', messages: asked });
    await after.close();
    expect(second).toMatchObject({ ok: true, model: 'strong', value: GOOD, cached: false });
  });

  it('rejects an unknown check at boot, naming the key', () => {
    expect(() => route('vibes')).toThrow(ConfigError);
    expect(() => route('vibes')).toThrow(/routes\.ask\.escalate/);
  });
});
