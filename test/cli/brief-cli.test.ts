/**
 * `herald brief` as a process, on a small seeded Postgres database and on the real UCI retail data
 * (aggregated per SKU per day): totals checked against SQL computed here, every format printed,
 * bad rows reported, exit codes as SPEC section 1 says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/data/postgres-store.js';
import { migrate } from '../../src/data/migrate.js';
import { seedDemo } from '../../src/data/demo/seed.js';
import { readFileSync } from 'node:fs';
import { parseRetailCsv } from '../../src/data/retail/retail-csv.js';
import { loadRetailInto, readRetailRows, retailCsvPath } from '../../src/data/retail/retail-import.js';
import type { Store } from '../../src/data/store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { runHerald } from '../helpers/cli.js';
import { hasSharedData } from '../helpers/shared-data.js';

const NOW = '2026-11-23T06:30:00Z';

interface SqlTotals {
  revenue: number;
  orders: number;
  units: number;
  returns: number;
  adSpend: number;
}

/** The day's totals straight from SQL, skipping what SPEC section 4 calls bad rows. */
async function sqlTotals(store: Store, day: string): Promise<SqlTotals> {
  const [row] = await store.query<SqlTotals & Record<string, unknown>>(
    `with d as (select * from sku_daily where day = $1::date),
          dup as (select sku from d group by sku having count(*) > 1)
     select round(coalesce(sum(revenue), 0)::numeric, 2)::float8 as revenue, coalesce(sum(orders), 0)::int as orders,
            coalesce(sum(units), 0)::int as units, coalesce(sum(returns), 0)::int as returns,
            round(coalesce(sum(ad_spend), 0)::numeric, 2)::float8 as "adSpend"
       from d where sku not in (select sku from dup)
        and units >= 0 and revenue >= 0 and returns >= 0 and ad_spend >= 0`,
    [day],
  );
  return row!;
}

describe('herald brief on a seeded Postgres database', () => {
  let db: TestDatabase;
  let store: Store;
  let env: Record<string, string>;
  const day = '2026-11-22';

  beforeAll(async () => {
    db = await createTestDatabase('herald_brief_cli');
    store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    await seedDemo(store, { seed: 7, endDay: day, skus: 40, days: 45 });
    // Two bad rows on the day: a negative one and a duplicated key.
    await store.query(
      `insert into sku_daily (day, sku, title, units, orders, revenue, returns, ad_spend)
       values ($1, 'BAD-NEG', 'Отрицательный', -2, 1, 100, 0, 0), ($1, 'BAD-DUP', 'Дубль', 1, 1, 50, 0, 0), ($1, 'BAD-DUP', 'Дубль', 1, 1, 60, 0, 0)`,
      [day],
    );
    env = { DATABASE_URL: db.url, HERALD_NOW: NOW, HERALD_DATA_DIR: '/nonexistent-herald-dir' };
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('prints the SPEC section 5 JSON with totals equal to the SQL sums', async () => {
    const r = await runHerald(['brief', '--date', day, '--format', 'json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const brief = JSON.parse(r.stdout);
    const sql = await sqlTotals(store, day);
    expect(brief.date).toBe(day);
    expect(brief.currency).toBe('RUB');
    expect(brief.totals).toMatchObject(sql);
    expect(brief.totals.drr).toBeCloseTo(sql.adSpend / sql.revenue, 4);
    for (const key of ['revenue', 'orders', 'units', 'returns', 'adSpend']) {
      expect(Object.keys(brief.totals.vsPrevDay)).toContain(key);
      expect(Object.keys(brief.totals.vsWeekAgo)).toContain(key);
    }
    expect(brief.narrativeSource).toBe('template');
    expect(typeof brief.narrative.summary).toBe('string');
    expect(Array.isArray(brief.narrative.highlights) && Array.isArray(brief.narrative.actions)).toBe(true);
    expect(brief.freshness.lastDay).toBe(day);
    expect(brief.items.length).toBeGreaterThan(0);
    const revenues = brief.items.map((i: { revenue: number }) => i.revenue);
    expect([...revenues].sort((a, b) => b - a)).toEqual(revenues);
    for (const item of brief.items) {
      expect(item).toEqual(expect.objectContaining({ sku: expect.any(String), title: expect.any(String), revenue: expect.any(Number), units: expect.any(Number) }));
      expect(item.tags.length).toBeGreaterThan(0);
      expect(Math.round(item.revenue * 100) / 100).toBe(item.revenue);
    }
    expect(brief.items.filter((i: { tags: string[] }) => i.tags.includes('top')).length).toBe(5);
  });

  it('reports bad rows with their key on stderr and in badRows, and skips them', async () => {
    const r = await runHerald(['brief', '--date', day, '--format', 'json'], { env });
    const brief = JSON.parse(r.stdout);
    expect(brief.badRows.map((b: { sku: string }) => b.sku).sort()).toEqual(['BAD-DUP', 'BAD-DUP', 'BAD-NEG']);
    expect(r.stderr).toContain(`day=${day} sku=BAD-NEG: units is negative`);
    expect(brief.items.map((i: { sku: string }) => i.sku)).not.toContain('BAD-DUP');
  });

  it('prints text, Telegram HTML and Slack blocks in Russian and English', async () => {
    const text = await runHerald(['brief', '--date', day], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Итоги дня');
    const en = await runHerald(['brief', '--date', day, '--locale', 'en'], { env });
    expect(en.stdout).toMatch(/Revenue/);
    const html = await runHerald(['brief', '--date', day, '--format', 'telegram-html'], { env });
    expect(html.code).toBe(0);
    for (const message of html.stdout.split('\n\f\n')) expect(message.length).toBeLessThanOrEqual(4096);
    expect(html.stdout).toContain('<b>');
    const slack = await runHerald(['brief', '--date', day, '--format', 'slack-blocks'], { env });
    const posts = (JSON.parse(slack.stdout) as Array<{ method: string; blocks?: unknown[] }>).filter((c) => c.method === 'chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) expect(p.blocks!.length).toBeLessThanOrEqual(50);
  });

  it('reads a view over the user\'s own tables when data.relation names it', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    await store.exec(`create schema if not exists shop;
      create table shop.wb_sales as select day as sale_date, sku as article, title as name, category, units as qty, orders,
        revenue, returns, stock, price, ad_spend, ad_clicks, ad_impressions from sku_daily where sku not like 'BAD-%';
      create or replace view shop.sku_daily_v as select sale_date as day, article as sku, name as title, category, qty as units,
        orders, revenue, returns, stock, price, ad_spend, ad_clicks, ad_impressions from shop.wb_sales`);
    const file = join(mkdtempSync(join(tmpdir(), 'herald-view-')), 'herald.config.json');
    writeFileSync(file, JSON.stringify({ data: { relation: 'shop.sku_daily_v' } }));
    const r = await runHerald(['brief', '--date', day, '--format', 'json'], { env: { ...env, HERALD_CONFIG: file } });
    expect(r.code, r.stderr).toBe(0);
    const brief = JSON.parse(r.stdout);
    expect(brief.badRows).toEqual([]);
    expect(brief.totals).toMatchObject(await sqlTotals(store, day));
  });

  it('defaults to the latest day with data', async () => {
    const r = await runHerald(['brief', '--format', 'json'], { env });
    expect(JSON.parse(r.stdout).date).toBe(day);
  });

  it('exits 1 with a one-line reason when the day has no data', async () => {
    const r = await runHerald(['brief', '--date', '2020-01-01'], { env });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('brief: no data for 2020-01-01 in the ETL relation');
    expect(r.stdout).toBe('');
  });

  it('exits 2 naming the flag on bad usage', async () => {
    const bad = await runHerald(['brief', '--format', 'pdf'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: "pdf" is not one of/);
    const date = await runHerald(['brief', '--date', '2026-13-01'], { env });
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--date/);
    const unknown = await runHerald(['brief', '--colour'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--colour/);
  });
});

describe.skipIf(!hasSharedData)('herald brief on the real retail data', () => {
  let db: TestDatabase;
  let store: Store;
  let env: Record<string, string>;
  /** The day whose cancellation invoices (C…) took back the most units: they cancel orders, they are not returns. */
  let cancelledDay: string;

  beforeAll(async () => {
    db = await createTestDatabase('herald_brief_retail');
    store = createPostgresStore({ url: db.url, max: 2 });
    await migrate(store);
    const cancelledUnits = new Map<string, number>();
    for (const l of parseRetailCsv(readFileSync(retailCsvPath(), 'utf8'))) {
      if (/^c/i.test(l.invoiceNo)) cancelledUnits.set(l.day, (cancelledUnits.get(l.day) ?? 0) - l.quantity);
    }
    cancelledDay = [...cancelledUnits].sort((a, b) => b[1] - a[1])[0]![0];
    await loadRetailInto(store, await readRetailRows(), { now: new Date(NOW) });
    env = { DATABASE_URL: db.url, HERALD_NOW: NOW };
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('stays sane on the busiest day, a day with cancellations and the last day: totals equal the SQL sums', async () => {
    const [busiest] = await store.query<{ day: string }>(`select day::text as day from sku_daily group by day order by count(*) desc limit 1`);
    const [last] = await store.query<{ day: string }>(`select max(day)::text as day from sku_daily`);
    for (const day of [busiest!.day, cancelledDay, last!.day]) {
      const r = await runHerald(['brief', '--date', day, '--format', 'json'], { env });
      expect(r.code, r.stderr).toBe(0);
      const brief = JSON.parse(r.stdout);
      const sql = await sqlTotals(store, day);
      expect(brief.totals).toMatchObject(sql);
      expect(JSON.stringify(brief)).not.toMatch(/NaN|Infinity/);
      for (const item of brief.items) expect(item.revenue).toBeGreaterThanOrEqual(0);
      // Cancellations are taken off the orders they cancel, never counted as returns.
      expect(brief.totals.returns).toBe(0);
    }
  });
});

describe('configuration errors', () => {
  it('fails at boot with exit 2 and a line naming the key', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'herald-config-'));
    const cases: [unknown, RegExp][] = [
      [{ bogus: 1 }, /unknown key "bogus"/],
      [{ routes: { brief: { models: [] } } }, /routes\.brief\.models/],
      [{ data: { relation: 'sku daily; drop table x' } }, /data\.relation/],
      [{ routes: { brief: { models: ['x'], timeoutMs: -5 } } }, /routes\.brief\.timeoutMs/],
    ];
    for (const [config, expected] of cases) {
      const file = join(dir, 'herald.config.json');
      writeFileSync(file, JSON.stringify(config));
      const r = await runHerald(['brief'], { env: { HERALD_CONFIG: file, DATABASE_URL: 'postgres://127.0.0.1:1/none' } });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(expected);
    }
    const tz = await runHerald(['brief'], { env: { HERALD_TZ: 'Mars/Olympus' } });
    expect(tz.code).toBe(2);
    expect(tz.stderr).toMatch(/HERALD_TZ/);
  });
});
