/**
 * End to end through the CLI as processes: `herald brief --format json` with a `brief` route of
 * [a model answering 500, a broken-JSON model, a good model] on the loopback fake, then
 * `herald calls --format json` shows every attempt of that one call.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/data/migrate.js';
import { seedDemo } from '../../src/data/demo/seed.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const NARRATIVE = { summary: 'Выручка за 22 ноября выросла.', highlights: ['Рост у лидеров'], actions: ['Пополнить остатки'] };

describe('herald brief through the router', () => {
  let fake: OpenAIFake;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fake = await startOpenAIFake();
    fake.script('m-500', { kind: 'error', status: 500 });
    fake.script('m-broken', { kind: 'broken_json' });
    fake.script('m-good', { kind: 'answer', content: JSON.stringify(NARRATIVE) });
    db = await createTestDatabase('herald_e2e_router');
    const store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    await seedDemo(store, { seed: 7, endDay: '2026-11-22', skus: 20, days: 21 });
    await store.close();

    const dir = mkdtempSync(join(tmpdir(), 'herald-e2e-'));
    const config = join(dir, 'herald.config.json');
    const model = (name: string) => ({ provider: 'fake', model: name, inputPerMTok: 0.25, outputPerMTok: 2 });
    writeFileSync(
      config,
      JSON.stringify({
        providers: { fake: { baseURL: fake.url, apiKeyEnv: 'OPENAI_API_KEY' } },
        models: { 'm-500': model('m-500'), 'm-broken': model('m-broken'), 'm-good': model('m-good') },
        routes: { brief: { models: ['m-500', 'm-broken', 'm-good'] } },
      }),
    );
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: db.url,
      HERALD_CONFIG: config,
      OPENAI_API_KEY: 'test',
      HERALD_NOW: '2026-11-23T06:30:00Z',
      HERALD_LOG_LEVEL: 'error',
    };
  }, 60_000);

  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it("prints the good model's narrative and logs every attempt under one call id", async () => {
    const brief = await run(process.execPath, ['bin/herald.js', 'brief', '--format', 'json'], { cwd: ROOT, env });
    const out = JSON.parse(brief.stdout);
    expect(out.narrativeSource).toBe('model:m-good');
    expect(out.narrative).toEqual(NARRATIVE);

    const calls = await run(process.execPath, ['bin/herald.js', 'calls', '--format', 'json'], { cwd: ROOT, env });
    const rows = JSON.parse(calls.stdout) as Array<Record<string, unknown>>;
    const callIds = new Set(rows.map((r) => r.callId));
    expect(callIds.size).toBe(1);
    expect(rows.map((r) => [r.model, r.attempt, r.status, r.errorClass])).toEqual([
      ['m-500', 1, 'error', 'http_5xx'],
      ['m-500', 2, 'error', 'http_5xx'],
      ['m-broken', 3, 'invalid', 'invalid_json'],
      ['m-broken', 4, 'invalid', 'invalid_json'],
      ['m-good', 5, 'ok', null],
    ]);
    expect(rows[0]).toEqual({
      ts: '2026-11-23T06:30:00.000Z',
      callId: expect.any(String),
      route: 'brief',
      model: 'm-500',
      provider: 'fake',
      attempt: 1,
      status: 'error',
      errorClass: 'http_5xx',
      latencyMs: expect.any(Number),
      inputTokens: 0,
      cachedTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      cacheHit: false,
      promptVersion: 'brief@1',
      pricing: 'priced',
      error: expect.any(String),
    });
    const good = rows[4]!;
    expect(good.costUsd).toBe(((good.inputTokens as number) * 0.25 + (good.outputTokens as number) * 2) / 1e6);
  }, 60_000);
});
