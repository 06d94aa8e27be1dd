/**
 * `herald brief` on a team's own Postgres: `sku_daily` and `etl_runs` may be views over the team's
 * tables under the contract's own names (SPEC section 4), and a database Herald cannot migrate
 * must end `herald db migrate` with exit 1 and one line — never leave it hanging on an open pool.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { runHerald } from '../helpers/cli.js';

const NOW = '2026-11-23T06:30:00Z';

async function sql(url: string, text: string): Promise<void> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await db.unsafe(text).simple();
  } finally {
    await db.end();
  }
}

describe('herald brief on a team\'s own database', () => {
  const dbs: TestDatabase[] = [];
  let views: TestDatabase;
  let broken: TestDatabase;

  beforeAll(async () => {
    [views, broken] = await Promise.all([createTestDatabase('herald_own_views'), createTestDatabase('herald_own_broken')]);
    dbs.push(views, broken);
    await sql(
      views.url,
      `create table wb_sales (sale_date date, article text, name text, qty int, orders int, revenue numeric, returns int, spend numeric);
       insert into wb_sales values ('2026-11-21', 'A1', 'Чайник', 2, 2, 3000, 0, 100), ('2026-11-22', 'A1', 'Чайник', 3, 3, 4500, 0, 150),
                                   ('2026-11-22', 'B2', 'Кружка', 1, 1, 500, 1, 0);
       create view sku_daily as select sale_date as day, article as sku, name as title, null::text as category, qty as units, orders,
         revenue, returns, null::int as stock, null::numeric as price, spend as ad_spend, null::int as ad_clicks, null::int as ad_impressions
         from wb_sales;
       create table loads (done_at timestamptz, result text);
       insert into loads values ('2026-11-23T03:00:00Z', 'OK');
       create view etl_runs as select done_at as finished_at, result as status from loads`,
    );
    // A herald_migrations table of another shape: the first migration's bookkeeping insert fails.
    await sql(broken.url, 'create table herald_migrations (version integer primary key, applied_at timestamptz)');
    // Migrations are the release step's job (`herald db migrate`); brief only checks the version.
    const migrated = await runHerald(['db', 'migrate'], { env: { DATABASE_URL: views.url } });
    expect(migrated.code, migrated.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it('briefs a team whose sku_daily and etl_runs are views over its own tables', async () => {
    const r = await runHerald(['brief', '--format', 'json'], { env: { DATABASE_URL: views.url, HERALD_NOW: NOW } });
    expect(r.code, r.stderr).toBe(0);
    const brief = JSON.parse(r.stdout);
    expect(brief.date).toBe('2026-11-22');
    expect(brief.totals).toMatchObject({ revenue: 5000, orders: 4, units: 4, returns: 1, adSpend: 150, drr: 0.03 });
    expect(brief.freshness.etlFinishedAt).toBe('2026-11-23T03:00:00Z');
  });

  it('exits 1 with one line, promptly, when the database cannot be migrated', async () => {
    const started = Date.now();
    const r = await runHerald(['db', 'migrate'], { env: { DATABASE_URL: broken.url, HERALD_NOW: NOW }, timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^herald db: .*herald_migrations/);
  });
});
