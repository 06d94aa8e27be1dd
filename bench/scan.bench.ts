/**
 * `npm run bench:scan`: the daily anomaly scan of the latest day against a year of history for
 * 10,000 SKUs in the real Postgres (data loaded once by `bench-data.ts` and reused). The scan reads
 * only the days its detectors use (the last 15 days and the same weekday of 6 earlier weeks), runs
 * the detectors in JS, and stores the alerts in one batched upsert.
 * Prints one JSON line on stdout and a human line on stderr. `seconds` is the first scan of the day
 * (every alert inserted); `rescanSeconds` the median of the re-runs (every alert updated).
 */
import { runScan } from '../src/alerts/run-scan.js';
import { loadConfig } from '../src/config.js';
import { createPostgresStore } from '../src/data/postgres-store.js';
import { ensureBenchDatabase } from './bench-data.js';

const skus = Number(process.env.BENCH_SKUS ?? 10_000);
const days = Number(process.env.BENCH_DAYS ?? 365);
const runs = Number(process.env.BENCH_RUNS ?? 3);

const { url, rows, endDay } = await ensureBenchDatabase({ skus, days });
const store = createPostgresStore({ url, max: 4 });
const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const now = new Date(`${endDay}T23:00:00Z`);
const deps = { store, config };

await store.exec('truncate alerts, alert_events restart identity cascade');
const t0 = process.hrtime.bigint();
const first = await runScan(deps, { now });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const rescans: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = process.hrtime.bigint();
  await runScan(deps, { now });
  rescans.push(Number(process.hrtime.bigint() - t) / 1e9);
}
await store.close();
rescans.sort((a, b) => a - b);
const rescan = rescans[Math.floor(rescans.length / 2)] ?? 0;
const byKind: Record<string, number> = {};
for (const a of first.alerts) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;

const result = {
  bench: 'scan',
  skus,
  days,
  rows,
  date: first.date,
  seconds: Number(seconds.toFixed(3)),
  rescanSeconds: Number(rescan.toFixed(3)),
  alerts: first.alerts.length,
  byKind,
  skusScanned: first.skus,
  goalSeconds: 5,
  meetsGoal: seconds < 5,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.stderr.write(
  `scan of ${first.date} over ${rows.toLocaleString('en')} rows (${skus} SKUs × ${days} days): ${seconds.toFixed(2)} s first, ` +
    `${rescan.toFixed(2)} s rescan; ${first.alerts.length} alerts — goal < 5 s: ${seconds < 5 ? 'met' : 'NOT met'}\n`,
);
