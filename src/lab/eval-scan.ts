/**
 * `npm run eval:scan`: recall and precision of the marketplace detectors on incidents planted by a
 * seeded injector (`src/lab/scan/inject.ts`, kept apart from the detectors) into the clean demo
 * shop — best-sellers, mid-volume SKUs, deep price cuts and whole categories — and false alerts per
 * 1,000 SKU-days on the real UCI retail data where nothing is planted. Alerts on the simulation's
 * own stock-outs and promotions count as true, not false. One JSON line on stdout; a table and the
 * goals on stderr. Env: EVAL_SEED, EVAL_ROUNDS, EVAL_SHOPS (demo shops side by side, default 4),
 * EVAL_SKUS (per shop, default 300).
 */
import { loadConfig } from '../config.js';
import { readRetailRows, retailCsvPath } from '../data/retail/retail-import.js';
import { cleanBase } from './scan/clean-base.js';
import { scorePlanted, scoreUnplanted } from './scan/evaluate.js';

const seed = Number(process.env.EVAL_SEED ?? 1);
const rounds = Number(process.env.EVAL_ROUNDS ?? 6);
const skus = Number(process.env.EVAL_SKUS ?? 300);
const shops = Number(process.env.EVAL_SHOPS ?? 4);
const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.detectors;

/** Issue 10's goals for the scan. */
const GOALS = { recall: 0.95, precision: 0.8, retailFalsePer1000: 3 };

const base = cleanBase({ seed, skus, shops, days: 100, endDay: '2026-11-22' });
const planted = scorePlanted(base, thresholds, { rounds, perKind: 3, seed });
const demoQuiet = scoreUnplanted(base.rows, thresholds, { events: base.events });
const retail = scoreUnplanted(await readRetailRows(retailCsvPath()), thresholds);
const goals = {
  recall: planted.recall >= GOALS.recall,
  precision: planted.precision >= GOALS.precision,
  retail: retail.per1000 <= GOALS.retailFalsePer1000,
};

process.stdout.write(`${JSON.stringify({ eval: 'scan', seed, rounds, shops, skusPerShop: skus, recall: planted.recall, precision: planted.precision, alerts: planted.alerts, falseAlerts: planted.falseAlerts, perKind: planted.perKind, perRecipe: planted.perRecipe, backgroundPer1000: planted.backgroundPer1000, demoFalsePer1000: demoQuiet.per1000, demo: demoQuiet, retail, goals })}\n`);

const pct = (x: number | null) => (x === null ? '   —' : `${(x * 100).toFixed(0).padStart(3)}%`);
const ok = (pass: boolean) => (pass ? 'met' : 'NOT met');
const lines = [
  `kind             planted  found  recall  alerts  true  explained  false  precision  subtle fired`,
  ...Object.entries(planted.perKind).map(([k, s]) =>
    `${k.padEnd(16)} ${String(s.planted).padStart(7)} ${String(s.detected).padStart(6)} ${pct(s.recall).padStart(7)} ${String(s.alerts).padStart(7)} ${String(s.hits).padStart(5)} ${String(s.explained).padStart(10)} ${String(s.falseAlerts).padStart(6)} ${pct(s.precision).padStart(10)}  ${s.subtleFired}/${s.subtlePlanted}`),
  `by recipe: ${Object.entries(planted.perRecipe).map(([r, s]) => `${r} ${s.detected}/${s.planted} (subtle fired ${s.subtleFired}/${s.subtlePlanted})`).join('; ')}`,
  `overall: recall ${pct(planted.recall)}, precision ${pct(planted.precision)} (${planted.falseAlerts} false of ${planted.alerts}); false alerts on unplanted SKUs ${planted.backgroundPer1000} per 1,000 SKU-days`,
  `clean demo shop, every day after warm-up: ${demoQuiet.alerts} alerts in ${demoQuiet.skuDays} SKU-days, ${demoQuiet.explained} on the simulation's own stock-outs/promotions, ${demoQuiet.falseAlerts} false = ${demoQuiet.per1000} per 1,000 ${JSON.stringify(demoQuiet.byKind)}`,
  `UCI retail (France), nothing planted: ${retail.alerts} alerts in ${retail.skuDays} SKU-days over ${retail.days} days = ${retail.per1000} per 1,000 ${JSON.stringify(retail.byKind)}; bad rows skipped ${retail.badRows}`,
  `goals: recall ≥ ${GOALS.recall} ${ok(goals.recall)}; precision ≥ ${GOALS.precision} ${ok(goals.precision)}; retail ≤ ${GOALS.retailFalsePer1000} false per 1,000 SKU-days ${ok(goals.retail)}`,
];
process.stderr.write(`${lines.join('\n')}\n`);
