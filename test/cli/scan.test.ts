/**
 * `herald scan` as a process on a small seeded Postgres database: the SPEC section 5 JSON, a second
 * run that updates instead of duplicating, exit codes, and a model-written explanation through
 * route `alert` on the loopback OpenAI fake.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { insertSkuDaily } from '../../src/data/sku-daily-insert.js';
import { startOpenAIFake, type OpenAIFake } from '../fakes/openai-fake.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { DATE, series } from '../insights/anomalies/series.js';

const execFileP = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const SPEC_KEYS = ['id', 'kind', 'sku', 'metric', 'observed', 'expected', 'expectedLow', 'expectedHigh', 'severity', 'dedupKey', 'status', 'groupId'];

let db: TestDatabase;
let fake: OpenAIFake;
let env: NodeJS.ProcessEnv;

async function herald(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await execFileP(process.execPath, ['bin/herald.js', ...args], { cwd: ROOT, env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  fake = await startOpenAIFake();
  fake.script('m-alert', { kind: 'answer', content: JSON.stringify({ explanation: 'Похоже, в цене потеряли ноль.' }) });
  db = await createTestDatabase('herald_scan_cli');
  const store = createPostgresStore({ url: db.url, max: 2 });
  await migrate(store);
  const out = (sku: string) => series({ sku, category: 'Одежда' }).map((r) => (r.day === DATE ? { ...r, units: 0, orders: 0, revenue: 0, stock: 0 } : r));
  const clean = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'].flatMap((sku) => series({ sku }));
  const bad = { ...series({ sku: 'BAD' }).at(-1)!, revenue: -10 };
  await insertSkuDaily(store, [...series({ sku: 'T1' }).map((r) => (r.day === DATE ? { ...r, price: 50 } : r)), ...out('C1'), ...out('C2'), ...out('C3'), ...clean, bad]);
  // The last successful load finished on the 21st (Moscow): by 09:30 on the 23rd the data is stale.
  await store.query(`insert into etl_runs (finished_at, status) values ('2026-11-21T00:10:00Z', 'OK'), ('2026-11-23T00:10:00Z', 'failed')`);
  await store.close();
  const dir = mkdtempSync(join(tmpdir(), 'herald-scan-'));
  const config = join(dir, 'herald.config.json');
  writeFileSync(config, JSON.stringify({
    providers: { fake: { baseURL: fake.url, apiKeyEnv: 'OPENAI_API_KEY' } },
    models: { 'm-alert': { provider: 'fake', model: 'm-alert', inputPerMTok: 0.25, outputPerMTok: 2 } },
    routes: { alert: { models: ['m-alert'] } },
  }));
  env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: db.url, HERALD_CONFIG: config, OPENAI_API_KEY: 'test', HERALD_NOW: '2026-11-23T06:30:00Z', HERALD_LOG_LEVEL: 'error' };
}, 60_000);

afterAll(async () => {
  await fake?.close();
  await db?.drop();
});

describe('herald scan', () => {
  it('prints the SPEC JSON, stores the alerts and reports bad rows on stderr', async () => {
    const r = await herald('scan', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { date: string; alerts: Array<Record<string, unknown>> };
    expect(out.date).toBe(DATE);
    for (const a of out.alerts) expect(Object.keys(a).slice(0, SPEC_KEYS.length)).toEqual(SPEC_KEYS);
    const byKind = (kind: string) => out.alerts.filter((a) => a.kind === kind);
    expect(byKind('etl_stale')).toEqual([expect.objectContaining({ sku: null, severity: 'critical', dedupKey: 'etl_stale', status: 'open', groupId: null })]);
    expect(byKind('price_anomaly')).toEqual([expect.objectContaining({ sku: 'T1', observed: 50, expected: 500, severity: 'critical', explanation: 'Похоже, в цене потеряли ноль.' })]);
    expect(byKind('stockout').map((a) => [a.sku, a.groupId])).toEqual([['C1', 'stockout:cat:Одежда'], ['C2', 'stockout:cat:Одежда'], ['C3', 'stockout:cat:Одежда']]);
    expect(out.alerts).toHaveLength(5);
    expect(r.stderr).toMatch(/scan: skipped bad row day=2026-11-22 sku=BAD: revenue is negative/);
  }, 60_000);

  it('updates the same alerts on a second run instead of duplicating them', async () => {
    const first = JSON.parse((await herald('scan', '--format', 'json')).stdout) as { alerts: Array<{ id: number; dedupKey: string }> };
    const second = JSON.parse((await herald('scan', '--format', 'json', '--date', DATE)).stdout) as { alerts: Array<{ id: number; dedupKey: string }> };
    const ids = (x: { alerts: Array<{ id: number; dedupKey: string }> }) => x.alerts.map((a) => `${a.dedupKey}#${a.id}`).sort();
    expect(ids(second)).toEqual(ids(first));
    const store = createPostgresStore({ url: db.url, max: 1 });
    try {
      const [{ n }] = (await store.query<{ n: number }>('select count(*)::int as n from alerts')) as [{ n: number }];
      expect(n).toBe(5);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('prints the messages as a chat shows them in text format', async () => {
    const r = await herald('scan', '--locale', 'en');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Scan of 2026-11-22: 5 alert\(s\)/);
    expect(r.stdout).toMatch(/🔴 Critical · Out of stock|🟠 Warning · Out of stock — 3 products in “Одежда”/);
  }, 60_000);

  it('exits 1 for a day without data and 2 for bad usage, with a one-line reason', async () => {
    const none = await herald('scan', '--date', '2020-01-01');
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe('scan: no data for 2020-01-01 in sku_daily');
    const badFormat = await herald('scan', '--format', 'xml');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format: "xml" is not one of text, json/);
  }, 60_000);
});
