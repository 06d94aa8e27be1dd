/**
 * `npm run bench:brief`: one day's brief over 10,000 SKUs × 365 days in the real Postgres.
 * Prints one JSON line on stdout ({rows, skus, seconds, rowsPerSec, …}) and a human line on stderr.
 * The data is loaded once and reused; the timing covers building the brief (queries + tags +
 * narrative template), measured over several runs after one warm-up.
 */
import { loadConfig } from '../src/config.js';
import { buildBrief } from '../src/brief/brief-service.js';
import { createPostgresStore } from '../src/data/postgres-store.js';
import { ensureBenchDatabase } from './bench-data.js';
import { fixedClock } from '../src/time/clock.js';

const skus = Number(process.env.BENCH_SKUS ?? 10_000);
const days = Number(process.env.BENCH_DAYS ?? 365);
const runs = Number(process.env.BENCH_RUNS ?? 5);

const { url, rows, endDay } = await ensureBenchDatabase({ skus, days });
const store = createPostgresStore({ url, max: 4 });
const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const deps = { store, config, narrator: null, clock: fixedClock(new Date(`${endDay}T06:00:00Z`)) };

await buildBrief(deps, { locale: 'ru' }); // warm-up: connections, plans, caches
const times: number[] = [];
let items = 0;
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  const brief = await buildBrief(deps, { locale: 'ru' });
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  items = brief.items.length;
}
await store.close();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const result = {
  bench: 'brief',
  rows,
  skus,
  days,
  seconds: Number(median.toFixed(4)),
  secondsMin: Number(times[0]!.toFixed(4)),
  secondsMax: Number(times[times.length - 1]!.toFixed(4)),
  rowsPerSec: Math.round(rows / median),
  briefItems: items,
  runs,
  goalSeconds: 1,
  meetsGoal: median < 1,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stderr.write(
  `brief over ${rows.toLocaleString('en')} rows (${skus} SKUs × ${days} days): median ${(median * 1000).toFixed(0)} ms ` +
    `(min ${(times[0]! * 1000).toFixed(0)}, max ${(times[times.length - 1]! * 1000).toFixed(0)}) — goal < 1 s: ${median < 1 ? 'met' : 'NOT met'}\n`,
);
