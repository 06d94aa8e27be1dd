// Corpus-level NAB scoring: NAB's optimizer.py (one threshold per profile over the whole corpus,
// an exact sweep over every distinct score), scorer.py's scoreCorpus (each file scored at that
// threshold, summed) and runner.py's normalize (null detector = 0, perfect = 100).

import {
  calcScoreByThreshold,
  calcSweepScore,
  scoreDataSet,
  type AnomalyRow,
  type CostMatrix,
  type WindowLimits,
} from './sweeper.js';

/** One corpus file with a detector's scores for it. */
export interface ScoredFile {
  /** Path relative to the data directory, e.g. `realTweets/Twitter_volume_AAPL.csv`. */
  readonly name: string;
  readonly timestamps: readonly number[];
  readonly scores: readonly number[];
  readonly windows: readonly WindowLimits[];
}

export interface ProfileResult {
  readonly profile: string;
  readonly threshold: number;
  /** Sum of the files' raw scores at the threshold. */
  readonly rawScore: number;
  readonly nullScore: number;
  readonly perfectScore: number;
  /** 100 · (raw − null) / (perfect − null). */
  readonly normalized: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly perFile: ReadonlyArray<{ readonly name: string; readonly score: number }>;
}

/** The threshold that maximises the corpus score (NAB's optimizeThreshold). Ties keep the highest. */
export function optimizeThreshold(
  files: readonly ScoredFile[],
  cost: CostMatrix,
): { threshold: number; score: number } {
  const all: AnomalyRow[] = [];
  for (const f of files) {
    for (const row of calcSweepScore(f.timestamps, f.scores, f.windows, f.name, cost)) all.push(row);
  }
  const byThreshold = calcScoreByThreshold(all, cost);
  let best = byThreshold[0]!;
  for (const s of byThreshold) if (s.score > best.score) best = s;
  return { threshold: best.threshold, score: best.score };
}

/** Each file scored at one threshold (NAB's scoreCorpus). */
export function scoreCorpus(files: readonly ScoredFile[], threshold: number, cost: CostMatrix) {
  return files.map((f) => ({
    name: f.name,
    ...scoreDataSet(f.timestamps, f.scores, f.windows, f.name, threshold, cost),
  }));
}

/** The null detector (never fires) scored the same way — NAB's normalisation baseline. */
export function nullScore(files: readonly ScoredFile[], cost: CostMatrix): number {
  const nulls = files.map((f) => ({ ...f, scores: f.scores.map(() => 0) }));
  const { threshold } = optimizeThreshold(nulls, cost);
  return scoreCorpus(nulls, threshold, cost).reduce((s, r) => s + r.score, 0);
}

/**
 * Optimise, score and normalise one profile. `windowCount` is the number of labelled windows
 * (NAB's perfect score is that count times tpWeight).
 */
export function scoreProfile(
  files: readonly ScoredFile[],
  profile: string,
  cost: CostMatrix,
  windowCount = files.reduce((n, f) => n + f.windows.length, 0),
): ProfileResult {
  const { threshold } = optimizeThreshold(files, cost);
  const perFile = scoreCorpus(files, threshold, cost);
  const rawScore = perFile.reduce((s, r) => s + r.score, 0);
  const base = nullScore(files, cost);
  const perfect = windowCount * cost.tpWeight;
  return {
    profile,
    threshold,
    rawScore,
    nullScore: base,
    perfectScore: perfect,
    normalized: (100 * (rawScore - base)) / (perfect - base),
    tp: perFile.reduce((s, r) => s + r.tp, 0),
    fp: perFile.reduce((s, r) => s + r.fp, 0),
    fn: perFile.reduce((s, r) => s + r.fn, 0),
    perFile: perFile.map((r) => ({ name: r.name, score: r.score })),
  };
}
