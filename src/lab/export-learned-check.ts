// `npm run lab:learned-check [-- --out FILE]`: trains the router's `learned` escalate check on the
// GSM8K replay data ($HERALD_SHARED_DATA/replay, else ../shared/data/replay beside the repository)
// and writes its weights (default src/router/learned-check.json, which is committed). Prints one
// JSON line of figures and one human line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, sharedDataDir } from '../data/shared-data.js';
import { loadGsm8k } from './replay/gsm8k-data.js';
import { learnedCheck } from '../router/learned-check.js';
import { exportLearnedCheck } from './replay/learned-check-export.js';
import { loadReplaySuite } from './replay/replay-suite.js';

const root = repoRoot();
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 && process.argv[outAt + 1] ? process.argv[outAt + 1]! : join(root, 'src', 'router', 'learned-check.json');
const dir = join(sharedDataDir(), 'replay');
let items;
try {
  items = loadGsm8k(dir);
} catch (err) {
  process.stderr.write(`lab:learned-check: cannot read the GSM8K replay data under ${dir}: ${(err as Error).message} (set HERALD_SHARED_DATA)\n`);
  process.exit(2);
}
const started = performance.now();
const { file, model, inputs } = exportLearnedCheck(items, loadReplaySuite(join(root, 'bench', 'suites', 'gsm8k-replay.json')));
// What the 16-bit weights cost: the largest score difference against the trained model, and decisions flipped.
const exported = learnedCheck(file);
let maxScoreDiff = 0;
let flipped = 0;
inputs.forEach((features, i) => {
  const full = model.predict(features);
  const s = exported.scoreFeatures(features);
  maxScoreDiff = Math.max(maxScoreDiff, Math.abs(s - full));
  if (s > file.threshold !== full > file.threshold) flipped += 1;
});
const json = `${JSON.stringify(file)}\n`;
writeFileSync(out, json);
const figures = {
  questions: items.length, threshold: file.threshold, escalationRate: file.escalationRate, maxScoreDiff, flipped,
  bytes: Buffer.byteLength(json), seconds: Math.round((performance.now() - started) / 100) / 10, out,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.stdout.write(
  `learned check: 16-bit weights (score within ${maxScoreDiff.toExponential(1)} of the trained model, ${flipped} decisions flipped), threshold ${file.threshold.toFixed(4)}, escalates ${(file.escalationRate * 100).toFixed(1)} % of ${items.length} questions in CV; wrote ${out}\n`,
);
