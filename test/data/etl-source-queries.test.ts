/**
 * Ask Herald's tools through the Supabase door (supabase-js → the loopback PostgREST fake over a
 * real database, a 50-row cap so every period is paged) give the same results as through SQL on
 * the same data, on PGlite and Postgres — hostile rows (NaN, negative, a NULL ad spend) included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAskTools, type AskTools } from '../../src/ask/tools.js';
import { loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/data/demo/seed.js';
import { createSqlEtlQueries, openEtlQueries } from '../../src/data/etl-queries.js';
import type { Store } from '../../src/data/store.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { startPostgrestFake, type PostgrestFake } from '../fakes/postgrest-fake.js';

const KEY = 'sb_secret_test-key-0123456789';
const DAY = '2026-11-22';
const config = loadConfig({ env: {}, cwd: '/nonexistent' });

/** Tool calls a model would make, over the demo shop's last weeks. */
const CALLS: Array<[string, Record<string, unknown>]> = [
  ['sales_summary', { from: '2026-11-16', to: DAY }],
  ['sales_summary', { sku: 'BAD-NAN', from: '2026-11-01', to: DAY }],
  ['top_products', { metric: 'revenue', from: '2026-11-09', to: DAY, limit: 10 }],
  ['top_products', { metric: 'drr', from: '2026-11-09', to: DAY, limit: 10 }],
  ['top_products', { metric: 'returns', from: DAY, to: DAY, limit: 5 }],
  ['stock_cover', {}],
  ['ad_efficiency', { from: '2026-11-01', to: DAY }],
  ['compare_periods', { metric: 'units', a_from: '2026-11-09', a_to: '2026-11-15', b_from: '2026-11-16', b_to: DAY }],
  ['compare_periods', { metric: 'drr', a_from: '2026-11-09', a_to: '2026-11-15', b_from: '2026-11-16', b_to: DAY }],
];

for (const driver of STORE_DRIVERS) {
  describe(`ask tools through the Supabase door on ${driver.driver}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let fake: PostgrestFake;
    let sql: AskTools;
    let door: AskTools;

    beforeAll(async () => {
      ({ store, cleanup } = await driver.open());
      await seedDemo(store, { seed: 5, endDay: DAY, skus: 60, days: 30 });
      await store.query(
        `insert into sku_daily (day, sku, title, units, orders, revenue, returns, ad_spend, ad_clicks, stock)
         values ($1, 'BAD-NAN', 'Кружка NaN', 2, 2, 'NaN', 0, 10, null, 5), ($1, 'BAD-NEG', 'Минус', -3, 1, 10, 0, 0, 1, null)`,
        [DAY],
      );
      fake = await startPostgrestFake({ db: store, key: KEY, maxRows: 50 });
      sql = createAskTools({ source: createSqlEtlQueries(store, { relation: config.data.relation }), currency: 'RUB' });
      const opened = openEtlQueries({
        store, readonlyUrl: null, relation: config.data.relation,
        supabase: { url: fake.url, key: KEY, etlRunsRelation: config.data.etlRunsRelation },
      });
      door = createAskTools({ source: opened.source, currency: 'RUB' });
    }, 300_000);
    afterAll(async () => {
      await fake?.close();
      await cleanup?.();
    });

    it.each(CALLS)('%s %j gives the same result as SQL', async (name, args) => {
      const viaSql = await sql.run(name, JSON.stringify(args));
      fake.requests.length = 0;
      const viaApi = await door.run(name, JSON.stringify(args));
      expect(viaSql.status).toBe('ok');
      expect(viaApi).toEqual(viaSql);
      // Read through the API, past its row cap, filtered by day on the server.
      expect(fake.requests.length).toBeGreaterThan(0);
    }, 60_000);

    it('finds a product by a part of its title or its article, as SQL does', async () => {
      const [row] = await store.query<{ sku: string; title: string }>(`select sku, title from sku_daily where day = $1 and sku like 'D%' order by sku limit 1`, [DAY]);
      for (const query of [row!.sku, row!.title.split(' ')[0]!]) {
        const args = JSON.stringify({ query, limit: 5 });
        const viaApi = await door.run('search_products', args);
        const viaSql = await sql.run('search_products', args);
        expect(viaApi.status).toBe('ok');
        const skus = (o: typeof viaApi) => (o.status === 'ok' ? (o.result.items as Array<{ sku: string }>).map((p) => p.sku) : []);
        expect(skus(viaApi)).toContain(row!.sku);
        expect(skus(viaSql)).toContain(row!.sku);
      }
    }, 60_000);
  });
}
