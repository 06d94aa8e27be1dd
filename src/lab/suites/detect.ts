/**
 * Suite `detect` (no model): the anomaly detectors as candidates in the same table as the models.
 * Two kinds of case, named in `bench/suites/detect.json`:
 *  - `nab`: one NAB file each (shared data, `nab/`; absent → these cases are skipped). Candidates:
 *    Herald's generic series detector (as `herald detect` runs it), NAB's published
 *    windowed-Gaussian scores, and the null detector. Each candidate's threshold is the one NAB's
 *    optimiser picks for the standard profile over the suite's files (NAB's protocol, the same for
 *    every detector); a case scores the window F1 at it: a labelled window is found when an alarm
 *    falls inside it, and each run of alarms outside every window (after NAB's probation) is one
 *    false alarm. A file without windows and without false alarms scores 1.
 *  - `planted`: one round each of the scan evaluation — clear and sub-threshold incidents planted
 *    by `src/lab/scan/inject.ts` into the clean demo shop. Candidate: the shop's detectors
 *    (`detectAnomalies`, default thresholds), judged exactly as `npm run eval:scan` judges them
 *    (`scorePlanted`): a round scores the F1 of clear incidents found against alerts that neither
 *    a clear incident nor a simulated event (stock-out, promotion) explains.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../config.js';
import { parseSeriesCsv, parseTimestamp } from '../../insights/series-detector/csv.js';
import { scoreSeries } from '../../insights/series-detector/detector.js';
import { loadPublishedScores } from '../nab/corpus.js';
import { optimizeThreshold, type ScoredFile } from '../nab/scorer.js';
import { probationaryLength, type CostMatrix, type WindowLimits } from '../nab/sweeper.js';
import { cleanBase, type CleanBase } from '../scan/clean-base.js';
import { scorePlanted } from '../scan/evaluate.js';
import type { CaseScore, LocalCandidate, Suite, SuiteCase } from '../suite.js';

/** One NAB file: its values, labelled windows, and where NAB's published results live. */
export interface NabSeries {
  root: string;
  name: string;
  timestamps: number[];
  values: number[];
  windows: WindowLimits[];
}

export type DetectCase =
  | (SuiteCase & { type: 'nab'; file: NabSeries })
  | (SuiteCase & { type: 'planted'; round: number });

interface DetectSuiteFile {
  /** NAB files (paths under `nab/data/`), or `"all"`. */
  nab: { files: string[] | 'all' };
  /** The scan evaluation's clean demo shop and how many planting rounds (one case each). */
  planted: { seed: number; skus: number; days: number; endDay: string; rounds: number; perKind: number };
}

/** Window F1 of alarms (`score ≥ threshold`) on one NAB file. */
export function windowF1(file: Pick<ScoredFile, 'timestamps' | 'windows'>, scores: readonly number[], threshold: number): CaseScore {
  const start = probationaryLength(file.timestamps.length);
  const inWindow = (t: number) => file.windows.findIndex(([a, b]) => t >= a && t <= b);
  const found = new Set<number>();
  let falseAlarms = 0;
  let inFalseRun = false;
  for (let i = start; i < file.timestamps.length; i++) {
    const alarm = scores[i]! >= threshold;
    const w = alarm ? inWindow(file.timestamps[i]!) : -1;
    if (alarm && w >= 0) found.add(w);
    if (alarm && w < 0 && !inFalseRun) falseAlarms += 1;
    inFalseRun = alarm && w < 0;
  }
  const tp = found.size;
  const fn = file.windows.length - tp;
  return f1Score(tp, falseAlarms, fn);
}

function f1Score(tp: number, fp: number, fn: number): CaseScore {
  const f1 = tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);
  return { score: f1, schemaValid: null, metrics: { found: tp, missed: fn, falseAlarms: fp } };
}

function loadNab(root: string, names: string[] | 'all'): NabSeries[] {
  const windows = JSON.parse(readFileSync(join(root, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, [string, string][]>;
  const list = names === 'all' ? Object.keys(windows).sort() : names;
  return list.map((name) => {
    const parsed = parseSeriesCsv(readFileSync(join(root, 'data', name), 'utf8'));
    if (!parsed.ok) throw new Error(`nab/data/${name} row ${parsed.error.row}: ${parsed.error.message}`);
    const ms = (s: string) => parseTimestamp(s)!.getTime();
    return {
      root, name,
      timestamps: parsed.points.map((p) => p.time.getTime()),
      values: parsed.points.map((p) => p.value),
      windows: (windows[name] ?? []).map(([a, b]) => [ms(a), ms(b)] as WindowLimits),
    };
  });
}

/**
 * A NAB candidate: in `prepare`, scores every file of the run and takes NAB's standard-profile
 * threshold over them; then each case scores its file again (so the case's latency is the
 * detector's time on that file) and is that file's window F1 at the threshold.
 */
function nabCandidate(name: string, nabCases: Array<Extract<DetectCase, { type: 'nab' }>>, standard: CostMatrix, scoresOf: (f: NabSeries) => Promise<number[]>): LocalCandidate<DetectCase> {
  let threshold = 0;
  return {
    name,
    handles: (c) => c.type === 'nab',
    async prepare() {
      const files: ScoredFile[] = [];
      for (const c of nabCases) files.push({ name: c.file.name, timestamps: c.file.timestamps, windows: c.file.windows, scores: await scoresOf(c.file) });
      threshold = optimizeThreshold(files, standard).threshold;
    },
    async run(c) {
      if (c.type !== 'nab') throw new Error('detect: a NAB candidate got a planted case');
      const s = windowF1(c.file, await scoresOf(c.file), threshold);
      return { ...s, metrics: { ...s.metrics, threshold } };
    },
  };
}

/**
 * The shop's detectors on one planting round of the scan evaluation (`scorePlanted`, the same
 * recipes, mid-volume and category rounds and judging): clear SKU and category incidents found vs
 * missed, and alerts that no clear incident or simulated event explains.
 */
export function scorePlantedRound(base: CleanBase, seed: number, round: number, perKind: number): CaseScore {
  const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.detectors;
  const score = scorePlanted(base, thresholds, { rounds: 1, perKind, seed, only: round });
  const kinds = Object.entries(score.perKind).filter(([kind]) => kind !== 'etl_stale').map(([, k]) => k);
  const tp = kinds.reduce((s, k) => s + k.detected, 0);
  const fn = kinds.reduce((s, k) => s + k.planted, 0) - tp;
  const fp = kinds.reduce((s, k) => s + k.falseAlerts, 0);
  return f1Score(tp, fp, fn);
}

const detectSuite: Suite<DetectCase> = {
  name: 'detect',
  route: null,
  description: 'anomaly detectors (no model): window F1 on NAB files, F1 on incidents planted in the demo shop',
  hasSchema: false,
  operation: 'none',
  async load(ctx) {
    const spec = JSON.parse(readFileSync(join(ctx.rootDir, 'bench', 'suites', 'detect.json'), 'utf8')) as DetectSuiteFile;
    const root = join(ctx.sharedDataDir, 'nab');
    const cases: DetectCase[] = [];
    if (existsSync(join(root, 'labels', 'combined_windows.json'))) {
      for (const file of loadNab(root, spec.nab.files)) cases.push({ id: `nab:${file.name}`, type: 'nab', file });
    }
    for (let round = 0; round < spec.planted.rounds; round++) cases.push({ id: `planted:${spec.planted.seed}:${round}`, type: 'planted', round });
    if (cases.length === 0) return { absent: 'no NAB data and no planted rounds' };
    return { cases };
  },
  async run() {
    throw new Error('detect: no model runs this suite');
  },
  localCandidates(ctx, cases) {
    const spec = JSON.parse(readFileSync(join(ctx.rootDir, 'bench', 'suites', 'detect.json'), 'utf8')) as DetectSuiteFile;
    const nab = cases.filter((c): c is Extract<DetectCase, { type: 'nab' }> => c.type === 'nab');
    const out: LocalCandidate<DetectCase>[] = [];
    if (nab.length > 0) {
      const standard = (JSON.parse(readFileSync(join(nab[0]!.file.root, 'config', 'profiles.json'), 'utf8')) as Record<string, { CostMatrix: CostMatrix }>).standard!.CostMatrix;
      const points = (f: NabSeries) => f.timestamps.map((t, i) => ({ time: new Date(t), value: f.values[i]! }));
      out.push(
        nabCandidate('series-detector', nab, standard, async (f) => scoreSeries(points(f))),
        nabCandidate('nab:windowedGaussian', nab, standard, (f) => loadPublishedScores(f.root, 'windowedGaussian', f.name)),
        nabCandidate('null-detector', nab, standard, async (f) => f.timestamps.map(() => 0)),
      );
    }
    const p = spec.planted;
    let base: CleanBase | undefined;
    out.push({
      name: 'shop-detectors',
      handles: (c) => c.type === 'planted',
      async prepare() {
        base = cleanBase({ seed: p.seed, skus: p.skus, days: p.days, endDay: p.endDay });
      },
      async run(c) {
        if (c.type !== 'planted') throw new Error('detect: the shop detectors got a NAB case');
        return scorePlantedRound(base!, p.seed, c.round, p.perKind);
      },
    });
    return out;
  },
};
export default detectSuite;
