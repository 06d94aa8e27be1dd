// Port of NAB's nab/sweeper.py (v1.1, the scorer behind NAB's published scoreboard). Each row of a
// file gets a "sweep score" — what it would add if it were a detection — and sweeping the
// threshold from high to low over rows sorted by anomaly score yields the score at every
// threshold at once. Kept faithful to NAB, quirks included (see comments), so that published
// detectors' raw scores reproduce their published figures.

export interface CostMatrix {
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

/** NAB ignores the first 15 % of each file (capped at 750 rows) while detectors warm up. */
export const PROBATION_PERCENT = 0.15;

/** A window's limits as epoch milliseconds; both ends are timestamps of rows of the file. */
export type WindowLimits = readonly [number, number];

export const PROBATIONARY = 'probationary';

export interface AnomalyRow {
  readonly anomalyScore: number;
  readonly sweepScore: number;
  /** `file|windowStart` inside a window, null outside any, PROBATIONARY during probation. */
  readonly windowName: string | null;
}

export interface ThresholdScore {
  readonly threshold: number;
  readonly score: number;
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly total: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * NAB's scaled sigmoid of a relative position: −1 (left edge of a window) → 0.987, 0 (right edge)
 * → 0, +1 (a window's width past it) → −0.987; at 3 and beyond a plain −1.
 */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3.0) return -1.0;
  return 2 * sigmoid(-5 * relativePosition) - 1.0;
}

export function probationaryLength(numRows: number, percent = PROBATION_PERCENT): number {
  return Math.min(Math.floor(percent * numRows), percent * 5000);
}

/** Sweep score of every row of one file (NAB's Sweeper.calcSweepScore). */
export function calcSweepScore(
  timestamps: readonly number[],
  anomalyScores: readonly number[],
  windowLimits: readonly WindowLimits[],
  dataSetName: string,
  cost: CostMatrix,
  probationPercent = PROBATION_PERCENT,
): AnomalyRow[] {
  if (timestamps.length !== anomalyScores.length) {
    throw new Error(`${dataSetName}: ${timestamps.length} timestamps but ${anomalyScores.length} scores`);
  }
  const windows = [...windowLimits];
  const rows: AnomalyRow[] = [];
  const maxTP = scaledSigmoid(-1.0);
  const probation = probationaryLength(timestamps.length, probationPercent);
  const indexOf = (t: number, what: string): number => {
    const i = timestamps.indexOf(t);
    if (i < 0) throw new Error(`${dataSetName}: window ${what} ${new Date(t).toISOString()} is not a row`);
    return i;
  };

  let cur: WindowLimits | null = null;
  let curName: string | null = null;
  let curWidth = 0;
  let curRight = 0;
  let prevWidth = 0;
  let prevRight: number | null = null;

  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i]!;
    const next = windows[0];
    if (next && t === next[0]) {
      cur = windows.shift()!;
      curName = `${dataSetName}|${cur[0]}`;
      curRight = indexOf(cur[1], 'end');
      curWidth = curRight - indexOf(cur[0], 'start') + 1;
    }
    let weighted: number;
    if (cur !== null) {
      // NAB's "+ 1" means a detection never sits exactly at position 0; kept for fidelity.
      const position = -(curRight - i + 1) / curWidth;
      weighted = (scaledSigmoid(position) * cost.tpWeight) / maxTP;
    } else {
      const position = prevRight === null ? 3.0 : Math.abs(prevRight - i) / (prevWidth - 1);
      weighted = scaledSigmoid(position) * cost.fpWeight;
    }
    rows.push({
      anomalyScore: anomalyScores[i]!,
      sweepScore: weighted,
      windowName: i >= probation ? curName : PROBATIONARY,
    });
    if (cur !== null && t === cur[1]) {
      prevRight = i;
      prevWidth = curWidth;
      cur = null;
      curName = null;
    }
  }
  return rows;
}

/**
 * Score at every distinct threshold (NAB's Sweeper.calcScoreByThreshold): the first row is the
 * 1.1 threshold (nothing detected, every window a false negative); each next row lowers the
 * threshold to the next distinct anomaly score, so a row means "detect every score ≥ threshold".
 * Only the best (earliest-scoring) detection of a window counts; every false positive counts.
 */
export function calcScoreByThreshold(anomalyList: readonly AnomalyRow[], cost: CostMatrix): ThresholdScore[] {
  const scorable = anomalyList
    .filter((r) => r.windowName !== PROBATIONARY)
    .sort((a, b) => b.anomalyScore - a.anomalyScore); // stable, as Python's sorted
  const windowParts = new Map<string, number>();
  for (const r of scorable) if (r.windowName !== null) windowParts.set(r.windowName, -cost.fnWeight);
  let fpPart = 0;
  let windowTotal = 0;
  for (const v of windowParts.values()) windowTotal += v;

  let tn = 0;
  let fn = 0;
  for (const r of scorable) r.windowName === null ? tn++ : fn++;
  let tp = 0;
  let fp = 0;
  let threshold = 1.1;
  const out: ThresholdScore[] = [];
  const save = (): void => {
    out.push({ threshold, score: fpPart + windowTotal, tp, tn, fp, fn, total: tp + tn + fp + fn });
  };
  for (const r of scorable) {
    if (r.anomalyScore !== threshold) {
      save();
      threshold = r.anomalyScore;
    }
    if (r.windowName === null) {
      fp++;
      tn--;
      fpPart += r.sweepScore;
    } else {
      tp++;
      fn--;
      const old = windowParts.get(r.windowName)!;
      if (r.sweepScore > old) {
        windowParts.set(r.windowName, r.sweepScore);
        windowTotal += r.sweepScore - old;
      }
    }
  }
  save();
  return out;
}

/**
 * The score of one file at a given threshold (NAB's Sweeper.scoreDataSet): the row of that exact
 * threshold, or else of the lowest threshold above it. NAB returns nothing when the threshold is
 * below every score of the file; that means "everything detected", so the last row is used.
 */
export function scoreDataSet(
  timestamps: readonly number[],
  anomalyScores: readonly number[],
  windowLimits: readonly WindowLimits[],
  dataSetName: string,
  threshold: number,
  cost: CostMatrix,
  probationPercent = PROBATION_PERCENT,
): ThresholdScore {
  const rows = calcSweepScore(timestamps, anomalyScores, windowLimits, dataSetName, cost, probationPercent);
  const byThreshold = calcScoreByThreshold(rows, cost);
  let prev: ThresholdScore | undefined;
  for (const s of byThreshold) {
    if (s.threshold === threshold) return s;
    if (s.threshold < threshold) return prev ?? s;
    prev = s;
  }
  return byThreshold[byThreshold.length - 1]!;
}
