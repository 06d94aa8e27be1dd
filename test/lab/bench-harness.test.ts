import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/data/shared-data.js';
import { createMemoryRecordings } from '../../src/lab/recordings.js';
import { runBench } from '../../src/lab/run-bench.js';
import { wilson } from '../../src/lab/stats.js';
import { loadSuites } from '../../src/lab/suites/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { fakeConfig, recordingSleep } from '../router/harness.js';
import { CLASSIFY, KNOWN_MODELS, scriptKnownModels } from './lab-fixtures.js';

const N = CLASSIFY.cases.length;
/** $ per call at 1 $/MTok in, 2 $/MTok out, 100 + 20 tokens. */
const PER_CALL = (100 * 1 + 20 * 2) / 1e6;

describe('bench harness on the classify suite against models of known behaviour', () => {
  let fake: OpenAIFake;
  beforeAll(async () => {
    fake = await startOpenAIFake();
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  const setup = async () => {
    const config = fakeConfig(fake.url, {
      models: Object.fromEntries(KNOWN_MODELS.map((m) => [m, {}])),
      routes: { classify: { models: ['m-right'] } },
    });
    const suites = (await loadSuites()).filter((s) => s.name === 'classify');
    return { config, suites };
  };

  it('measures quality, validity, errors, cost and intervals of each model exactly', async () => {
    scriptKnownModels(fake);
    const { config, suites } = await setup();
    const { sleep, waits } = recordingSleep();
    const outcome = await runBench({
      config, suites, models: KNOWN_MODELS, concurrency: 4, sleep,
      context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store: null },
      recordings: createMemoryRecordings(),
    });
    const by = Object.fromEntries(outcome.runs.map((r) => [r.model, r.summary()]));

    expect(N).toBeGreaterThanOrEqual(80);
    const right = by['m-right']!;
    expect(right).toMatchObject({ suite: 'classify', cases: N, quality: 1, schemaValidRate: 1, errorRate: 0, pricing: 'priced' });
    expect(right.tokens).toEqual({ input: 100 * N, output: 20 * N });
    expect(right.costUsd).toBeCloseTo(PER_CALL * N, 10);
    expect(right.costPer1kUsd).toBeCloseTo(PER_CALL * 1000, 10);
    expect(right.costPer1kSuccessfulUsd).toBeCloseTo(PER_CALL * 1000, 10);
    const [lo, hi] = wilson(N, N);
    expect(right.qualityCi![0]).toBeCloseTo(lo, 6);
    expect(right.qualityCi![1]).toBeCloseTo(hi, 6);
    expect(right.metrics.macroF1).toBe(1);

    // Invalid answers are answers: a repair is tried (and paid for), the case scores 0, no error.
    const invalid = by['m-invalid']!;
    expect(invalid).toMatchObject({ quality: 0, schemaValidRate: 0, errorRate: 0, costPer1kSuccessfulUsd: null });
    expect(invalid.costUsd).toBeCloseTo(2 * PER_CALL * N, 10);
    expect(invalid.qualityCi![1]).toBeCloseTo(wilson(0, N)[1], 6);

    // A failing model: no tokens, every case an error; the circuit breaker soon stops the requests.
    const failing = by['m-failing']!;
    expect(failing).toMatchObject({ quality: 0, errorRate: 1, costUsd: 0, costPer1kSuccessfulUsd: null, tokens: { input: 0, output: 0 } });
    expect(fake.requestsFor('m-failing').length).toBeLessThan(N);

    // 429 first: the router's retry meets a second 429, the lab waits and tries again — no error.
    const limited = by['m-429']!;
    expect(limited).toMatchObject({ quality: 1, errorRate: 0, rateLimited: 1 });
    expect(limited.costUsd).toBeCloseTo(PER_CALL * N, 10);
    expect(waits).toContain(1000);

    const slow = by['m-slow']!;
    expect(slow.quality).toBe(1);
    expect(slow.latencyMs.p50).toBeGreaterThanOrEqual(40);
    // The cache is never used: every case reached the fake.
    expect(fake.requestsFor('m-right')).toHaveLength(N);
  });

  it('replays a recorded run without a request, with the recorded latency and the same cost', async () => {
    scriptKnownModels(fake, 30);
    const { config, suites } = await setup();
    const recordings = createMemoryRecordings();
    const base = { config, suites, models: ['m-slow', 'm-failing'], sleep: recordingSleep().sleep, context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store: null }, recordings };
    const live = (await runBench(base)).runs.map((r) => r.summary());
    fake.reset();
    const replayed = (await runBench({ ...base, replay: true })).runs.map((r) => r.summary());
    expect(fake.requests).toHaveLength(0);
    for (const [a, b] of live.map((r, i) => [r, replayed[i]!] as const)) {
      expect(b.replayedCalls).toBe(b.cases);
      expect(b.liveCalls).toBe(0);
      expect({ ...b, replayedCalls: 0, liveCalls: 0 }).toEqual({ ...a, replayedCalls: 0, liveCalls: 0 });
    }
  });
});
