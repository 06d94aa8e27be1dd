/**
 * `npm run eval:scan`: recall and precision of the marketplace detectors on incidents planted by a
 * seeded injector (`src/lab/scan/inject.ts`, kept apart from the detectors) into the clean demo
 * shop, and false alerts per 1,000 SKU-days on the real UCI retail data where nothing is planted.
 * One JSON line on stdout; a table on stderr. Env: EVAL_SEED, EVAL_ROUNDS, EVAL_SKUS.
 */
import { loadConfig } from '../config.js';
import { readRetailRows, retailCsvPath } from '../data/retail/retail-import.js';
import { cleanBase } from './scan/clean-base.js';
import { scorePlanted, scoreUnplanted } from './scan/evaluate.js';

const seed = Number(process.env.EVAL_SEED ?? 1);
const rounds = Number(process.env.EVAL_ROUNDS ?? 6);
const skus = Number(process.env.EVAL_SKUS ?? 1000);
const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.detectors;

const base = cleanBase({ seed, skus, days: 100, endDay: '2026-11-22' });
const planted = scorePlanted(base, thresholds, { rounds, perKind: 3, seed });
const demoQuiet = scoreUnplanted(base.rows, thresholds);
const retail = scoreUnplanted(await readRetailRows(retailCsvPath()), thresholds);

process.stdout.write(`${JSON.stringify({ eval: 'scan', seed, rounds, recall: planted.recall, precision: planted.precision, perKind: planted.perKind, backgroundPer1000: planted.backgroundPer1000, demoFalsePer1000: demoQuiet.per1000, retail })}\n`);

const pct = (x: number | null) => (x === null ? '   —' : `${(x * 100).toFixed(0).padStart(3)}%`);
const lines = [
  `kind             planted  found  recall  alerts  precision  subtle fired`,
  ...Object.entries(planted.perKind).map(([k, s]) =>
    `${k.padEnd(16)} ${String(s.planted).padStart(7)} ${String(s.detected).padStart(6)} ${pct(s.recall).padStart(7)} ${String(s.alerts).padStart(7)} ${pct(s.precision).padStart(10)}  ${s.subtleFired}/${s.subtlePlanted}`),
  `overall: recall ${pct(planted.recall)}, precision ${pct(planted.precision)}; alerts on unplanted SKUs ${planted.backgroundPer1000} per 1,000 SKU-days`,
  `clean demo shop, every day after warm-up: ${demoQuiet.alerts} alerts in ${demoQuiet.skuDays} SKU-days = ${demoQuiet.per1000} per 1,000`,
  `UCI retail (France), nothing planted: ${retail.alerts} alerts in ${retail.skuDays} SKU-days over ${retail.days} days = ${retail.per1000} per 1,000 ${JSON.stringify(retail.byKind)}; bad rows skipped ${retail.badRows}`,
];
process.stderr.write(`${lines.join('\n')}\n`);
