import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import type { Store } from '../../src/data/store.js';
import { createRouter, isToolCalls } from '../../src/router/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, loggedCalls, recordingSleep } from './harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { clockOf } from '../../src/time/clock.js';

const narrative = { name: 'narrative', version: 1, zod: z.object({ summary: z.string(), highlights: z.array(z.string()), actions: z.array(z.string()) }) };
const GOOD = '{"summary":"Выручка 120 000 ₽","highlights":["A1 вырос"],"actions":["Пополнить A2"]}';
const ask = [{ role: 'user' as const, content: 'Сводка за день' }];

describe.each(STORE_DRIVERS)('router cascade on $driver', ({ open }) => {
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

  it('retries a 500 once, repairs broken JSON once, then takes the next model in order', async () => {
    fake.script('m-500', { kind: 'error', status: 500 });
    fake.script('m-broken', { kind: 'broken_json' });
    fake.script('m-good', { kind: 'answer', content: GOOD });
    const config = fakeConfig(fake.url, { models: { 'm-500': {}, 'm-broken': {}, 'm-good': {} }, routes: { brief: { models: ['m-500', 'm-broken', 'm-good'] } } });
    const { sleep, waits } = recordingSleep();
    const router = createRouter({ config, store, clock: clockOf({ sleep }), random: () => 0.5 });

    const result = await router.chat({ route: 'brief', messages: ask, schema: narrative, prompt: { id: 'brief', version: 1 } });
    await router.close();

    expect(result).toMatchObject({ ok: true, model: 'm-good', cached: false, value: JSON.parse(GOOD) });
    expect(fake.requests.map((r) => r.model)).toEqual(['m-500', 'm-500', 'm-broken', 'm-broken', 'm-good']);
    expect(waits).toHaveLength(1);
    const rows = await loggedCalls(store, result.callId);
    expect(rows.map((r) => [r.model, r.attempt, r.status, r.error_class])).toEqual([
      ['m-500', 1, 'error', 'http_5xx'],
      ['m-500', 2, 'error', 'http_5xx'],
      ['m-broken', 3, 'invalid', 'invalid_json'],
      ['m-broken', 4, 'invalid', 'invalid_json'],
      ['m-good', 5, 'ok', null],
    ]);
    expect(rows.every((r) => r.prompt_version === 'brief@1')).toBe(true);
  });

  it('sends the validation error back to the same model and accepts the repaired answer', async () => {
    fake.script('m-shape', [{ kind: 'wrong_shape' }, { kind: 'answer', content: GOOD }]);
    const config = fakeConfig(fake.url, { models: { 'm-shape': {}, 'm-good': {} }, routes: { brief: { models: ['m-shape', 'm-good'] } } });
    const router = createRouter({ config, store });

    const result = await router.chat({ route: 'brief', messages: ask, schema: narrative });
    await router.close();

    expect(result).toMatchObject({ ok: true, model: 'm-shape' });
    const repair = fake.requests[1]!.body.messages as Array<{ role: string; content: string }>;
    expect(repair.at(-2)).toMatchObject({ role: 'assistant', content: '{"text": "неверная форма", "items": 3}' });
    expect(repair.at(-1)!.content).toMatch(/summary/);
    expect((await loggedCalls(store, result.callId)).map((r) => r.status)).toEqual(['invalid', 'repair_ok']);
  });

  it('moves on from a refusal without retrying it', async () => {
    fake.script('m-refuse', { kind: 'refusal' });
    const config = fakeConfig(fake.url, { models: { 'm-refuse': {}, 'm-good': {} }, routes: { ask: { models: ['m-refuse', 'm-good'] } } });
    const router = createRouter({ config, store });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result).toMatchObject({ ok: true, value: 'ok', model: 'm-good' });
    expect((await loggedCalls(store, result.callId)).map((r) => [r.status, r.error_class])).toEqual([['error', 'refusal'], ['ok', null]]);
  });

  it('reports all_failed with every attempt when no model answers', async () => {
    fake.script('m-500', { kind: 'error', status: 503 });
    const config = fakeConfig(fake.url, { models: { 'm-500': {} }, routes: { ask: { models: ['m-500'], retries: 2 } } });
    const router = createRouter({ config, store, clock: clockOf({ sleep: recordingSleep().sleep }) });
    const result = await router.chat({ route: 'ask', messages: ask });
    await router.close();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe('all_failed');
    expect(result.attempts.map((a) => a.status)).toEqual(['error', 'error', 'error']);
  });

  it('returns no_route at once, without network, when the route lists no models', async () => {
    const config = loadConfig({ env: {}, cwd: '/nonexistent' });
    const router = createRouter({ config, store: null });
    const result = await router.chat({ route: 'brief', messages: ask });
    expect(result).toMatchObject({ ok: false, reason: 'no_route', attempts: [] });
    expect(router.hasRoute('brief')).toBe(false);
    await router.close();
  });

  it('asks for JSON the way each model supports: structured output, JSON mode, or the prompt', async () => {
    fake.script('m-schema', { kind: 'answer', content: GOOD });
    fake.script('m-mode', { kind: 'answer', content: GOOD });
    fake.script('m-plain', { kind: 'answer', content: '```json\n' + GOOD + '\n```' });
    const config = fakeConfig(fake.url, {
      models: { 'm-schema': { capabilities: { json_schema: true } }, 'm-mode': { capabilities: { json_mode: true } }, 'm-plain': { capabilities: { json_mode: false } } },
      routes: { brief: { models: ['m-schema'] }, alert: { models: ['m-mode'] }, classify: { models: ['m-plain'] } },
    });
    const router = createRouter({ config, store: null });
    for (const route of ['brief', 'alert', 'classify'] as const) {
      expect(await router.chat({ route, messages: ask, schema: narrative })).toMatchObject({ ok: true, value: JSON.parse(GOOD) });
    }
    const [schemaReq, modeReq, plainReq] = fake.requests;
    expect(schemaReq!.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'narrative', schema: { type: 'object' } } });
    expect(modeReq!.body.response_format).toEqual({ type: 'json_object' });
    expect(plainReq!.body.response_format).toBeUndefined();
    expect((plainReq!.body.messages as Array<{ content: string }>)[0]!.content).toMatch(/JSON Schema/);
    await router.close();
  });

  it('returns the tool calls a model asks for, and skips models that cannot call tools', async () => {
    fake.script('m-tools', { kind: 'tool_calls', calls: [{ name: 'sales_summary', arguments: { from: '2026-11-01', to: '2026-11-22' } }] });
    const config = fakeConfig(fake.url, {
      models: { 'm-notools': { capabilities: { tools: false } }, 'm-tools': {} },
      routes: { ask: { models: ['m-notools', 'm-tools'] } },
    });
    const router = createRouter({ config, store: null });
    const tools = [{ name: 'sales_summary', description: 'Sales for a period', parameters: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } } }];
    const result = await router.chat({ route: 'ask', messages: ask, tools });
    await router.close();
    expect(fake.requests.map((r) => r.model)).toEqual(['m-tools']);
    expect(fake.requests[0]!.body.tools).toEqual([{ type: 'function', function: tools[0] }]);
    expect(result.ok && isToolCalls(result.value) && result.value.toolCalls).toEqual([
      { id: expect.any(String), name: 'sales_summary', arguments: '{"from":"2026-11-01","to":"2026-11-22"}' },
    ]);
  });

  it('skips a model without vision on the vision route and sends the image part to one that has it', async () => {
    const config = fakeConfig(fake.url, {
      models: { 'm-text': {}, 'm-eyes': { capabilities: { vision: true } } },
      routes: { vision: { models: ['m-text', 'm-eyes'] } },
    });
    const router = createRouter({ config, store: null });
    const result = await router.chat({
      route: 'vision',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Что на фото?' }, { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' }] }],
    });
    await router.close();
    expect(result).toMatchObject({ ok: true, model: 'm-eyes' });
    expect(fake.requests.map((r) => r.model)).toEqual(['m-eyes']);
    expect((fake.requests[0]!.body.messages as Array<{ content: unknown }>)[0]!.content).toEqual([
      { type: 'text', text: 'Что на фото?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ]);
  });
});
