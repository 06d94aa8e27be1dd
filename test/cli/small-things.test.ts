/**
 * Issue 10 item 10, through `herald` as a process on the real Postgres: a bad row reported once,
 * a past year's brief says its year, `subscriptions list --format json` in ISO 8601, Slack blocks
 * with their buttons, and `db seed-demo` closing the alerts of the data it replaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/data/demo/seed.js';
import { migrate } from '../../src/data/migrate.js';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import type { Store } from '../../src/data/store.js';
import { runHerald } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

describe('small things', () => {
  let db: TestDatabase;
  let store: Store;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase('herald_small');
    store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    await seedDemo(store, { seed: 1, endDay: '2025-12-20', skus: 30, days: 60 });
    await store.query(
      `insert into sku_daily (day, sku, title, units, orders, revenue, returns, ad_spend) values ('2025-12-20', 'BAD-1', 'Плохая', -1, 1, 100, 0, 0)`,
    );
    env = { DATABASE_URL: db.url, HERALD_NOW: '2026-11-23T06:30:00Z', HERALD_DATA_DIR: '/nonexistent-herald-dir' };
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('scan reports a bad row once, as one line, never as a JSON log line', async () => {
    const r = await runHerald(['scan', '--format', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('BAD-1'));
    expect(lines).toEqual(['scan: skipped bad row day=2025-12-20 sku=BAD-1: units is negative (-1)']);
    expect(r.stderr).not.toMatch(/^\{/m);
  });

  it('a brief of a past year says the year in its title', async () => {
    const r = await runHerald(['brief'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Сводка за сб, 20 дек. 2025 г.');
  });

  it('--format slack-blocks prints the chart upload and the messages with the Details and Chart buttons, as Slack gets them', async () => {
    const r = await runHerald(['brief', '--format', 'slack-blocks'], { env });
    expect(r.code, r.stderr).toBe(0);
    type Call = { method: string; filename?: string; initial_comment?: string; file_base64?: string; text?: string; blocks?: Array<{ type: string; elements?: Array<{ action_id?: string; text?: { text: string } }> }> };
    const calls = JSON.parse(r.stdout) as Call[];
    expect(calls.map((c) => c.method)).toEqual(['files.uploadV2', ...Array(calls.length - 1).fill('chat.postMessage')]);
    const [upload] = calls;
    expect(upload!.filename).toBe('revenue-2025-12-20.png');
    expect(upload!.initial_comment).toMatch(/20 дек\. 2025/);
    const png = Buffer.from(upload!.file_base64!, 'base64');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(10_000);
    const actions = calls.at(-1)!.blocks!.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    expect(actions[0]!.elements!.map((e) => e.text?.text)).toEqual(['Подробнее', 'График']);
    expect(actions[0]!.elements!.map((e) => e.action_id)).toEqual(['brief:2025-12-20:details', 'brief:2025-12-20:chart']);
  });

  it('subscriptions list --format json prints createdAt in ISO 8601 UTC', async () => {
    const add = await runHerald(['subscriptions', 'add', '--chat', '-1001234567890'], { env });
    expect(add.code, add.stderr).toBe(0);
    const r = await runHerald(['subscriptions', 'list', '--format', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const [sub] = JSON.parse(r.stdout);
    expect(sub.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(sub.createdAt).toISOString()).toBe(sub.createdAt);
  });

  it('db seed-demo --seed 2 resolves the alerts raised on the data it replaces', async () => {
    const [before] = await store.query<{ n: number }>(`select count(*)::int as n from alerts where status <> 'resolved'`);
    expect(before!.n).toBeGreaterThan(0);
    const r = await runHerald(['db', 'seed-demo', '--seed', '2', '--end-day', '2025-12-20', '--skus', '30', '--days', '60'], { env });
    expect(r.code, r.stderr).toBe(0);
    const [after] = await store.query<{ n: number }>(`select count(*)::int as n from alerts where status <> 'resolved'`);
    expect(after!.n).toBe(0);
    const [trail] = await store.query<{ n: number }>(`select count(*)::int as n from alert_events where actor = 'seed-demo' and action = 'resolved'`);
    expect(trail!.n).toBe(before!.n);
  });
});
