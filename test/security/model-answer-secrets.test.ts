/**
 * Issue 8, item 3, at the router's public call: a model answer that echoes a configured secret
 * (here the provider key) reaches neither the caller — whose text becomes a chat reply — nor the
 * cached copy in Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from '../../src/data/store.js';
import { createRouter } from '../../src/router/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig } from '../router/harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

const KEY = 'sk-test'; // the harness's FAKE_API_KEY
const schema = { name: 'narrative', version: 1, zod: z.object({ summary: z.string(), actions: z.array(z.string()) }) };

describe.each(STORE_DRIVERS)('a model answer that echoes a secret on $driver', ({ open }) => {
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

  it('is scrubbed before it is returned or cached', async () => {
    const config = fakeConfig(fake.url, { models: { 'm-echo': {} }, routes: { brief: { models: ['m-echo'] } } });
    const key = config.env.FAKE_API_KEY!;
    expect(key).toBe(KEY);
    fake.script('m-echo', { kind: 'answer', content: JSON.stringify({ summary: `Ключ: ${key}-LONGER-PART`, actions: [`use ${key}`] }) });
    const router = createRouter({ config, store });
    const result = await router.chat({ route: 'brief', messages: [{ role: 'user', content: 'Сводка' }], schema });
    await router.close();
    expect(result).toMatchObject({ ok: true, value: { summary: 'Ключ: [secret]-LONGER-PART', actions: ['use [secret]'] } });
    const rows = await store.query<{ v: string }>('select value::text as v from llm_cache');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.v).not.toContain(key);
  });
});
