import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from '../../src/data/store.js';
import { createRouter } from '../../src/router/index.js';
import { startOpenAIFake, vectorOf, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, loggedCalls } from './harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const msg = [{ role: 'user' as const, content: 'Объясни тревогу' }];
const explanation = { name: 'alert_explanation', version: 1, zod: z.object({ explanation: z.string() }) };

describe.each(STORE_DRIVERS)('router canary, shadow, embeddings and transcription on $driver', ({ open }) => {
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

  it('sends the canary share of calls to the candidate model first', async () => {
    const config = fakeConfig(fake.url, {
      models: { 'm-main': {}, 'm-cand': {} },
      routes: { alert: { models: ['m-main'], canary: { model: 'm-cand', share: 0.1 } } },
      cache: { enabled: false },
    });
    const draws = [0.05, 0.5, 0.09, 0.99];
    const router = createRouter({ config, store: null, random: () => draws.shift()! });
    const used = [];
    for (let i = 0; i < 4; i++) {
      const r = await router.chat({ route: 'alert', messages: msg });
      used.push(r.ok ? r.model : r.reason);
    }
    await router.close();
    expect(used).toEqual(['m-cand', 'm-main', 'm-cand', 'm-main']);
  });

  it('falls back to the route when the canary fails', async () => {
    fake.script('m-cand', { kind: 'error', status: 500 });
    const config = fakeConfig(fake.url, {
      models: { 'm-main': {}, 'm-cand': {} },
      routes: { alert: { models: ['m-main'], canary: { model: 'm-cand', share: 0.5 }, retries: 0 } },
    });
    const router = createRouter({ config, store: null, random: () => 0.1 });
    expect(await router.chat({ route: 'alert', messages: msg })).toMatchObject({ ok: true, model: 'm-main' });
    await router.close();
  });

  it('runs the shadow model beside the primary, logs it, and never uses its answer', async () => {
    fake.script('m-main', { kind: 'answer', content: '{"explanation":"Продажи A1 упали на 60 %"}' });
    fake.script('m-shadow', { kind: 'answer', content: '{"explanation":"теневой ответ"}' });
    const config = fakeConfig(fake.url, {
      models: { 'm-main': {}, 'm-shadow': {} },
      routes: { alert: { models: ['m-main'], shadow: { model: 'm-shadow', share: 1 } } },
    });
    const router = createRouter({ config, store, random: () => 0.5 });
    const result = await router.chat({ route: 'alert', messages: msg, schema: explanation, prompt: { id: 'alert', version: 1 } });
    expect(result).toMatchObject({ ok: true, model: 'm-main', value: { explanation: 'Продажи A1 упали на 60 %' } });
    await router.close();
    expect(fake.requests.map((r) => r.model).sort()).toEqual(['m-main', 'm-shadow']);
    expect((await loggedCalls(store, result.callId)).map((r) => [r.model, r.attempt, r.status])).toEqual([
      ['m-main', 1, 'ok'],
      ['m-shadow', 2, 'shadow'],
    ]);
  });

  it('returns one embedding vector per input, in order', async () => {
    const config = fakeConfig(fake.url, {
      models: { 'm-embed': { capabilities: { embeddings: true } }, 'm-chat': {} },
      routes: { embed: { models: ['m-chat', 'm-embed'] } },
    });
    const router = createRouter({ config, store: null });
    const result = await router.embed({ input: ['кружка', 'чайник'] });
    await router.close();
    expect(result).toMatchObject({ ok: true, model: 'm-embed', value: [vectorOf('кружка'), vectorOf('чайник')] });
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/embeddings']);
  });

  it('transcribes audio, billing whisper-1 per second of audio', async () => {
    fake.script('whisper-1', { kind: 'answer', content: 'Сколько продали вчера?' });
    const config = fakeConfig(fake.url, {
      models: { whisper: { provider: 'fake', model: 'whisper-1', inputPerMTok: undefined, outputPerMTok: undefined } },
      routes: { transcribe: { models: ['whisper'] } },
    });
    const router = createRouter({ config, store });
    const audio = { data: new Uint8Array(48_000), filename: 'voice.ogg', mimeType: 'audio/ogg' };
    const result = await router.transcribe({ audio, language: 'ru' });
    await router.close();
    // The fake reports 3 s for 48 kB; whisper-1 costs $0.0001 per second (catalog).
    expect(result).toMatchObject({ ok: true, value: 'Сколько продали вчера?', model: 'whisper' });
    expect(result.ok && result.costUsd).toBeCloseTo(0.0003, 10);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'whisper-1', language: 'ru', response_format: 'verbose_json', file: { filename: 'voice.ogg' } });
  });
});
