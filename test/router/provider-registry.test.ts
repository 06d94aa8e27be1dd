/**
 * The router with in-process providers only — no HTTP, no network: the provider registry keyed by
 * the config's `providers`, open routes with their `needs`, `finishReason`, the `length` error
 * class, refusals as data, and the deadline on the injected clock.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter, ProviderError, type ChatModel, type EmbeddingModel, type ModelChatRequest, type ModelChatResponse, type Provider } from '../../src/router/index.js';
import { virtualClock } from '../../src/time/clock.js';
import { localConfig } from './harness.js';

const ask = [{ role: 'user' as const, content: 'Сколько продали вчера?' }];
const usage = { inputTokens: 1000, cachedTokens: 0, outputTokens: 500 };
type Reply = Partial<ModelChatResponse> | ProviderError;

/** A provider that answers each model from a script (the last reply repeats) and records every request. */
function scriptedProvider(scripts: Record<string, Reply[]>, onCall?: (model: string) => void) {
  const seen: Array<{ model: string; request: ModelChatRequest }> = [];
  const provider: Provider = {
    chatModel: (modelId): ChatModel => ({
      async chat(request) {
        seen.push({ model: modelId, request });
        onCall?.(modelId);
        const script = scripts[modelId] ?? [{}];
        const reply = script.length > 1 ? script.shift()! : script[0]!;
        if (reply instanceof ProviderError) throw reply;
        return { content: `ответ ${modelId}`, refusal: null, toolCalls: [], finishReason: 'stop', usage, ...reply };
      },
    }),
  };
  return { provider, seen };
}

const model = (provider: string, extra: Record<string, unknown> = {}) => ({ provider, model: `${provider}-model`, inputPerMTok: 1, outputPerMTok: 2, ...extra });

describe('router provider registry (in-process, no network)', () => {
  it('finds each model\'s provider by the config\'s `providers` name: an instance, else a kind', async () => {
    const config = localConfig({
      providers: { alpha: {}, beta: {} },
      models: { a: { ...model('alpha'), model: 'a-1' }, b: { ...model('beta'), model: 'b-1' } },
      routes: { ask: { models: ['a'] }, brief: { models: ['b'] } },
    });
    const alpha = scriptedProvider({});
    const beta = scriptedProvider({});
    const endpoints: unknown[] = [];
    const router = createRouter({
      config, store: null, providers: { alpha: alpha.provider },
      providerKinds: { beta: (endpoint) => (endpoints.push(endpoint), beta.provider) },
    });
    const [a, b] = [await router.chat({ route: 'ask', messages: ask }), await router.chat({ route: 'brief', messages: ask })];
    await router.close();
    expect([a.ok && a.value, b.ok && b.value]).toEqual(['ответ a-1', 'ответ b-1']);
    expect([alpha.seen.map((s) => s.model), beta.seen.map((s) => s.model)]).toEqual([['a-1'], ['b-1']]);
    expect(endpoints).toEqual([null]);
  });

  it('runs a route the config defines, skipping models without the capabilities it declares', async () => {
    const config = localConfig({
      providers: { local: {} },
      models: {
        blind: { ...model('local'), model: 'blind', capabilities: { vision: false } },
        seeing: { ...model('local'), model: 'seeing', capabilities: { vision: true } },
      },
      routes: {
        'photo-labels': { models: ['blind', 'seeing'], needs: ['vision'] },
        summaries: { models: ['blind', 'seeing'] },
        vision: { models: ['blind', 'seeing'] },
      },
    });
    const { provider, seen } = scriptedProvider({});
    const router = createRouter({ config, store: null, providers: { local: provider } });
    const labels = await router.chat({ route: 'photo-labels', messages: ask });
    const summaries = await router.chat({ route: 'summaries', messages: ask });
    const vision = await router.chat({ route: 'vision', messages: ask });
    await router.close();
    expect([labels, summaries, vision].map((r) => r.ok && r.model)).toEqual(['seeing', 'blind', 'seeing']);
    expect(seen.map((s) => s.model)).toEqual(['seeing', 'blind', 'seeing']);
    expect(router.hasRoute('photo-labels')).toBe(true);
  });

  it('rejects a route that needs an unknown capability, naming the key', () => {
    expect(() => localConfig({ providers: { local: {} }, models: { a: model('local') }, routes: { odd: { models: ['a'], needs: ['telepathy'] } } })).toThrow(
      /routes\.odd\.needs\[0\]/,
    );
    expect(() => localConfig({ routes: { 'Bad Name': { models: ['gpt-5-mini'] } } })).toThrow(/route name/);
  });

  it('plans an operation only on models whose provider implements it', async () => {
    const config = localConfig({
      providers: { chatty: {}, vectors: {} },
      models: {
        talker: { ...model('chatty'), capabilities: { embeddings: true } },
        embedder: { ...model('vectors'), capabilities: { embeddings: true } },
      },
      routes: { embed: { models: ['talker', 'embedder'] }, ask: { models: ['embedder', 'talker'] } },
    });
    const embeddings: EmbeddingModel = { embed: async (input) => ({ vectors: input.map(() => [0.5, 0.5]), usage }) };
    const router = createRouter({
      config, store: null,
      providers: { chatty: scriptedProvider({}).provider, vectors: { embeddingModel: () => embeddings } },
    });
    const embedded = await router.embed({ input: ['кружка'] });
    const chatted = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(embedded).toMatchObject({ ok: true, model: 'embedder', value: [[0.5, 0.5]], finishReason: null });
    expect(chatted).toMatchObject({ ok: true, model: 'talker', finishReason: 'stop' });
    if (embedded.ok && chatted.ok) expect([...embedded.attempts, ...chatted.attempts].map((a) => a.model)).toEqual(['embedder', 'talker']);
  });
});

describe('router stop reasons (in-process, no network)', () => {
  const twoModels = () =>
    localConfig({ providers: { local: {} }, models: { cheap: { ...model('local'), model: 'cheap' }, strong: { ...model('local'), model: 'strong' } }, routes: { ask: { models: ['cheap', 'strong'] } } });

  it('carries the answering model\'s finishReason, and a tool turn\'s', async () => {
    const { provider } = scriptedProvider({
      cheap: [{ finishReason: 'stop' }, { content: null, toolCalls: [{ id: 'c1', name: 'sales_summary', arguments: '{}' }], finishReason: 'tool_calls' }],
    });
    const router = createRouter({ config: twoModels(), store: null, providers: { local: provider } });
    const plain = await router.chat({ route: 'ask', messages: ask, cache: false });
    const tools = await router.chat({ route: 'ask', messages: ask, cache: false, tools: [{ name: 'sales_summary', description: 'sales', parameters: { type: 'object' } }] });
    await router.close();
    expect([plain.ok && plain.finishReason, tools.ok && tools.finishReason]).toEqual(['stop', 'tool_calls']);
  });

  it('treats an answer cut at the output limit as its own error class: no repair, the next model answers', async () => {
    const { provider, seen } = scriptedProvider({ cheap: [{ content: '{"summary": "Выручка за', finishReason: 'length' }], strong: [{ content: '{"summary": "Выручка 120 000 ₽"}' }] });
    const router = createRouter({ config: twoModels(), store: null, providers: { local: provider } });
    const result = await router.chat({ route: 'ask', messages: ask, schema: { name: 's', version: 1, zod: z.object({ summary: z.string() }) } });
    await router.close();
    expect(result).toMatchObject({ ok: true, model: 'strong', value: { summary: 'Выручка 120 000 ₽' }, finishReason: 'stop' });
    expect(seen.map((s) => s.model)).toEqual(['cheap', 'strong']);
    if (result.ok) {
      expect(result.attempts.map((a) => [a.model, a.status, a.errorClass])).toEqual([['cheap', 'invalid', 'length'], ['strong', 'ok', null]]);
      // The cut answer's tokens were billed and count in the call's cost.
      expect(result.attempts[0]!.outputTokens).toBe(500);
      expect(result.costUsd).toBeCloseTo(2 * (1000 * 1 + 500 * 2) / 1e6, 12);
    }
  });

  it('returns a refusal as data when no model answers, with the refusals\' tokens counted', async () => {
    const { provider } = scriptedProvider({ cheap: [{ content: null, refusal: 'Не могу помочь с этим.' }], strong: [{ content: null, refusal: 'Тоже не могу.' }] });
    const router = createRouter({ config: twoModels(), store: null, providers: { local: provider } });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: false, reason: 'refused', refusal: 'Не могу помочь с этим.' });
    expect(result.attempts.map((a) => [a.model, a.status, a.errorClass, a.outputTokens])).toEqual([
      ['cheap', 'error', 'refusal', 500],
      ['strong', 'error', 'refusal', 500],
    ]);
  });

  it('prefers a later model\'s answer to an earlier refusal', async () => {
    const { provider } = scriptedProvider({ cheap: [{ content: null, refusal: 'Не могу.' }] });
    const router = createRouter({ config: twoModels(), store: null, providers: { local: provider } });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: true, model: 'strong', value: 'ответ strong' });
  });
});

describe('router deadline on the injected clock (no real time passes)', () => {
  it('ends the call with `deadline` when virtual time runs out between retries', async () => {
    const clock = virtualClock(Date.UTC(2026, 10, 23, 6));
    const config = localConfig({
      providers: { local: {} }, models: { slow: { ...model('local'), model: 'slow' }, next: { ...model('local'), model: 'next' } },
      routes: { ask: { models: ['slow', 'next'], retries: 3, deadlineMs: 10_000, timeoutMs: 8_000 } },
      router: { backoff: { baseMs: 500, maxMs: 500 } },
    });
    // Every call to `slow` takes 6 virtual seconds and fails with a 503.
    const { provider, seen } = scriptedProvider({ slow: [new ProviderError('http_5xx', 'busy', { status: 503 })] }, (m) => m === 'slow' && clock.advance(6_000));
    const waits: number[] = [];
    const router = createRouter({ config, store: null, providers: { local: provider }, clock: { now: clock.now, sleep: (ms, signal) => (waits.push(ms), clock.sleep(ms, signal)) }, random: () => 0 });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    // t=0 first try → t=6 s, wait 250 ms → retry at 6.25 s → t=12.25 s: past the 10 s deadline, `next` is never tried.
    expect(result).toMatchObject({ ok: false, reason: 'deadline' });
    expect(seen.map((s) => s.model)).toEqual(['slow', 'slow']);
    expect(waits).toEqual([250]);
    expect(result.attempts.map((a) => a.ts.toISOString())).toEqual(['2026-11-23T06:00:00.000Z', '2026-11-23T06:00:06.250Z']);
  });

  it('caps each attempt\'s timeout by what is left of the deadline on the injected clock', async () => {
    const clock = virtualClock(0);
    const config = localConfig({
      providers: { local: {} }, models: { a: { ...model('local'), model: 'a' }, b: { ...model('local'), model: 'b' } },
      routes: { ask: { models: ['a', 'b'], deadlineMs: 10_000, timeoutMs: 8_000 } },
    });
    const timeouts: number[] = [];
    const provider: Provider = {
      chatModel: (id) => ({
        async chat(_request, options) {
          timeouts.push(options.timeoutMs);
          clock.advance(7_000);
          if (id === 'a') throw new ProviderError('http_4xx', 'bad request', { status: 400 });
          return { content: 'ок', refusal: null, toolCalls: [], finishReason: 'stop', usage };
        },
      }),
    };
    const router = createRouter({ config, store: null, providers: { local: provider }, clock });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(timeouts).toEqual([8_000, 3_000]);
    expect(result).toMatchObject({ ok: true, model: 'b' });
  });
});
