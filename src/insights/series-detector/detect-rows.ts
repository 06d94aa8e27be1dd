/** The detector's verdict per point, as `herald detect` prints it and `eval:nab` scores it. */
import type { SeriesPoint } from './csv.js';
import { DEFAULT_THRESHOLD, scoreSeries } from './detector.js';

export interface DetectedRow {
  readonly timestamp: string;
  readonly value: number;
  readonly score: number;
  readonly anomaly: boolean;
}

export function detectRows(points: readonly SeriesPoint[]): DetectedRow[] {
  const scores = scoreSeries(points);
  return points.map((p, i) => {
    const score = scores[i]!;
    return { timestamp: p.timestamp, value: p.value, score, anomaly: score >= DEFAULT_THRESHOLD };
  });
}
