import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadCorpus, loadPublishedScores } from '../../src/lab/nab/corpus.js';
import { optimizeThreshold } from '../../src/lab/nab/scorer.js';
import { createMemoryRecordings } from '../../src/lab/recordings.js';
import { runBench } from '../../src/lab/run-bench.js';
import { cleanBase } from '../../src/lab/scan/clean-base.js';
import { scorePlanted } from '../../src/lab/scan/evaluate.js';
import { loadSuites } from '../../src/lab/suites/index.js';
import { windowF1 } from '../../src/lab/suites/detect.js';
import { fakeConfig } from '../router/harness.js';
import { SHARED_DATA, hasSharedData } from '../helpers/shared-data.js';

/** A slice: three NAB files (one without windows) and two planting rounds in a 150-SKU shop. */
const FILES = ['artificialNoAnomaly/art_daily_no_noise.csv', 'artificialWithAnomaly/art_daily_jumpsup.csv', 'realAdExchange/exchange-2_cpc_results.csv'];
const PLANTED = { seed: 3, skus: 150, days: 100, endDay: '2026-11-22', rounds: 2, perKind: 2 };

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function sliceRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'herald-detect-suite-'));
  mkdirSync(join(root, 'bench', 'suites'), { recursive: true });
  writeFileSync(join(root, 'bench', 'suites', 'detect.json'), JSON.stringify({ nab: { files: FILES }, planted: PLANTED }));
  return root;
}

describe('window F1 of a NAB file', () => {
  const file = { timestamps: Array.from({ length: 100 }, (_, i) => i), windows: [[40, 45], [70, 72]] as Array<readonly [number, number]> };
  const alarmsAt = (...at: number[]) => file.timestamps.map((t) => (at.includes(t) ? 1 : 0));
  it('counts windows found, windows missed and runs of false alarms after probation', () => {
    // Probation is the first 15 rows: an alarm at 3 is not counted; 20–22 is one false alarm run, 90 another.
    expect(windowF1(file, alarmsAt(3, 20, 21, 22, 41, 42, 90), 0.5)).toEqual({ score: (2 * 1) / (2 + 2 + 1), schemaValid: null, metrics: { found: 1, missed: 1, falseAlarms: 2 } });
    expect(windowF1({ ...file, windows: [] }, alarmsAt(3), 0.5).score).toBe(1);
    expect(windowF1(file, alarmsAt(40, 72), 0.5).score).toBe(1);
  });
});

describe.skipIf(!hasSharedData)('suite detect on a slice (NAB files and planted demo incidents)', () => {
  it('scores the detectors as local candidates in the same table, each on its kind of case', async () => {
    const suites = (await loadSuites()).filter((s) => s.name === 'detect');
    const outcome = await runBench({
      config: fakeConfig('http://127.0.0.1:9/v1', {}), suites,
      context: { sharedDataDir: SHARED_DATA, rootDir: sliceRoot(), store: null }, recordings: createMemoryRecordings(),
    });
    const by = Object.fromEntries(outcome.runs.map((r) => [r.model, r.summary()]));
    expect(outcome.runs.map((r) => [r.model, r.kind])).toEqual([
      ['series-detector', 'local'], ['nab:windowedGaussian', 'local'], ['null-detector', 'local'], ['shop-detectors', 'local'],
    ]);
    for (const name of ['series-detector', 'nab:windowedGaussian', 'null-detector']) expect(by[name]).toMatchObject({ cases: 3, costUsd: 0, schemaValidRate: null, errorRate: 0 });

    // The null detector finds nothing and raises nothing: only the file without windows scores 1.
    expect(by['null-detector']).toMatchObject({ quality: round6(1 / 3), metrics: { found: 0, missed: round6(2 / 3), falseAlarms: 0 } });

    // The windowed-Gaussian threshold is NAB's standard-profile optimum over the slice's published scores.
    const corpus = await loadCorpus(join(SHARED_DATA, 'nab'));
    const files = corpus.files.filter((f) => FILES.includes(f.name));
    const scored = await Promise.all(
      files.map(async (f) => ({ name: f.name, timestamps: f.points.map((p) => p.time.getTime()), windows: f.windows, scores: await loadPublishedScores(corpus.root, 'windowedGaussian', f.name) })),
    );
    const { threshold } = optimizeThreshold(scored, corpus.profiles.standard!);
    expect(by['nab:windowedGaussian']!.metrics.threshold).toBe(round6(threshold));
    const expected = scored.map((f) => windowF1(f, f.scores, threshold).score);
    expect(by['nab:windowedGaussian']!.quality).toBeCloseTo(expected.reduce((s, x) => s + x, 0) / 3, 6);

    // Planted incidents: the same rounds the scan evaluation plays, found and missed counts agree with it.
    const shop = by['shop-detectors']!;
    expect(shop).toMatchObject({ cases: PLANTED.rounds, costUsd: 0 });
    const thresholds = loadConfig({ env: {}, cwd: '/nonexistent' }).thresholds.detectors;
    const evaluation = scorePlanted(cleanBase(PLANTED), thresholds, { rounds: PLANTED.rounds, perKind: PLANTED.perKind, seed: PLANTED.seed });
    const skuKinds = Object.entries(evaluation.perKind).filter(([k]) => k !== 'etl_stale').map(([, s]) => s);
    const detected = skuKinds.reduce((s, k) => s + k.detected, 0);
    const planted = skuKinds.reduce((s, k) => s + k.planted, 0);
    expect(detected).toBeGreaterThan(0);
    expect(shop.metrics.found! * PLANTED.rounds).toBeCloseTo(detected, 9);
    expect(shop.metrics.missed! * PLANTED.rounds).toBeCloseTo(planted - detected, 9);
    expect(shop.quality!).toBeGreaterThan(0);
  }, 120_000);
});
