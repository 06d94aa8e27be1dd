/**
 * `herald cost` against hand-computed profiles (SPEC section 5's formula) and against a seeded
 * call log on both stores.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Store } from '../../src/data/store.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { projectCost } from '../../src/lab/cost-projection.js';
import { profileFromLogs } from '../../src/lab/traffic.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, STORE_DRIVERS, type TestDatabase } from '../helpers/databases.js';
import { fakeConfig } from '../router/harness.js';

const MODELS = {
  'm-a': { inputPerMTok: 0.25, cachedInputPerMTok: 0.025, outputPerMTok: 2 },
  'm-free': { provider: 'ollama', model: 'llama3.2', inputPerMTok: 0, outputPerMTok: 0 },
  'm-unpriced': { inputPerMTok: undefined, outputPerMTok: undefined },
};
const PROFILE = {
  days: 30,
  cacheHitRate: 0.2,
  routes: {
    brief: { callsPerDay: 3, model: 'm-a', inputTokens: 3000, outputTokens: 400 },
    classify: { callsPerDay: 200, model: 'm-a', inputTokens: 500, outputTokens: 50, cachedInputTokens: 400 },
  },
};
// brief: 3 × 30 × 0.8 × (3000 × 0.25 + 400 × 2) / 1e6; classify: 200 × 30 × 0.8 × (500 × 0.25 + 50 × 2) / 1e6
const BRIEF = (72 * 1550) / 1e6;
const CLASSIFY = (4800 * 225) / 1e6;

describe('herald cost', () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('herald_cost');
    const store = createPostgresStore({ url: db.url, max: 1 });
    await migrate(store);
    await seedCalls(store);
    await store.close();
    dir = mkdtempSync(join(tmpdir(), 'herald-cost-'));
    const config = fakeConfig('http://127.0.0.1:9/v1', { models: MODELS });
    env = { DATABASE_URL: db.url, HERALD_CONFIG: config.configPath!, FAKE_API_KEY: 'x', HERALD_NOW: '2026-11-23T06:00:00Z', HERALD_LOG_LEVEL: 'error' };
  }, 120_000);
  afterAll(async () => db?.drop());

  it('projects a profile by the formula and names the savings with their amounts', async () => {
    const path = join(dir, 'profile.json');
    writeFileSync(path, JSON.stringify(PROFILE));
    const r = await runHerald(['cost', '--profile', path, '--format', 'json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.monthlyUsd).toBeCloseTo(BRIEF + CLASSIFY, 10);
    expect(out.byRoute.brief).toMatchObject({ model: 'm-a', calls: 90 });
    expect(out.byRoute.brief.monthlyUsd).toBeCloseTo(BRIEF, 10);
    expect(out.byRoute.classify).toMatchObject({ model: 'm-a', calls: 6000 });
    expect(out.suggestions).toEqual([
      { route: 'classify', change: expect.stringMatching(/Batch API/), monthlyUsdSaved: 0.54 },
      { route: 'classify', change: expect.stringMatching(/префикс промпта из 400 токенов/), monthlyUsdSaved: 0.432 },
    ]);
    // Russian by default, English with HERALD_LOCALE=en.
    const text = await runHerald(['cost', '--profile', path], { env });
    expect(text.stdout).toMatch(/^стоимость моделей в месяц \(30 дн\., по профилю трафика\): \$1\.19$/m);
    expect(text.stdout).toMatch(/classify: отправлять через Batch API .* — экономит \$0\.54 в месяц/);
    const en = await runHerald(['cost', '--profile', path], { env: { ...env, HERALD_LOCALE: 'en' } });
    expect(en.stdout).toMatch(/^monthly model cost \(30 days, from the traffic profile\): \$1\.19$/m);
    expect(en.stdout).toMatch(/classify: send through the Batch API .* — saves \$0\.54\/month/);
    expect(en.stdout).toMatch(/400-token prompt prefix/);
  }, 60_000);

  it('says an unpriced route is unknown rather than $0', () => {
    const config = fakeConfig('http://127.0.0.1:9/v1', { models: MODELS });
    const report = projectCost({ ...PROFILE, routes: { ...PROFILE.routes, ask: { callsPerDay: 10, model: 'm-unpriced', inputTokens: 100, outputTokens: 10 } } }, { config, source: 'profile' });
    expect(report.monthlyUsd).toBeNull();
    expect(report.byRoute.ask!.monthlyUsd).toBeNull();
    expect(report.unpriced).toEqual(['ask']);
    expect(report.pricedMonthlyUsd).toBeCloseTo(BRIEF + CLASSIFY, 4);
  });

  it('suggests a cheaper model at bench parity with the amount saved', () => {
    const config = fakeConfig('http://127.0.0.1:9/v1', { models: MODELS });
    const report = projectCost(PROFILE, {
      config, source: 'profile',
      bench: { brief: { models: ['m-free'], monthlyUsd: null, suite: 'brief', quality: 0.97, qualityCi: [0.95, 0.99], floor: 0.94, costPer1kUsd: 0, reason: '' } },
    });
    expect(report.suggestions.find((s) => s.route === 'brief')).toEqual({ route: 'brief', change: expect.stringMatching(/перейти на m-free/), monthlyUsdSaved: Number(BRIEF.toFixed(4)) });
  });

  it('suggests the response cache only where it is off for the route and could answer it', () => {
    const withAsk = { ...PROFILE, routes: { ...PROFILE.routes, ask: { callsPerDay: 10, model: 'm-a', inputTokens: 100, outputTokens: 10 } } };
    const cacheSuggestions = (config: Config) =>
      projectCost(withAsk, { config, source: 'profile', locale: 'en' }).suggestions.filter((s) => /response cache/.test(s.change));
    // The cache is on (the default): no route is told to turn it on.
    expect(cacheSuggestions(fakeConfig('http://127.0.0.1:9/v1', { models: MODELS }))).toEqual([]);
    // Off: brief and classify would be answered from it (20 % of calls, at full price each); ask never is (its tool turns bypass the cache).
    const off = cacheSuggestions(fakeConfig('http://127.0.0.1:9/v1', { models: MODELS, cache: { enabled: false } }));
    expect(off.map((s) => s.route).sort()).toEqual(['brief', 'classify']);
    expect(off.find((s) => s.route === 'brief')!.monthlyUsdSaved).toBeCloseTo((90 * 0.2 * 1550) / 1e6, 4);
    expect(off.find((s) => s.route === 'classify')!.monthlyUsdSaved).toBeCloseTo((6000 * 0.2 * 225) / 1e6, 4);
  });

  it('reads the last days of the call log from the CLI', async () => {
    const r = await runHerald(['cost', '--from-logs', '30', '--format', 'json'], { env });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.byRoute.brief).toMatchObject({ model: 'm-a', calls: 75 });
    expect(out.monthlyUsd).toBeCloseTo(FROM_LOGS, 10);
  }, 60_000);

  it('rejects a bad profile naming the key, and a missing source', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ routes: { brief: { callsPerDay: -1 } } }));
    const bad = await runHerald(['cost', '--profile', path], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--profile: .*bad\.json: routes\.brief\.callsPerDay:/);
    const none = await runHerald(['cost'], { env });
    expect([none.code, none.stderr.trim()]).toEqual([2, 'cost: give either --profile FILE or --from-logs DAYS']);
  }, 60_000);
});

// 75 calls on route brief in the last 30 days: 60 answered by m-a (one after a failed attempt), 15 cache hits.
// 75 / 30 = 2.5 calls a day, hit share 0.2: 2.5 × 30 × 0.8 × (3000 × 0.25 + 400 × 2) / 1e6.
const FROM_LOGS = (60 * 1550) / 1e6;

async function seedCalls(store: Store): Promise<void> {
  const base = Date.parse('2026-11-22T06:00:00Z');
  const row = (i: number, attempt: number, status: string, input: number, output: number) => {
    const ts = new Date(base - (i % 29) * 86_400_000).toISOString();
    return store.query(
      `insert into llm_calls (ts, day, call_id, route, model, provider, attempt, status, latency_ms, input_tokens, output_tokens, cost_usd, pricing, cache_hit)
       values ($1::timestamptz, $2, $3, 'brief', 'm-a', 'fake', $4, $5, 10, $6, $7, 0, 'priced', $8)`,
      [ts, ts.slice(0, 10), `call-${i}`, attempt, status, input, output, status === 'cached'],
    );
  };
  for (let i = 0; i < 60; i++) {
    if (i === 0) await row(i, 1, 'error', 0, 0);
    await row(i, i === 0 ? 2 : 1, 'ok', 3000, 400);
  }
  for (let i = 60; i < 75; i++) await row(i, 1, 'cached', 0, 0);
  // Older than 30 days and a shadow call: neither counts.
  await store.query(
    `insert into llm_calls (ts, day, call_id, route, model, provider, attempt, status, latency_ms, pricing) values
       ('2026-09-01T06:00:00Z', '2026-09-01', 'old', 'brief', 'm-a', 'fake', 1, 'ok', 10, 'priced'),
       ('2026-11-20T06:00:00Z', '2026-11-20', 'call-1', 'brief', 'm-b', 'fake', 2, 'shadow', 10, 'priced')`,
  );
}

describe.each(STORE_DRIVERS)('cost from the call log on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let config: Config;
  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
    await seedCalls(store);
    config = fakeConfig('http://127.0.0.1:9/v1', { models: MODELS });
  });
  afterAll(async () => cleanup?.());

  it('builds the profile from distinct calls, answered tokens and the cache-hit share', async () => {
    const profile = await profileFromLogs(store, 30, new Date('2026-11-23T06:00:00Z'));
    expect(profile.routes.brief).toEqual({ callsPerDay: 2.5, model: 'm-a', inputTokens: 3000, outputTokens: 400, cachedInputTokens: 0, cacheHitRate: 0.2 });
    const report = projectCost(profile, { config, source: 'call_log' });
    expect(report.monthlyUsd).toBeCloseTo(FROM_LOGS, 10);
    expect(report.byRoute.brief!.calls).toBe(75);
  });
});
