import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/data/migrate.js';
import type { Store } from '../../src/data/store.js';
import { STORE_DRIVERS } from '../helpers/databases.js';

describe.each(STORE_DRIVERS)('Store contract on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
  });
  afterAll(async () => cleanup?.());

  it('returns rows with explicitly cast types identical on both drivers', async () => {
    const rows = await store.query<{ d: string; n: number; i: number; t: string; b: boolean; j: unknown }>(
      `select '2026-11-22'::date::text as d, 12.5::numeric::float8 as n, 7::int as i, $1::text as t, true as b, '{"a":1}'::jsonb as j`,
      ['привет'],
    );
    expect(rows).toEqual([{ d: '2026-11-22', n: 12.5, i: 7, t: 'привет', b: true, j: { a: 1 } }]);
  });

  it('applies migrations once and records them', async () => {
    const again = await migrate(store);
    expect(again).toEqual([]);
    const rows = await store.query<{ name: string }>('select name from herald_migrations order by version');
    expect(rows.map((r) => r.name)[0]).toBe('001_init');
  });

  it('creates the ETL contract relations', async () => {
    await store.query(
      `insert into sku_daily (day, sku, title, units, orders, revenue, returns, ad_spend) values ('2026-11-22','A1','Кружка',2,2,900.5,0,10)`,
    );
    await store.query(`insert into etl_runs (finished_at, status) values ('2026-11-23T05:00:00Z','OK')`);
    const [row] = await store.query<{ revenue: number; stock: number | null }>(
      'select revenue::float8 as revenue, stock from sku_daily where sku = $1',
      ['A1'],
    );
    expect(row).toEqual({ revenue: 900.5, stock: null });
  });

  it('rolls a transaction back when it throws', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.query(`insert into herald_meta (key, value) values ('tx-test', '1'::jsonb)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await store.query(`select 1 from herald_meta where key = 'tx-test'`);
    expect(rows).toHaveLength(0);
  });

  it('commits a transaction that succeeds', async () => {
    const out = await store.transaction(async (tx) => {
      await tx.query(`insert into herald_meta (key, value) values ('tx-ok', '2'::jsonb)`);
      return 'done';
    });
    expect(out).toBe('done');
    const rows = await store.query<{ value: number }>(`select value from herald_meta where key = 'tx-ok'`);
    expect(rows).toEqual([{ value: 2 }]);
  });

  it('gives an advisory lock to one holder at a time', async () => {
    const release = await store.tryAdvisoryLock(4242);
    expect(release).not.toBeNull();
    if (store.driver === 'postgres') {
      // A second session cannot take it while the first holds it.
      const second = await store.tryAdvisoryLock(4242);
      expect(second).toBeNull();
    }
    await release!();
    const again = await store.tryAdvisoryLock(4242);
    expect(again).not.toBeNull();
    await again!();
  });

  it('reports a missing table as an exception', async () => {
    await expect(store.query('select * from no_such_table')).rejects.toThrow(/no_such_table/);
  });
});
