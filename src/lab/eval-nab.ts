// `npm run eval:nab`: runs Herald's generic detector on every NAB file exactly as `herald detect`
// does, scores it by NAB's rules and prints it beside NAB's published scoreboard. Progress goes to
// stderr; the last line of stdout is one JSON object of figures.
//
// Data: ../shared/data/nab beside the repository, or $HERALD_SHARED_DATA/nab.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectRows } from '../insights/series-detector/detect-rows.js';
import { PUBLISHED, loadCorpus, loadPublishedScores, nabRoot } from './nab/corpus.js';
import { evaluateCorpus } from './nab/evaluate.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const root = nabRoot(repoRoot);
const started = performance.now();

const corpus = await loadCorpus(root).catch((err: Error) => {
  process.stderr.write(`eval:nab: cannot load NAB corpus from ${root}: ${err.message}\n`);
  process.exit(2);
});

const detectStart = performance.now();
const scores = corpus.files.map((f, i) => {
  process.stderr.write(`[${i + 1}/${corpus.files.length}] ${f.name}\n`);
  return detectRows(f.points).map((r) => r.score);
});
const detectSeconds = (performance.now() - detectStart) / 1000;
const herald = evaluateCorpus(corpus, scores);

// The scorer's own check: NAB's published windowed-Gaussian scores must give 39.6 / 20.9 / 47.4.
process.stderr.write('scoring NAB windowed-Gaussian results (scorer check)…\n');
const gaussian = evaluateCorpus(
  corpus,
  await Promise.all(corpus.files.map((f) => loadPublishedScores(root, 'windowedGaussian', f.name))),
);
const seconds = (performance.now() - started) / 1000;

const fig = (r: typeof herald) => ({
  standard: round(r.profiles.standard!.normalized),
  reward_low_FP_rate: round(r.profiles.reward_low_FP_rate!.normalized),
  reward_low_FN_rate: round(r.profiles.reward_low_FN_rate!.normalized),
});
function round(x: number): number {
  return Math.round(x * 100) / 100;
}

const ours = fig(herald);
const rows = [
  ...PUBLISHED.map((p) => ({ name: p.detector, s: p.standard, fp: p.lowFP, fn: p.lowFN, mark: '' })),
  { name: 'Herald generic detector', s: ours.standard, fp: ours.reward_low_FP_rate, fn: ours.reward_low_FN_rate, mark: ' ◀' },
].sort((a, b) => b.s - a.s);
const out: string[] = [];
out.push('NAB scores (0 = null detector, 100 = perfect)', '');
out.push(`${'detector'.padEnd(26)} ${'standard'.padStart(8)} ${'low FP'.padStart(8)} ${'low FN'.padStart(8)}`);
for (const r of rows) {
  out.push(`${r.name.padEnd(26)} ${r.s.toFixed(1).padStart(8)} ${r.fp.toFixed(1).padStart(8)} ${r.fn.toFixed(1).padStart(8)}${r.mark}`);
}
const g = fig(gaussian);
out.push(
  '',
  `thresholds (standard / low FP / low FN): ${['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']
    .map((p) => herald.profiles[p]!.threshold.toFixed(4))
    .join(' / ')}`,
  `scorer check, windowed Gaussian: ${g.standard} / ${g.reward_low_FP_rate} / ${g.reward_low_FN_rate} (published 39.6 / 20.9 / 47.4)`,
  `detector run: ${detectSeconds.toFixed(1)} s for ${corpus.files.length} files, ${scores.reduce((n, s) => n + s.length, 0)} points; total ${seconds.toFixed(1)} s`,
  '',
);
process.stdout.write(out.join('\n') + '\n');
process.stdout.write(
  JSON.stringify({
    ...ours,
    files: corpus.files.length,
    seconds: round(seconds),
    detect_seconds: round(detectSeconds),
    thresholds: {
      standard: herald.profiles.standard!.threshold,
      reward_low_FP_rate: herald.profiles.reward_low_FP_rate!.threshold,
      reward_low_FN_rate: herald.profiles.reward_low_FN_rate!.threshold,
    },
    windowed_gaussian_check: g,
  }) + '\n',
);
