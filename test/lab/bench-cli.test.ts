/**
 * `herald bench` as a process against the loopback fake, on a real Postgres: a live run writes
 * results.json (SPEC section 5) and records its calls in the database; `--replay` then answers
 * every call from the recordings without one request and reports the same figures.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { CLASSIFY, scriptKnownModels } from './lab-fixtures.js';

describe('herald bench', () => {
  let fake: OpenAIFake;
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startOpenAIFake();
    db = await createTestDatabase('herald_bench_cli');
    const store = createPostgresStore({ url: db.url, max: 1 });
    await migrate(store);
    await store.close();
    dir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
    const model = (name: string) => ({ provider: 'fake', model: name, inputPerMTok: 1, outputPerMTok: 2 });
    writeFileSync(
      join(dir, 'herald.config.json'),
      JSON.stringify({
        providers: { fake: { baseURL: fake.url, apiKeyEnv: 'FAKE_KEY' } },
        models: { 'm-right': model('m-right'), 'm-invalid': model('m-invalid') },
        routes: { classify: { models: ['m-right'] } },
      }),
    );
    env = { DATABASE_URL: db.url, HERALD_CONFIG: join(dir, 'herald.config.json'), FAKE_KEY: 'sk-test', HERALD_LOG_LEVEL: 'error' };
  }, 120_000);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it('runs live, then replays from the database without a request', async () => {
    scriptKnownModels(fake);
    const out = join(dir, 'live');
    const live = await runHerald(['bench', '--suite', 'classify', '--models', 'm-right', 'm-invalid', '--out', out], { env });
    expect(live.stderr).not.toMatch(/Error/);
    expect(live.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(Object.keys(results)).toEqual(expect.arrayContaining(['startedAt', 'runs', 'recommendation']));
    expect(results.runs.map((r: { model: string }) => r.model)).toEqual(['m-right', 'm-invalid']);
    const right = results.runs[0];
    expect(Object.keys(right)).toEqual(
      expect.arrayContaining(['suite', 'model', 'cases', 'quality', 'qualityCi', 'schemaValidRate', 'errorRate', 'latencyMs', 'tokens', 'costUsd', 'costPer1kUsd', 'costPer1kSuccessfulUsd']),
    );
    expect(right).toMatchObject({ suite: 'classify', cases: CLASSIFY.cases.length, quality: 1 });
    expect(live.stdout).toMatch(/m-right/);
    expect(live.stdout).toMatch(/^набор\s+модель\s+случаев\s+качество/m);

    fake.reset();
    const again = join(dir, 'replayed');
    const replay = await runHerald(['bench', '--suite', 'classify', '--models', 'm-right', '--models', 'm-invalid', '--replay', '--out', again], { env });
    expect(replay.stderr).not.toMatch(/herald bench/);
    expect(replay.code).toBe(0);
    expect(fake.requests).toHaveLength(0);
    const replayed = JSON.parse(readFileSync(join(again, 'results.json'), 'utf8'));
    expect(replayed.replay).toBe(true);
    for (const [i, r] of replayed.runs.entries()) {
      expect(r.replayedCalls).toBeGreaterThan(0);
      expect(r.liveCalls).toBe(0);
      expect([r.quality, r.costUsd, r.latencyMs, r.tokens]).toEqual([results.runs[i].quality, results.runs[i].costUsd, results.runs[i].latencyMs, results.runs[i].tokens]);
    }
    expect(replay.stdout).toMatch(/\(повтор\)/);
  }, 120_000);

  it('names the flag of a bad value and exits 2', async () => {
    const r = await runHerald(['bench', '--suite', 'nope'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--suite: unknown suite "nope"/);
    const n = await runHerald(['bench', '--repeats', '0'], { env });
    expect([n.code, n.stderr.trim()]).toEqual([2, 'bench: --repeats: "0" is not a whole number from 1 to 10000']);
  });
});
