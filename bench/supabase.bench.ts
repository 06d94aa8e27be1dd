/**
 * `npm run bench:supabase`: the brief for 10,000 SKUs read through the Supabase door — supabase-js
 * over HTTP to the loopback PostgREST fake, which serves the bench database of `bench:brief`
 * (10,000 SKUs × 365 days in the real Postgres) with Supabase's default 1,000-row cap. Prints one
 * JSON line on stdout ({seconds, requests, rowsFetched, …}) and a human line on stderr; the same
 * brief through SQL is timed in the same run for the ratio. Goal: under 5 s.
 */
import { loadConfig } from '../src/config.js';
import { buildBrief } from '../src/brief/brief-service.js';
import { createSqlEtlSource } from '../src/data/etl-source.js';
import { createPostgresStore } from '../src/data/postgres-store.js';
import { createSupabaseEtlSource } from '../src/data/supabase-etl-source.js';
import { startPostgrestFake } from '../test/fakes/postgrest-fake.js';
import { ensureBenchDatabase } from './bench-data.js';
import { clockOf } from '../src/time/clock.js';

const skus = Number(process.env.BENCH_SKUS ?? 10_000);
const days = Number(process.env.BENCH_DAYS ?? 365);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const KEY = 'sb_secret_bench';

const { url, endDay } = await ensureBenchDatabase({ skus, days });
const store = createPostgresStore({ url, max: 8 });
const fake = await startPostgrestFake({ db: store, key: KEY, maxRows: 1000 });
const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const now = () => new Date(`${endDay}T06:00:00Z`);
const door = createSupabaseEtlSource({ url: fake.url, key: KEY, relations: config.data });
const sql = createSqlEtlSource(store, config.data);

const time = async (etl: typeof door) => {
  const t0 = process.hrtime.bigint();
  const brief = await buildBrief({ store, config, clock: clockOf({ now }), etl }, { locale: 'ru' });
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, brief };
};

await time(door); // warm-up: connections, plans, caches
const doorTimes: number[] = [];
const sqlTimes: number[] = [];
let requests = 0;
let items = 0;
let same = true;
for (let i = 0; i < runs; i++) {
  fake.requests.length = 0;
  const viaDoor = await time(door);
  requests = fake.requests.length;
  const viaSql = await time(sql);
  doorTimes.push(viaDoor.seconds);
  sqlTimes.push(viaSql.seconds);
  items = viaDoor.brief.items.length;
  same &&= JSON.stringify(viaDoor.brief) === JSON.stringify(viaSql.brief);
}
const failed = fake.requests.filter((r) => r.status >= 400).length;
await fake.close();
await store.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = median(doorTimes);
const sqlSeconds = median(sqlTimes);
const result = {
  bench: 'supabase',
  skus,
  days,
  seconds: Number(seconds.toFixed(3)),
  sqlSeconds: Number(sqlSeconds.toFixed(3)),
  ratioToSql: Number((seconds / sqlSeconds).toFixed(1)),
  requests,
  failedRequests: failed,
  maxRows: 1000,
  briefItems: items,
  sameBriefAsSql: same,
  runs,
  goalSeconds: 5,
  meetsGoal: seconds < 5,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stderr.write(
  `brief for ${skus.toLocaleString('en')} SKUs through the Supabase door: median ${seconds.toFixed(2)} s over ${requests} requests ` +
    `(SQL ${sqlSeconds.toFixed(2)} s, ×${result.ratioToSql}); same brief as SQL: ${same} — goal < 5 s: ${seconds < 5 ? 'met' : 'NOT met'}\n`,
);
