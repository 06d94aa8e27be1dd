import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { generateDemo } from '../../../src/data/demo/generate-demo.js';
import { seedDemo } from '../../../src/data/demo/seed.js';
import type { Store } from '../../../src/data/store.js';
import { STORE_DRIVERS } from '../../helpers/databases.js';

const END = '2026-11-22';
// Small enough to stay fast on PGlite, long enough (≥ 35 days) to carry incidents.
const OPTIONS = { seed: 7, endDay: END, skus: 60, days: 45 };

/** A stream that records what is written, optionally pretending to be a terminal. */
function capture(isTTY: boolean): Writable & { text(): string; isTTY: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

const ROW_SQL = `select day::text as day, sku, title, category, units, orders, revenue::float8 as revenue, returns, stock,
  price::float8 as price, ad_spend::float8 as "adSpend", ad_clicks as "adClicks", ad_impressions as "adImpressions"
  from sku_daily order by day, sku`;

describe.each(STORE_DRIVERS)('seedDemo on $driver', (driver) => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await driver.open());
  });
  afterAll(async () => cleanup?.());

  it('stores exactly the generated rows, runs and incidents, and marks the database', async () => {
    const progress = capture(false);
    const result = await seedDemo(store, { ...OPTIONS, progress });
    const expected = generateDemo(OPTIONS);

    expect(result).toEqual({ skus: 60, days: 45, rows: expected.rows.length, incidents: expected.incidents.length });
    expect(await store.query(ROW_SQL)).toEqual(expected.rows);
    const runs = await store.query<{ n: number; last: string }>(
      `select count(*)::int as n, max(finished_at)::text as last from etl_runs where status = 'ok'`,
    );
    expect(runs[0]!.n).toBe(45);
    const incidents = await store.query(
      `select kind, sku, category, day_from::text as "from", day_to::text as "to", note from demo_incidents order by day_from, kind`,
    );
    expect(incidents).toHaveLength(expected.incidents.length);
    expect(incidents.map((i) => i.kind).sort()).toEqual(expected.incidents.map((i) => i.kind).sort());

    const [meta] = await store.query<{ value: { seed: number; endDay: string; rows: number; at: string } }>(
      `select value from herald_meta where key = 'demo_seeded'`,
    );
    expect(meta!.value).toMatchObject({ seed: 7, endDay: END, rows: expected.rows.length });
    expect(Number.isNaN(Date.parse(meta!.value.at))).toBe(false);

    // Not a terminal: one summary line, no control characters.
    expect(progress.text()).toMatch(/^demo data: \d+ rows \(60 SKUs × 45 days to 2026-11-22, seed 7\), \d+ labelled incidents in [\d.]+ s\n$/);
  });

  it('replaces the previous data when run again instead of adding to it', async () => {
    await store.query(`insert into etl_runs (finished_at, status) values (now(), 'ok')`);
    const result = await seedDemo(store, { ...OPTIONS, seed: 8 });
    const [count] = await store.query<{ n: number; keys: number }>(
      `select count(*)::int as n, count(distinct (day, sku))::int as keys from sku_daily`,
    );
    expect(count).toEqual({ n: result.rows, keys: result.rows });
    const [runs] = await store.query<{ n: number }>('select count(*)::int as n from etl_runs');
    expect(runs!.n).toBeGreaterThanOrEqual(45);
    expect(runs!.n).toBeLessThan(50);
    const [meta] = await store.query<{ value: { seed: number } }>(`select value from herald_meta where key = 'demo_seeded'`);
    expect(meta!.value.seed).toBe(8);
  });

  it('draws a progress bar on a terminal', async () => {
    const progress = capture(true);
    await seedDemo(store, { ...OPTIONS, progress });
    const text = progress.text();
    expect(text).toMatch(/\r\[#{20}\] 100% rows \d+\/\d+/);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(text).toMatch(/demo data: .*\n$/);
  });
});
