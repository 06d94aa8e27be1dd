/**
 * `npm run bench:trial`: the trial's goal as figures — on GSM8K (Mixtral-8x7B → GPT-4-1106,
 * recorded answers), the cost of each routing policy at 95 % of GPT-4's accuracy as a share of
 * always-GPT-4's, the learned cascade's held-out point (goal: ≤ 0.60), and MT-Bench's at95.
 * Prints one JSON line and one human-readable line. Reads ../shared/data/replay.
 */
import { join } from 'node:path';
import { repoRoot, sharedDataDir } from '../src/data/shared-data.js';
import { loadGsm8k } from '../src/lab/replay/gsm8k-data.js';
import { runGsm8kTrial } from '../src/lab/replay/gsm8k-trial.js';
import { loadMtBench } from '../src/lab/replay/mtbench-data.js';
import { runMtBenchTrial } from '../src/lab/replay/mtbench-trial.js';
import { loadReplaySuite } from '../src/lab/replay/replay-suite.js';

const dir = join(sharedDataDir(), 'replay');
const suite = (name: string) => loadReplaySuite(join(repoRoot(), 'bench', 'suites', `${name}.json`));
const started = performance.now();
const gsm8k = runGsm8kTrial(loadGsm8k(dir), suite('gsm8k-replay'));
const mtbench = runMtBenchTrial(loadMtBench(dir), suite('mtbench-replay'));
const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
const shares = (at95: Record<string, { costShare: number | null }>) => Object.fromEntries(Object.entries(at95).map(([p, a]) => [p, round(a.costShare)]));
const quality = Object.fromEntries(gsm8k.runs.map((r) => [r.model, round(r.quality)]));
const goal = gsm8k.at95['cascade:learned@held-out']!.costShare;
const figures = {
  gsm8k: { quality, at95: shares(gsm8k.at95) },
  mtbench: { quality: Object.fromEntries(mtbench.runs.filter((r) => r.quality !== null).map((r) => [r.model, round(r.quality)])), at95: shares(mtbench.at95) },
  goal: { heldOutCostShare: round(goal), limit: 0.6, met: goal !== null && goal <= 0.6 },
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.stdout.write(
  `GSM8K at 95 % of GPT-4-1106: learned cascade ${(100 * (gsm8k.at95['cascade:learned']!.costShare ?? NaN)).toFixed(1)} % of always-GPT-4's cost ` +
    `(held-out ${(100 * (goal ?? NaN)).toFixed(1)} %, goal ≤ 60 %: ${figures.goal.met ? 'met' : 'not met'}), router on the question ${(100 * (gsm8k.at95['router:question']!.costShare ?? NaN)).toFixed(1)} %, ` +
    `random ${(100 * (gsm8k.at95.random!.costShare ?? NaN)).toFixed(1)} %, oracle ${(100 * (gsm8k.at95.oracle!.costShare ?? NaN)).toFixed(1)} %; ` +
    `MT-Bench router ${(100 * (mtbench.at95['router:question']!.costShare ?? NaN)).toFixed(1)} %\n`,
);
