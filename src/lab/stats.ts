/**
 * The statistics the lab reports: 95 % intervals (Wilson for rates, a seeded percentile bootstrap
 * for means), percentiles, and macro-F1. Pure functions over numbers.
 */
import { createRandom } from '../data/demo/random.js';

const Z95 = 1.959963984540054;

/** Wilson score interval for `successes` of `n` (95 %); [0, 0] for n = 0. Behaves at 0 % and 100 %, unlike the normal interval. */
export function wilson(successes: number, n: number): [number, number] {
  if (n === 0) return [0, 0];
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Percentile bootstrap of the mean (95 %), `resamples` draws from a seeded generator, so the same
 * scores always give the same interval.
 */
export function bootstrapMean(values: ArrayLike<number>, seed = 12, resamples = 2000): [number, number] {
  const n = values.length;
  if (n === 0) return [0, 0];
  const rng = createRandom(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rng.next() * n)]!;
    means[b] = sum / n;
  }
  means.sort();
  return [quantileSorted(means, 0.025), quantileSorted(means, 0.975)];
}

/** True when every value is 0 or 1: the quality is then a rate and gets Wilson's interval. */
export function isBinary(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0 && values[i] !== 1) return false;
  return true;
}

/** The 95 % interval of a quality: Wilson for 0/1 scores, bootstrap of the mean otherwise. */
export function qualityInterval(values: ArrayLike<number>, seed = 12): [number, number] {
  if (isBinary(values)) {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i]!;
    return wilson(s, values.length);
  }
  return bootstrapMean(values, seed);
}

/** Linear-interpolated quantile of sorted values (the R-7 / numpy default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/**
 * Macro-F1 over the labels that occur as expected or predicted: the unweighted mean of per-label
 * F1, so a rare topic counts as much as a common one. `pairs` is expected → predicted → count.
 */
export function macroF1(confusion: ReadonlyMap<string, ReadonlyMap<string, number>>): number {
  const labels = new Set<string>();
  for (const [e, row] of confusion) {
    labels.add(e);
    for (const p of row.keys()) labels.add(p);
  }
  labels.delete('');
  if (labels.size === 0) return 0;
  let sum = 0;
  for (const label of labels) {
    const tp = confusion.get(label)?.get(label) ?? 0;
    let fp = 0;
    let fn = 0;
    for (const [e, row] of confusion) {
      for (const [p, n] of row) {
        if (p === label && e !== label) fp += n;
        if (e === label && p !== label) fn += n;
      }
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / labels.size;
}
