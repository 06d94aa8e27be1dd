import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/data/store.js';
import { repoRoot } from '../../src/data/shared-data.js';
import { createStoreRecordings } from '../../src/lab/recordings.js';
import { runBench } from '../../src/lab/run-bench.js';
import { loadSuites } from '../../src/lab/suites/index.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { fakeConfig, recordingSleep } from '../router/harness.js';
import { scriptKnownModels } from './lab-fixtures.js';
import { fixedClock, systemClock } from '../../src/time/clock.js';

describe.each(STORE_DRIVERS)('bench recordings on $driver', (driver) => {
  let fake: OpenAIFake;
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    fake = await startOpenAIFake();
    ({ store, cleanup } = await driver.open());
  });
  afterAll(async () => {
    await fake?.close();
    await cleanup?.();
  });
  beforeEach(() => fake.reset());

  it('records every live call and replays them with recorded latency and usage, no request made', async () => {
    scriptKnownModels(fake, 5);
    const config = fakeConfig(fake.url, { models: { 'm-slow': {}, 'm-invalid': {}, 'm-failing': {} } });
    const suites = (await loadSuites()).filter((s) => s.name === 'classify');
    const base = {
      config, suites, models: ['m-slow', 'm-invalid', 'm-failing'], sleep: recordingSleep().sleep,
      context: { sharedDataDir: '/nonexistent', rootDir: repoRoot(), store }, recordings: createStoreRecordings(store, fixedClock(new Date('2026-11-23T06:00:00Z')), 7),
    };
    const live = (await runBench(base)).runs.map((r) => r.summary());
    const [row] = await store.query<{ n: number }>('select count(*)::int as n from lab_recordings');
    const n = row?.n;
    expect(n).toBe(live.reduce((s, r) => s + r.cases, 0));
    fake.reset();
    const replayed = (await runBench({ ...base, replay: true, recordings: createStoreRecordings(store, systemClock) })).runs.map((r) => r.summary());
    expect(fake.requests).toHaveLength(0);
    expect(replayed.map((r) => [r.model, r.quality, r.schemaValidRate, r.errorRate, r.costUsd, r.tokens, r.latencyMs, r.liveCalls])).toEqual(
      live.map((r) => [r.model, r.quality, r.schemaValidRate, r.errorRate, r.costUsd, r.tokens, r.latencyMs, 0]),
    );
  }, 120_000);
});
