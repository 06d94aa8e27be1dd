// Loads NAB's corpus from the shared data directory: data files, labelled windows, profiles and
// published raw results. The only I/O of the NAB evaluation.

import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sharedDataDir } from '../../data/shared-data.js';
import { parseSeriesCsv, parseTimestamp, type SeriesPoint } from '../../insights/series-detector/csv.js';
import type { CostMatrix, WindowLimits } from './sweeper.js';

export interface NabFile {
  /** Path relative to the data directory, e.g. `realTweets/Twitter_volume_AAPL.csv`. */
  readonly name: string;
  readonly points: SeriesPoint[];
  readonly windows: WindowLimits[];
}

export interface NabCorpus {
  readonly root: string;
  readonly files: NabFile[];
  readonly profiles: Record<string, CostMatrix>;
  /** All windows in the labels file: NAB's "perfect" score counts them. */
  readonly windowCount: number;
}

export function nabRoot(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(sharedDataDir(env, repoRoot), 'nab');
}

function toMillis(stamp: string, where: string): number {
  const d = parseTimestamp(stamp);
  if (!d) throw new Error(`${where}: bad timestamp "${stamp}"`);
  return d.getTime();
}

export async function loadCorpus(root: string): Promise<NabCorpus> {
  const windowsJson = JSON.parse(
    await readFile(join(root, 'labels', 'combined_windows.json'), 'utf8'),
  ) as Record<string, [string, string][]>;
  const profilesJson = JSON.parse(await readFile(join(root, 'config', 'profiles.json'), 'utf8')) as Record<
    string,
    { CostMatrix: CostMatrix }
  >;
  const profiles: Record<string, CostMatrix> = {};
  for (const [name, p] of Object.entries(profilesJson)) profiles[name] = p.CostMatrix;

  const names: string[] = [];
  for (const dir of (await readdir(join(root, 'data'), { withFileTypes: true })).filter((d) => d.isDirectory())) {
    for (const f of await readdir(join(root, 'data', dir.name))) if (f.endsWith('.csv')) names.push(`${dir.name}/${f}`);
  }
  names.sort();

  const files: NabFile[] = [];
  for (const name of names) {
    const parsed = parseSeriesCsv(await readFile(join(root, 'data', name), 'utf8'));
    if (!parsed.ok) throw new Error(`${name} row ${parsed.error.row}: ${parsed.error.message}`);
    const windows = (windowsJson[name] ?? []).map(
      ([a, b]) => [toMillis(a, name), toMillis(b, name)] as const satisfies WindowLimits,
    );
    files.push({ name, points: parsed.points, windows });
  }
  const windowCount = Object.values(windowsJson).reduce((n, w) => n + w.length, 0);
  return { root, files, profiles, windowCount };
}

/** NAB's published raw scores of a detector for one file (`results/<detector>/<cat>/<detector>_<file>`). */
export async function loadPublishedScores(root: string, detector: string, name: string): Promise<number[]> {
  const [category, file] = name.split('/') as [string, string];
  const text = await readFile(join(root, 'results', detector, category, `${detector}_${file}`), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',');
  const col = header.indexOf('anomaly_score');
  if (col < 0) throw new Error(`${detector}/${name}: no anomaly_score column`);
  return lines.slice(1).map((l) => Number(l.split(',')[col]));
}

/** NAB's published scoreboard (standard / low FP / low FN), from NAB's README. */
export const PUBLISHED: ReadonlyArray<{ detector: string; standard: number; lowFP: number; lowFN: number }> = [
  { detector: 'perfect', standard: 100, lowFP: 100, lowFN: 100 },
  { detector: 'ARTime', standard: 74.9, lowFP: 65.1, lowFN: 80.4 },
  { detector: 'Numenta HTM', standard: 70.1, lowFP: 63.1, lowFN: 74.3 },
  { detector: 'CAD OSE', standard: 69.9, lowFP: 67.0, lowFN: 73.2 },
  { detector: 'earthgecko Skyline', standard: 58.2, lowFP: 46.2, lowFN: 63.8 },
  { detector: 'KNN CAD', standard: 58.0, lowFP: 43.4, lowFN: 64.8 },
  { detector: 'Random Cut Forest', standard: 51.7, lowFP: 38.4, lowFN: 59.7 },
  { detector: 'Twitter ADVec', standard: 47.1, lowFP: 33.6, lowFN: 53.5 },
  { detector: 'windowed Gaussian', standard: 39.6, lowFP: 20.9, lowFN: 47.4 },
  { detector: 'Etsy Skyline', standard: 35.7, lowFP: 27.1, lowFN: 44.5 },
  { detector: 'null (never fires)', standard: 0, lowFP: 0, lowFN: 0 },
];
