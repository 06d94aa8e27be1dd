import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/data/shared-data.js';
import { createMemoryRecordings } from '../../src/lab/recordings.js';
import type { RunResult } from '../../src/lab/run-stats.js';
import { recommend } from '../../src/lab/recommend.js';
import { runBench } from '../../src/lab/run-bench.js';
import { demoTitles, loadEmbedCases } from '../../src/lab/suites/embed.js';
import { loadSuites } from '../../src/lab/suites/index.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, recordingSleep } from '../router/harness.js';

const corpus = demoTitles();
const cases = loadEmbedCases(JSON.parse(readFileSync(join(repoRoot(), 'bench', 'suites', 'embed.json'), 'utf8')), corpus);
const byQuery = new Map(cases.map((c) => [c.query, c]));
const oneHot = (weights: Array<[number, number]>) => {
  const v = new Array<number>(corpus.length).fill(0);
  for (const [i, w] of weights) v[i] = w;
  return v;
};
/** Embeds a title as its own axis; a query as the sum of its relevant titles' axes (plus a decoy ranked above them). */
const embedder = (decoy: boolean) => (text: string) => {
  const c = byQuery.get(text);
  if (!c) return oneHot([[corpus.indexOf(text), 1]]);
  const other = corpus.findIndex((_, i) => !c.relevant.includes(i));
  return oneHot([...c.relevant.map((i) => [i, 1] as [number, number]), ...(decoy ? [[other, 2] as [number, number]] : [])]);
};
const tokens = (texts: string[]) => texts.reduce((s, t) => s + Math.ceil(t.length / 4), 0);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

describe('suite embed', () => {
  let fake: OpenAIFake;
  beforeAll(async () => {
    fake = await startOpenAIFake();
  });
  afterAll(() => fake.close());

  it('has realistic queries, none of them a title verbatim', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const c of cases) expect(corpus).not.toContain(c.query);
  });

  it('scores recall@5 and MRR of embedding models of known behaviour exactly, the corpus embedding paid in the run', async () => {
    fake.script('e-exact', { kind: 'embedding', vector: embedder(false) });
    fake.script('e-decoy', { kind: 'embedding', vector: embedder(true) });
    fake.script('e-failing', { kind: 'error', status: 500 });
    const models = ['e-exact', 'e-decoy', 'e-failing'];
    const config = fakeConfig(fake.url, {
      models: Object.fromEntries(models.map((m) => [m, { capabilities: { embeddings: true } }])),
      routes: { embed: { models: ['e-exact'] } },
    });
    const suites = (await loadSuites()).filter((s) => s.name === 'embed');
    const outcome = await runBench({
      config, suites, models, sleep: recordingSleep().sleep,
      context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store: null }, recordings: createMemoryRecordings(),
    });
    const by = Object.fromEntries(outcome.runs.map((r) => [r.model, r.summary()]));
    const n = cases.length;
    const inputTokens = tokens(corpus) + tokens(cases.map((c) => c.query));
    expect(by['e-exact']).toMatchObject({ suite: 'embed', cases: n, quality: 1, schemaValidRate: null, errorRate: 0, metrics: { recallAt5: 1, mrr: 1 } });
    expect(by['e-exact']!.tokens.input).toBe(inputTokens);
    expect(by['e-exact']!.costUsd).toBeCloseTo(inputTokens / 1e6, 12);
    // The decoy takes first place: every relevant title moves down one rank.
    const decoyRecall = mean(cases.map((c) => Math.min(c.relevant.length, 4) / Math.min(c.relevant.length, 5)));
    expect(by['e-decoy']).toMatchObject({ quality: round6(decoyRecall), metrics: { recallAt5: round6(decoyRecall), mrr: 0.5 } });
    expect(by['e-failing']).toMatchObject({ quality: 0, errorRate: 1 });
  });

  const baselines: Record<string, RunResult[]> = {};
  for (const driver of STORE_DRIVERS) {
    it(`scores Postgres trigram and full-text search as baselines in the same table (${driver.driver})`, async () => {
      const { store, cleanup } = await driver.open();
      try {
        const config = fakeConfig(fake.url, {});
        const suites = (await loadSuites()).filter((s) => s.name === 'embed');
        const outcome = await runBench({
          config, suites, sleep: recordingSleep().sleep,
          context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store }, recordings: createMemoryRecordings(),
        });
        const runs = outcome.runs.map((r) => r.summary());
        expect(runs.map((r) => [r.model, r.kind, r.pricing, r.costUsd])).toEqual([
          ['postgres:pg_trgm', 'local', 'local', 0],
          ['postgres:fts', 'local', 'local', 0],
        ]);
        const per = (name: string) => {
          const stats = outcome.runs.find((r) => r.model === name)!;
          return Object.fromEntries(cases.map((c, i) => [c.query, stats.scores[i]!]));
        };
        // «70х140» with a Latin x: trigrams forgive it, full-text search does not.
        expect(per('postgres:pg_trgm')['полотенце банное 70х140']).toBe(1);
        expect(per('postgres:fts')['полотенце банное 70х140']).toBe(0);
        // A synonym with no shared word: neither finds a mug — the case a model must win.
        expect(per('postgres:pg_trgm')['чашка для чая']).toBe(0);
        expect(per('postgres:fts')['чашка для чая']).toBe(0);
        for (const r of runs) expect(r.quality!).toBeGreaterThan(0.8);
        baselines[driver.driver] = runs;
      } finally {
        await cleanup();
      }
    }, 60_000);
  }

  it('falls back to full-text search alone on a database without pg_trgm', async () => {
    const { store, cleanup } = await STORE_DRIVERS.find((d) => d.driver === 'postgres')!.open();
    try {
      await store.query('drop extension if exists pg_trgm');
      const suites = (await loadSuites()).filter((s) => s.name === 'embed');
      const outcome = await runBench({
        config: fakeConfig(fake.url, {}), suites, sleep: recordingSleep().sleep,
        context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store }, recordings: createMemoryRecordings(),
      });
      expect(outcome.runs.map((r) => r.model)).toEqual(['postgres:fts']);
      expect(outcome.runs[0]!.summary().quality!).toBeGreaterThan(0.8);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it('says in the recommendation when a Postgres baseline reaches the floor a model is held to', async () => {
    const { store, cleanup } = await STORE_DRIVERS.find((d) => d.driver === 'postgres')!.open();
    try {
      // A model whose embeddings are hashes of the text: it finds next to nothing.
      fake.script('e-hash', { kind: 'answer' });
      const config = fakeConfig(fake.url, { models: { 'e-hash': { capabilities: { embeddings: true } } }, routes: { embed: { models: ['e-hash'] } } });
      const suites = (await loadSuites()).filter((s) => s.name === 'embed');
      const outcome = await runBench({
        config, suites, sleep: recordingSleep().sleep,
        context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store }, recordings: createMemoryRecordings(),
      });
      const rec = recommend('embed', outcome.runs, { traffic: null, locale: 'en' })!;
      expect(rec.models).toEqual(['e-hash']);
      expect(rec.quality!).toBeLessThan(0.5);
      expect(rec.localAlternatives).toEqual(['postgres:pg_trgm', 'postgres:fts']);
      expect(rec.reason).toMatch(/postgres:pg_trgm, postgres:fts reaches the same floor with no model/);
    } finally {
      await cleanup();
    }
  }, 60_000);

  it('gives the same baseline figures on PGlite and Postgres', () => {
    const strip = (runs: RunResult[]) => runs.map((r) => ({ model: r.model, quality: r.quality, metrics: r.metrics }));
    expect(baselines.pglite && baselines.postgres).toBeTruthy();
    expect(strip(baselines.pglite!)).toEqual(strip(baselines.postgres!));
  });
});
