/** `herald ask` as a process: SPEC section 1's JSON, refused calls listed, exit statuses. */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

describe('herald ask', () => {
  let db: TestDatabase;
  let fake: OpenAIFake;
  let configPath: string;

  beforeAll(async () => {
    db = await createTestDatabase('herald_ask_cli');
    const store = createPostgresStore({ url: db.url });
    await migrate(store);
    await seedDemo(store, { endDay: '2026-11-22', skus: 30, days: 60 });
    await store.close();
    fake = await startOpenAIFake();
    const dir = mkdtempSync(join(tmpdir(), 'herald-ask-cli-'));
    configPath = join(dir, 'herald.config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_API_KEY' } },
        models: { 'm-ask': { provider: 'fake', model: 'fake-model-id', inputPerMTok: 1, outputPerMTok: 2 } },
        routes: { ask: { models: ['m-ask'] } },
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  const env = () => ({ DATABASE_URL: db.url, HERALD_CONFIG: configPath, FAKE_API_KEY: 'sk-cli-test', HERALD_NOW: '2026-11-23T06:00:00Z' });

  it('prints {answer, model, costUsd, toolCalls} with every call and its status, refused ones included', async () => {
    fake.script('fake-model-id', [
      { kind: 'tool_calls', calls: [{ name: 'run_sql', arguments: { sql: 'select 1' } }, { name: 'sales_summary', arguments: { from: '2026-11-22', to: '2026-11-22' } }] },
      { kind: 'answer', content: (body) => {
        const tool = body.messages.filter((m) => m.role === 'tool').map((m) => JSON.parse(String(m.content)))[1];
        return `Вчера, 22 ноября, заказов: ${tool.orders}.`;
      } },
    ]);
    const res = await runHerald(['ask', 'сколько заказов вчера?', '--format', 'json'], { env: env() });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      model: 'm-ask',
      costUsd: expect.any(Number),
      outcome: 'answered',
      toolCalls: [
        { name: 'run_sql', arguments: { sql: 'select 1' }, status: 'refused', error: expect.stringContaining('unknown tool') },
        { name: 'sales_summary', arguments: { from: '2026-11-22', to: '2026-11-22' }, status: 'ok' },
      ],
    });
    expect(out.answer).toMatch(/^Вчера, 22 ноября, заказов: \d+\.\n\nИсточник: sales_summary 2026-11-22\.$/);
    const system = (fake.requests[0]!.body.messages as Array<{ role: string; content: string }>)[0]!;
    expect(system.content).toContain('Сегодня 2026-11-23');
    expect(system.content).toContain('по 2026-11-22');
  });

  it('prints the answer as text by default', async () => {
    fake.reset();
    fake.script('fake-model-id', { kind: 'answer', content: 'Спросите о продажах.' });
    const res = await runHerald(['ask', 'привет', '--locale', 'en'], { env: env() });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('Спросите о продажах.\n\nSource: no shop data was queried.\n');
  });

  it('exits 2 naming what is missing: the question, or a model on route ask', async () => {
    const noQuestion = await runHerald(['ask'], { env: env() });
    expect(noQuestion.code).toBe(2);
    expect(noQuestion.stderr).toMatch(/^ask: QUESTION is missing/);
    const noModel = await runHerald(['ask', 'сколько?'], { env: { DATABASE_URL: db.url } });
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toBe('ask: no model on route "ask": set OPENAI_API_KEY, or routes.ask in herald.config.json\n');
  });
});
