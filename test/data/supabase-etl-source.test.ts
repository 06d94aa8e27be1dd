/**
 * The Supabase door: the ETL source read through supabase-js from a loopback PostgREST fake that
 * serves the rows of a real database gives exactly what SQL gives on the same database — the same
 * brief JSON, the same scan rows, freshness and series — on both stores, past the row cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildBrief } from '../../src/brief/brief-service.js';
import { seedDemo } from '../../src/data/demo/seed.js';
import { createSqlEtlSource, type EtlSource } from '../../src/data/etl-source.js';
import type { Store } from '../../src/data/store.js';
import type { DailyPoint } from '../../src/insights/types.js';
import { createSupabaseEtlSource, microsecondsUtc } from '../../src/data/supabase-etl-source.js';
import { STORE_DRIVERS } from '../helpers/databases.js';
import { startPostgrestFake, type PostgrestFake } from '../fakes/postgrest-fake.js';
import { clockOf } from '../../src/time/clock.js';

const KEY = 'sb_secret_test-key-0123456789';
const DAY = '2026-11-22';
const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const now = () => new Date(`${DAY}T06:30:00Z`);
const relations = config.data;

for (const driver of STORE_DRIVERS) {
  describe(`the Supabase door on ${driver.driver}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let fake: PostgrestFake;
    let sql: EtlSource;
    let door: EtlSource;

    beforeAll(async () => {
      ({ store, cleanup } = await driver.open());
      await seedDemo(store, { seed: 11, endDay: DAY, skus: 120, days: 30 });
      // Hostile rows the brief must report the same way through both doors.
      await store.query(
        `insert into sku_daily (day, sku, title, units, orders, revenue, returns, ad_spend, price)
         values ($1, 'BAD-NAN', 'NaN', 1, 1, 'NaN', 0, 0, null), ($1, 'BAD-DUP', 'Дубль', 1, 1, 50, 0, 0, 'Infinity'),
                ($1, 'BAD-DUP', 'Дубль', 1, 1, 60, 0, 0, 10), ($1, 'BAD-NEG', 'Минус', -3, 1, 10, 0, 0, 5)`,
        [DAY],
      );
      // A cap well under a day's 120 rows, so every day is read in several pages.
      fake = await startPostgrestFake({ db: store, key: KEY, maxRows: 50 });
      sql = createSqlEtlSource(store, relations);
      door = createSupabaseEtlSource({ url: fake.url, key: KEY, relations });
    }, 300_000);
    afterAll(async () => {
      await fake?.close();
      await cleanup?.();
    });

    it('builds the same brief JSON through the API as through SQL', async () => {
      const viaSql = await buildBrief({ store, config, clock: clockOf({ now }), etl: sql }, { locale: 'ru' });
      fake.requests.length = 0;
      const viaApi = await buildBrief({ store, config, clock: clockOf({ now }), etl: door }, { locale: 'ru' });
      expect(viaApi.date).toBe(DAY);
      expect(viaApi.badRows.map((r) => r.sku).sort()).toEqual(['BAD-DUP', 'BAD-DUP', 'BAD-NAN', 'BAD-NEG']);
      expect(JSON.parse(JSON.stringify(viaApi))).toEqual(JSON.parse(JSON.stringify(viaSql)));
      // 28 days of totals and 8 days of rows at 120+ rows a day do not fit in 50-row answers.
      expect(fake.requests.length).toBeGreaterThan(36 * 3);
      expect(fake.requests.every((r) => r.status === 200 || r.status === 206)).toBe(true);
    });

    it('sends the key as apikey and bearer, filters on the server and pages with Range', async () => {
      fake.requests.length = 0;
      await door.rows(DAY, DAY);
      const pages = fake.requests.filter((r) => r.relation === 'sku_daily' && r.query.get('day') !== 'is.null');
      expect(fake.requests.filter((r) => r.query.get('day') === 'is.null')).toHaveLength(1);
      expect(pages.length).toBe(3);
      for (const r of pages) {
        expect(r.headers.apikey).toBe(KEY);
        expect(r.headers.authorization).toBe(`Bearer ${KEY}`);
        expect(r.query.get('day')).toBe(`eq.${DAY}`);
        expect(r.query.get('order')).toBe('sku.asc');
      }
      expect(pages[0]!.headers.range).toBe('0-999');
      expect(pages.slice(1).map((r) => r.headers.range).sort()).toEqual(['100-149', '50-99']);
      expect(pages[0]!.headers.prefer).toContain('count=exact');
    });

    it('reads the scan rows, a SKU series and the ETL freshness the same way', async () => {
      const back = [0, 1, 2, 7, 14, 21];
      const key = (r: { day: string | null; sku: string | null; revenue: number | null }) => `${r.day}|${r.sku}|${r.revenue}`;
      expect((await door.scanRows(DAY, back)).map(key).sort()).toEqual((await sql.scanRows(DAY, back)).map(key).sort());
      const [sku] = (await sql.rows(DAY, DAY)).map((r) => r.sku).sort();
      expect(await door.skuSeries(sku!, DAY, 20)).toEqual(await sql.skuSeries(sku!, DAY, 20));
      expect(await door.etlFreshness()).toEqual(await sql.etlFreshness());
      expect(await door.latestFinishedRun()).toBe(await sql.latestFinishedRun());
      expect(await door.dayRange()).toEqual(await sql.dayRange());
      // Summed here rather than by Postgres: equal up to the order of float additions.
      const cents = (points: DailyPoint[]) => points.map((p) => ({ ...p, revenue: p.revenue.toFixed(6), adSpend: p.adSpend.toFixed(6) }));
      expect(cents(await door.dailyTotals('2026-11-01', DAY))).toEqual(cents(await sql.dailyTotals('2026-11-01', DAY)));
    });

    it('reports a refused key with the API message and never the key', async () => {
      const wrong = createSupabaseEtlSource({ url: fake.url, key: 'sb_secret_wrong', relations });
      const err = await wrong.dayRange().then(() => null, (e: Error) => e);
      expect(err?.message).toMatch(/Invalid API key/);
      expect(err?.message).not.toContain('sb_secret');
    });

    it('names a relation the API does not know, with PostgREST code', async () => {
      const missing = createSupabaseEtlSource({ url: fake.url, key: KEY, relations: { ...relations, relation: 'sku_dialy' } });
      await expect(missing.dayRange()).rejects.toThrow(/sku_dialy.*PGRST205/);
    });
  });
}

describe('PostgREST timestamps', () => {
  it('keeps microseconds and converts offsets to UTC', () => {
    expect(microsecondsUtc('2026-11-23T08:12:09.123456+03:00')).toBe('2026-11-23T05:12:09.123456Z');
    expect(microsecondsUtc('2026-11-23T05:12:09+00:00')).toBe('2026-11-23T05:12:09.000000Z');
    expect(microsecondsUtc('2026-11-23T05:12:09.5+05')).toBe('2026-11-23T00:12:09.500000Z');
  });
});
