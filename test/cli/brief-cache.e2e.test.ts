/**
 * Issue 8, item 1, through the CLI as processes on the real Postgres: a brief whose narrative a
 * model wrote is cached; every later brief of that day, in every format, is served from the cache
 * with the narrative as an object. A cache row poisoned the old way (the narrative stored as a
 * JSON string) is a miss — the model is asked again — never a crash.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import type { Store } from '../../src/data/store.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const NARRATIVE = { summary: 'Выручка за 22 ноября выросла на 12 %.', highlights: ['Кружка «Утро» — лидер дня'], actions: ['Пополнить остатки A1'] };
const FORMATS = ['text', 'telegram-html', 'slack-blocks', 'json'] as const;

describe('a cached model narrative on the real Postgres', () => {
  let fake: OpenAIFake;
  let db: TestDatabase;
  let store: Store;
  let env: Record<string, string>;
  const brief = (format: string) => runHerald(['brief', '--format', format], { env });

  beforeAll(async () => {
    fake = await startOpenAIFake();
    fake.script('m-good', { kind: 'answer', content: JSON.stringify(NARRATIVE) });
    db = await createTestDatabase('herald_e2e_cache');
    store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    await seedDemo(store, { seed: 7, endDay: '2026-11-22', skus: 20, days: 21 });

    const dir = mkdtempSync(join(tmpdir(), 'herald-cache-'));
    const config = join(dir, 'herald.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_API_KEY' } },
        models: { 'm-good': { provider: 'fake', model: 'm-good', inputPerMTok: 0.25, outputPerMTok: 2 } },
        routes: { brief: { models: ['m-good'] } },
      }),
    );
    env = { DATABASE_URL: db.url, HERALD_CONFIG: config, FAKE_API_KEY: 'sk-test', HERALD_NOW: '2026-11-23T06:30:00Z' };
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await fake?.close();
    await db?.drop();
  });

  const storedType = async () => (await store.query<{ type: string }>(`select jsonb_typeof(value) as type from llm_cache`)).map((r) => r.type);

  it('serves every later brief of the day from the cache, in every format, with the narrative as an object', async () => {
    const first = await brief('json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ narrative: NARRATIVE, narrativeSource: 'model:m-good' });
    expect(fake.requests).toHaveLength(1);
    expect(await storedType()).toEqual(['object']);

    for (const format of FORMATS) {
      const r = await brief(format);
      expect({ format, code: r.code, stderr: r.stderr }).toEqual({ format, code: 0, stderr: '' });
      if (format === 'json') expect(JSON.parse(r.stdout)).toMatchObject({ narrative: NARRATIVE, narrativeSource: 'model:m-good' });
      else expect(r.stdout).toContain('Выручка за 22 ноября выросла на 12 %.');
    }
    // All four came from the cache: the model was asked once.
    expect(fake.requests).toHaveLength(1);
  }, 240_000);

  it('treats a row poisoned with a JSON string as a miss, asks the model again and repairs the row', async () => {
    // text crashed on the poisoned row (reading 'trim'), json printed the narrative as a string.
    for (const format of ['text', 'json']) {
      await store.query(`update llm_cache set value = to_jsonb(value::text)`);
      expect(await storedType()).toEqual(['string']);
      const asked = fake.requests.length;
      const r = await brief(format);
      expect({ format, code: r.code }).toEqual({ format, code: 0 });
      expect(r.stderr.match(/response cache: stored answer does not fit the call/g)).toHaveLength(1);
      if (format === 'json') expect(JSON.parse(r.stdout)).toMatchObject({ narrative: NARRATIVE, narrativeSource: 'model:m-good' });
      else expect(r.stdout).toContain('Выручка за 22 ноября выросла на 12 %.');
      expect(fake.requests.length).toBe(asked + 1);
      expect(await storedType()).toEqual(['object']);
    }
  }, 240_000);
});
