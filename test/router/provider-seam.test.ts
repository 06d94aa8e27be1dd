import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter, type ChatModel, type ModelChatRequest, type Provider } from '../../src/router/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig } from './harness.js';

const ask = [{ role: 'user' as const, content: 'Сколько продали вчера?' }];
const usage = { inputTokens: 1000, cachedTokens: 0, outputTokens: 500 };

/** An in-process provider that answers from a table and remembers what it was asked. */
function tableProvider(answers: Record<string, string>) {
  const seen: Array<{ model: string; request: ModelChatRequest }> = [];
  const provider: Provider = {
    chatModel: (modelId): ChatModel => ({
      async chat(request) {
        seen.push({ model: modelId, request });
        return { content: answers[modelId] ?? 'нет ответа', refusal: null, toolCalls: [], finishReason: 'stop', usage };
      },
    }),
  };
  return { provider, seen };
}

describe('router provider seam', () => {
  let fake: OpenAIFake;
  beforeAll(async () => {
    fake = await startOpenAIFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('calls an injected provider instance by name instead of HTTP, priced from the config', async () => {
    const config = fakeConfig(fake.url, {
      models: { 'local-a': { provider: 'inproc', model: 'a-1', inputPerMTok: 2, outputPerMTok: 4 } },
      providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_API_KEY' }, inproc: {} },
      routes: { ask: { models: ['local-a'] } },
    });
    const { provider, seen } = tableProvider({ 'a-1': '42 штуки' });
    const router = createRouter({ config, store: null, providers: { inproc: provider } });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: true, value: '42 штуки', model: 'local-a', costUsd: (1000 * 2 + 500 * 4) / 1e6 });
    expect(seen.map((s) => s.model)).toEqual(['a-1']);
    expect(fake.requests).toHaveLength(0);
  });

  it('builds a provider from a registered kind named like the provider, once for all its models', async () => {
    const config = fakeConfig(fake.url, {
      models: { r1: { provider: 'replay', model: 'mixtral' }, r2: { provider: 'replay', model: 'gpt-4' } },
      providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_API_KEY' }, replay: {} },
      routes: { ask: { models: ['r1'] }, brief: { models: ['r2'] } },
    });
    let built = 0;
    const router = createRouter({
      config,
      store: null,
      providerKinds: {
        replay: (endpoint) => {
          built += 1;
          expect(endpoint).toBeNull();
          return tableProvider({ mixtral: 'm', 'gpt-4': 'g' }).provider;
        },
      },
    });
    const a = await router.chat({ route: 'ask', messages: ask });
    const b = await router.chat({ route: 'brief', messages: ask });
    await router.close();
    expect([a.ok && a.value, b.ok && b.value]).toEqual(['m', 'g']);
    expect(built).toBe(1);
  });

  it('never plans an embedding call on a model whose provider serves no embeddings, whatever its capabilities say', async () => {
    const config = fakeConfig(fake.url, {
      models: {
        'chat-only': { provider: 'inproc', model: 'c', capabilities: { embeddings: true } },
        'text-embedding-3-small': { capabilities: { embeddings: true } },
      },
      providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_API_KEY' }, inproc: {} },
      routes: { embed: { models: ['chat-only', 'text-embedding-3-small'] } },
    });
    const router = createRouter({ config, store: null, providers: { inproc: tableProvider({}).provider } });
    const result = await router.embed({ input: ['кружка'] });
    await router.close();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.model).toBe('text-embedding-3-small');
    expect(result.attempts.map((a) => [a.model, a.errorClass])).toEqual([['text-embedding-3-small', null]]);
  });

  it('runs exactly the models a call names, without canary or shadow, and lists every attempt of a success', async () => {
    fake.script('m-broken', [{ kind: 'broken_json' }, { kind: 'answer', content: '{"n": 3}' }]);
    const config = fakeConfig(fake.url, {
      models: { 'm-route': {}, 'm-broken': {}, 'm-canary': {}, 'm-shadow': {} },
      routes: { classify: { models: ['m-route'], canary: { model: 'm-canary', share: 1 }, shadow: { model: 'm-shadow', share: 1 } } },
    });
    const router = createRouter({ config, store: null });
    const result = await router.chat({
      route: 'classify', messages: ask, models: ['m-broken'], cache: false,
      schema: { name: 'n', version: 1, zod: z.object({ n: z.number() }) },
    });
    await router.close();
    expect(result).toMatchObject({ ok: true, value: { n: 3 }, model: 'm-broken' });
    expect(fake.requests.map((r) => r.model)).toEqual(['m-broken', 'm-broken']);
    if (result.ok) expect(result.attempts.map((a) => a.status)).toEqual(['invalid', 'repair_ok']);
  });

  it('bypasses the response cache per call for embeddings as for chats', async () => {
    const config = fakeConfig(fake.url, {
      models: { 'text-embedding-3-small': { capabilities: { embeddings: true } } },
      routes: { embed: { models: ['text-embedding-3-small'] } },
    });
    const router = createRouter({ config, store: null });
    await router.embed({ input: ['кружка'] });
    const cached = await router.embed({ input: ['кружка'] });
    const bypass = await router.embed({ input: ['кружка'], cache: false });
    await router.close();
    expect([cached.ok && cached.cached, bypass.ok && bypass.cached]).toEqual([true, false]);
    expect(fake.requests).toHaveLength(2);
  });
});
