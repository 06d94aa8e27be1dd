/**
 * `herald bench --suite gsm8k-replay --suite mtbench-replay` as a process: no config file, no key,
 * no network — the recorded answers go through the router's `replay` provider — on a slice of the
 * real data, with the embedded database left alone (a test Postgres holds the bench's state).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/data/migrate.js';
import { createPostgresStore } from '../../../src/data/postgres-store.js';
import { loadGsm8k } from '../../../src/lab/replay/gsm8k-data.js';
import { runHerald } from '../../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/databases.js';
import { SHARED_DATA } from '../../helpers/shared-data.js';
import { sliceReplayData } from './replay-slice.js';

const REPLAY = join(SHARED_DATA, 'replay');
const hasReplay = existsSync(join(REPLAY, 'routellm', 'gsm8k_responses.csv'));
if (!hasReplay) console.warn(`replay data not found under ${REPLAY}: the replay bench CLI test is skipped`);

interface Run { suite: string; model: string; cases: number; quality: number | null; qualityCi: [number, number] | null; errorRate: number; costUsd: number; costPer1kUsd: number; tokens: { input: number; output: number }; latencyMs: { p50: number; p95: number } }

describe.skipIf(!hasReplay)('herald bench on the replay suites', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let shared: string;

  beforeAll(async () => {
    db = await createTestDatabase('herald_replay_cli');
    const store = createPostgresStore({ url: db.url, max: 1 });
    await migrate(store);
    await store.close();
    shared = sliceReplayData(REPLAY, 60, 12);
    env = { DATABASE_URL: db.url, HERALD_SHARED_DATA: shared, HERALD_LOG_LEVEL: 'error', HERALD_DATA_DIR: mkdtempSync(join(tmpdir(), 'herald-data-')) };
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('writes runs, curves and at95 for both suites and the report, with no config, key or network', async () => {
    const out = mkdtempSync(join(tmpdir(), 'herald-trial-'));
    const r = await runHerald(['bench', '--suite', 'gsm8k-replay', '--suite', 'mtbench-replay', '--out', out], { env, timeoutMs: 240_000 });
    expect(r.stderr).not.toMatch(/Error|error:/);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      runs: Run[]; curves: Record<string, Array<{ policy: string; strongShare: number; quality: number; costUsd: number }>>; at95: Record<string, Record<string, { costShare: number | null }>>;
    };
    const items = loadGsm8k(join(shared, 'replay'));
    const gsm = results.runs.filter((x) => x.suite === 'gsm8k-replay');
    expect(gsm.map((x) => [x.model, x.cases, x.quality])).toEqual([
      ['mixtral-8x7b-instruct', 60, items.filter((i) => i.answers['mixtral-8x7b-instruct'].correct).length / 60],
      ['gpt-4-1106-preview', 60, items.filter((i) => i.answers['gpt-4-1106-preview'].correct).length / 60],
    ]);
    for (const run of gsm) {
      expect(run.costPer1kUsd).toBeCloseTo((run.costUsd / 60) * 1000, 9);
      expect(run.latencyMs.p95).toBeGreaterThanOrEqual(run.latencyMs.p50);
      expect(run.qualityCi![0]).toBeLessThanOrEqual(run.quality!);
    }
    const mt = results.runs.filter((x) => x.suite === 'mtbench-replay');
    expect(mt).toHaveLength(9);
    expect(mt.filter((x) => x.quality !== null).map((x) => x.model).sort()).toEqual(['gpt-4-1106-preview', 'mixtral-8x7b-instruct']);
    expect(mt.every((x) => x.cases === 12 && x.costUsd > 0 && x.tokens.output > 0)).toBe(true);

    for (const suite of ['gsm8k-replay', 'mtbench-replay']) {
      const curve = results.curves[suite]!;
      expect([...new Set(curve.map((p) => p.policy))]).toEqual(expect.arrayContaining(['always-cheap', 'random', 'router:question', 'cascade:length-hedging', 'oracle']));
      expect(curve.filter((p) => p.policy === 'always-strong')).toHaveLength(1);
      expect(results.at95[suite]!['always-strong']).toEqual({ costShare: 1 });
      expect(Object.keys(results.at95[suite]!)).toEqual(expect.arrayContaining(['random', 'router:question', 'oracle']));
    }
    expect(results.curves['gsm8k-replay']!.map((p) => p.policy)).toEqual(expect.arrayContaining(['cascade:answer-format', 'cascade:arithmetic', 'cascade:checks', 'cascade:learned']));
    expect(results.curves['gsm8k-replay']!.find((p) => p.policy === 'always-strong')!.costUsd).toBeCloseTo(gsm[1]!.costUsd, 9);
    // Russian by default (HERALD_LOCALE unset).
    expect(r.stdout).toMatch(/стоимость при 95\s% качества сильной модели, gsm8k-replay: .*cascade:learned/);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/## gsm8k-replay/);
    expect(report).toMatch(/### gsm8k-replay: prices, tokens, latency model and routing policies/);
    expect(report).toMatch(/time to first token \+ output tokens ÷ output speed/);
    expect(report).toMatch(/RouteLLM/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/routing policies, quality vs cost/);
    expect(html).toMatch(/<table>/);
  }, 300_000);

  it('reads --models as a filter among the recorded models, and draws no curve without both of the pair', async () => {
    const out = mkdtempSync(join(tmpdir(), 'herald-trial-'));
    const r = await runHerald(['bench', '--suite', 'gsm8k-replay', '--suite', 'mtbench-replay', '--models', 'mixtral-8x7b-instruct', 'claude-v1', '--out', out], { env, timeoutMs: 240_000 });
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: Run[]; curves?: unknown };
    expect(results.runs.map((x) => `${x.suite}/${x.model}`)).toEqual(['gsm8k-replay/mixtral-8x7b-instruct', 'mtbench-replay/mixtral-8x7b-instruct', 'mtbench-replay/claude-v1']);
    expect(results.curves).toBeUndefined();
  }, 300_000);
});
