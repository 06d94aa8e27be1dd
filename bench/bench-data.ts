/**
 * The large data set the brief and scan benchmarks run on: N SKUs × D days in the machine's real
 * Postgres, in a database of its own (default `herald_bench`), generated once in SQL and reused
 * while its shape matches. Long-tailed popularity, weekly seasonality, stock and ads.
 */
import postgres from 'postgres';
import { migrate } from '../src/data/migrate.js';
import { createPostgresStore } from '../src/data/postgres-store.js';

export interface BenchDataOptions {
  skus?: number;
  days?: number;
  /** Last day of data (default 2026-11-22). */
  endDay?: string;
  /** Database name (default herald_bench). */
  database?: string;
  adminUrl?: string;
  log?: (line: string) => void;
}

export async function ensureBenchDatabase(options: BenchDataOptions = {}): Promise<{ url: string; rows: number; endDay: string }> {
  const skus = options.skus ?? 10_000;
  const days = options.days ?? 365;
  const endDay = options.endDay ?? '2026-11-22';
  const name = options.database ?? 'herald_bench';
  const adminUrl = options.adminUrl ?? process.env.HERALD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }

  const store = createPostgresStore({ url, max: 3 });
  // Two benchmarks started at once must not both generate: the second waits for the first.
  let release = await store.tryAdvisoryLock(7261099);
  while (!release) {
    await new Promise((r) => setTimeout(r, 2000));
    release = await store.tryAdvisoryLock(7261099);
  }
  try {
    await migrate(store);
    const shape = { skus, days, endDay, version: 1 };
    // jsonb reorders keys, so compare field by field rather than as JSON text.
    const sameShape = (v: unknown) => {
      const o = v as Partial<typeof shape> | null;
      return o !== null && typeof o === 'object' && o.skus === skus && o.days === days && o.endDay === endDay && o.version === shape.version;
    };
    const [meta] = await store.query<{ value: unknown }>(`select value from herald_meta where key = 'bench_data'`);
    if (meta && sameShape(meta.value)) {
      const [{ n }] = (await store.query<{ n: number }>('select count(*)::int as n from sku_daily')) as [{ n: number }];
      return { url, rows: n, endDay };
    }
    log(`bench data: generating ${skus} SKUs × ${days} days in ${name} (once; reused afterwards)…`);
    const started = Date.now();
    // Resumable: an interrupted generation continues after the last chunk it finished.
    const [progress] = await store.query<{ value: { shape: unknown; done: number } }>(`select value from herald_meta where key = 'bench_data_progress'`);
    let resumeFrom = 1;
    if (progress && sameShape(progress.value.shape)) {
      resumeFrom = progress.value.done + 1;
      await store.query(`delete from sku_daily where sku > $1`, [`SKU${String(progress.value.done).padStart(6, '0')}`]);
    } else {
      await store.exec('truncate sku_daily; truncate etl_runs');
    }
    await store.exec('drop index if exists sku_daily_day_idx; drop index if exists sku_daily_sku_day_idx');
    // One INSERT … SELECT per chunk of SKUs keeps memory flat and lets progress be shown.
    const chunk = 1000;
    for (let from = resumeFrom; from <= skus; from += chunk) {
      const to = Math.min(skus, from + chunk - 1);
      await store.query(
        `insert into sku_daily (day, sku, title, category, units, orders, revenue, returns, stock, price, ad_spend, ad_clicks, ad_impressions)
         select d, 'SKU' || lpad(s::text, 6, '0'), 'Товар №' || s, 'Категория ' || (s % 25),
                u, greatest(u - (h % 3), 0), round((u * p)::numeric, 2), (u * (h % 7) / 100)::int,
                greatest(0, 400 - ((extract(doy from d)::int * u) % 420)), p,
                case when s % 3 = 0 then round((u * p * (0.05 + (h % 11) / 100.0))::numeric, 2) else 0 end,
                case when s % 3 = 0 then u * 12 else null end, case when s % 3 = 0 then u * 400 else null end
           from generate_series($1::int, $2::int) s
           cross join generate_series($3::date - ($4::int - 1), $3::date, interval '1 day') g(ts)
           cross join lateral (select g.ts::date as d) dd
           cross join lateral (select abs(hashtext(s::text || ':' || d::text)) as h) hh
           cross join lateral (select (300 + (s * 37) % 2700)::numeric as p) pp
           cross join lateral (select floor((60.0 / power(s, 0.6)) * (case extract(dow from d) when 0 then 0.7 when 6 then 0.8 else 1.05 end)
                                 * (0.6 + (h % 1000) / 1250.0))::int as u) uu`,
        [from, to, endDay, days],
      );
      await store.query(
        `insert into herald_meta (key, value) values ('bench_data_progress', $1::text::jsonb) on conflict (key) do update set value = excluded.value`,
        [JSON.stringify({ shape, done: to })],
      );
      log(`bench data: ${to}/${skus} SKUs`);
    }
    await store.exec('create index sku_daily_day_idx on sku_daily (day); create index sku_daily_sku_day_idx on sku_daily (sku, day)');
    // A daily ETL appends a day at a time, so a day's rows sit together on disk; generating SKU by
    // SKU scatters them. Cluster by day to measure what a real relation looks like.
    await store.exec('cluster sku_daily using sku_daily_day_idx; analyze sku_daily');
    await store.query(`insert into etl_runs (started_at, finished_at, status) values ($1::date + interval '1 day 3 hours', $1::date + interval '1 day 4 hours', 'ok')`, [endDay]);
    await store.query(
      `insert into herald_meta (key, value) values ('bench_data', $1::text::jsonb) on conflict (key) do update set value = excluded.value, updated_at = now()`,
      [JSON.stringify(shape)],
    );
    const [{ n }] = (await store.query<{ n: number }>('select count(*)::int as n from sku_daily')) as [{ n: number }];
    log(`bench data: ${n} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { url, rows: n, endDay };
  } finally {
    await release();
    await store.close();
  }
}
