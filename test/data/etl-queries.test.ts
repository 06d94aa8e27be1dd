/** The ETL query source behind Ask Herald's tools, on both stores; the read-only role on Postgres. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlEtlQueries, openEtlQueries, type EtlQuerySource } from '../../src/data/etl-queries.js';
import type { Store } from '../../src/data/store.js';
import { LAST_DAY, openSeeded, type AskFixture } from '../ask/harness.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

describe.each(STORE_DRIVERS)('ETL queries on $driver', (driver) => {
  let fixture: AskFixture;
  let store: Store;
  let q: EtlQuerySource;

  beforeAll(async () => {
    fixture = await openSeeded(driver);
    store = fixture.store;
    await store.query(
      `insert into sku_daily (day, sku, title, category, units, orders, revenue, returns, stock, price, ad_spend)
       values ($1::date, 'EN-1', 'Stainless steel water bottle 750 ml', 'Sport', 2, 2, 1800, 0, 40, 900, 0)`,
      [LAST_DAY],
    );
    q = createSqlEtlQueries(store, { relation: 'sku_daily', rowLimit: 5 });
  }, 300_000);
  afterAll(async () => fixture?.cleanup());

  it('finds products by a Russian word form, a typo, an English word and the article', async () => {
    const skus = async (query: string) => (await q.searchProducts({ query, limit: 10 })).map((p) => p.title);
    expect((await skus('кружки')).every((t) => /кружк/i.test(t))).toBe(true);
    expect(await skus('кружки')).not.toHaveLength(0);
    expect((await skus('крушка керамическая')).some((t) => /Кружка керамическая/.test(t))).toBe(true);
    expect(await skus('bottle')).toEqual(['Stainless steel water bottle 750 ml']);
    expect(await q.searchProducts({ query: 'en-1', limit: 3 })).toEqual([{ sku: 'EN-1', title: 'Stainless steel water bottle 750 ml', category: 'Sport' }]);
    expect(await skus('zzzz qqqq')).toEqual([]);
  });

  it('caps every list at the row limit and matches SQL computed here', async () => {
    const top = await q.topProducts({ metric: 'units', from: '2026-11-16', to: LAST_DAY, limit: 50 });
    expect(top).toHaveLength(5);
    const truth = await store.query<{ sku: string; units: number }>(
      `select sku, sum(units)::float8 as units from sku_daily where day between '2026-11-16' and $1::date group by sku order by 2 desc, 1 limit 5`,
      [LAST_DAY],
    );
    expect(top.map((t) => [t.sku, t.value])).toEqual(truth.map((t) => [t.sku, t.units]));
    const cover = await q.stockCover({ limit: 50 });
    expect(cover.length).toBeLessThanOrEqual(5);
    expect(cover.map((c) => c.daysOfCover)).toEqual([...cover.map((c) => c.daysOfCover)].sort((a, b) => a! - b!));
    const cmp = await q.comparePeriods({ metric: 'drr', a: { from: '2026-11-09', to: '2026-11-15' }, b: { from: '2026-11-16', to: LAST_DAY } });
    const [drr] = await store.query<{ b: number }>(`select (sum(ad_spend) / sum(revenue))::float8 as b from sku_daily where day between '2026-11-16' and $1::date`, [LAST_DAY]);
    expect(cmp.b).toBeCloseTo(drr!.b, 10);
  });
});

describe('HERALD_READONLY_DATABASE_URL', () => {
  let fixture: AskFixture;
  const role = `herald_ro_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    fixture = await openSeeded(STORE_DRIVERS[1]!);
    await fixture.store.query(`create role ${role} login`);
    await fixture.store.query(`grant select on sku_daily to ${role}`);
  }, 300_000);
  afterAll(async () => {
    await fixture?.cleanup();
    await fixture?.store.query(`drop role if exists ${role}`).catch(() => undefined);
  });

  it('runs the tools through a role that can only read', async () => {
    const [row] = await fixture.store.query<{ db: string }>('select current_database() as db');
    const url = `postgres://${role}@127.0.0.1:5432/${row!.db}`;
    const { source, close } = openEtlQueries({ store: fixture.store, readonlyUrl: url, relation: 'sku_daily' });
    try {
      const summary = await source.salesSummary({ from: LAST_DAY, to: LAST_DAY });
      expect(summary.orders).toBeGreaterThan(0);
      const [who] = await fixture.store.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where usename = $1`, [role]);
      expect(who!.n).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });
});
