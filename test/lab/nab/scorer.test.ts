import { describe, expect, it, beforeAll } from 'vitest';
import { resolve } from 'node:path';
import { loadCorpus, loadPublishedScores, nabRoot, type NabCorpus } from '../../../src/lab/nab/corpus.js';
import { evaluateCorpus } from '../../../src/lab/nab/evaluate.js';
import { scoreProfile } from '../../../src/lab/nab/scorer.js';
import { calcSweepScore, scaledSigmoid, scoreDataSet } from '../../../src/lab/nab/sweeper.js';
import { hasSharedData } from '../../helpers/shared-data.js';

const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const minutes = (n: number) => Array.from({ length: n }, (_, i) => i * 300_000);

describe('NAB sweeper', () => {
  it('weights a detection by its position in the window with the scaled sigmoid', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it('counts only the earliest detection in a window and charges every false positive', () => {
    const ts = minutes(100);
    const windows = [[ts[40]!, ts[49]!] as const];
    const scores = ts.map(() => 0);
    scores[40] = 1; // first point of the window: full credit
    scores[45] = 1; // later in the same window: ignored
    scores[20] = 1; // before any window: -fpWeight
    const row = scoreDataSet(ts, scores, windows, 'f', 0.5, standard, 0);
    expect(row.score).toBeCloseTo(1 - 0.11, 10);
    expect(row.tp).toBe(2);
    expect(row.fp).toBe(1);
  });

  it('charges a missed window its false-negative weight', () => {
    const ts = minutes(100);
    const row = scoreDataSet(ts, ts.map(() => 0), [[ts[40]!, ts[49]!]], 'f', 0.5, { ...standard, fnWeight: 2 }, 0);
    expect(row.score).toBe(-2);
  });

  it('ignores the probationary first 15 % of a file', () => {
    const ts = minutes(100);
    const rows = calcSweepScore(ts, ts.map(() => 0), [], 'f', standard);
    expect(rows.filter((r) => r.windowName === 'probationary')).toHaveLength(15);
  });
});

describe.skipIf(!hasSharedData)('NAB corpus scoring', () => {
  let corpus: NabCorpus;
  beforeAll(async () => {
    corpus = await loadCorpus(nabRoot(resolve(import.meta.dirname, '..', '..', '..')));
  });

  it('loads all 58 files and 116 windows', () => {
    expect(corpus.files).toHaveLength(58);
    expect(corpus.windowCount).toBe(116);
  });

  it('reproduces NAB\'s published windowed-Gaussian scores 39.6 / 20.9 / 47.4', async () => {
    const scores = await Promise.all(corpus.files.map((f) => loadPublishedScores(corpus.root, 'windowedGaussian', f.name)));
    const r = evaluateCorpus(corpus, scores);
    expect(Math.abs(r.profiles.standard!.normalized - 39.6)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.profiles.reward_low_FP_rate!.normalized - 20.9)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(r.profiles.reward_low_FN_rate!.normalized - 47.4)).toBeLessThanOrEqual(0.5);
  });

  it('scores a detector that never fires 0 and one that fires at each window start 100', () => {
    const files = corpus.files.map((f) => ({
      name: f.name,
      timestamps: f.points.map((p) => p.time.getTime()),
      windows: f.windows,
      scores: f.points.map(() => 0),
    }));
    for (const [name, cost] of Object.entries(corpus.profiles)) {
      expect(scoreProfile(files, name, cost, corpus.windowCount).normalized).toBeCloseTo(0, 10);
    }
    const perfect = files.map((f) => ({
      ...f,
      scores: f.timestamps.map((t) => (f.windows.some(([a]) => a === t) ? 1 : 0)),
    }));
    for (const [name, cost] of Object.entries(corpus.profiles)) {
      expect(scoreProfile(perfect, name, cost, corpus.windowCount).normalized).toBeCloseTo(100, 6);
    }
  });
});
