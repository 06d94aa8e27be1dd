/**
 * k-fold split for the learned policies: every item lands in exactly one fold, so each is scored
 * by a model trained on the other folds only (SPEC §5: curves cover every question, held out).
 * The split is a seeded shuffle, so a run is reproducible.
 */

import { createRandom } from '../../data/demo/random.js';

/** The demo generator's seeded PRNG (mulberry32): same seed, same sequence, on every machine. */
export function seededRandom(seed: number): () => number {
  return createRandom(seed).next;
}

/** The fold (0 … k−1) of each of `n` items; fold sizes differ by at most one. */
export function assignFolds(n: number, k: number, seed: number): number[] {
  if (k < 2 || k > n) throw new Error(`folds: need 2 ≤ k ≤ n, got k=${k}, n=${n}`);
  const order = Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fold = new Array<number>(n);
  order.forEach((item, position) => (fold[item] = position % k));
  return fold;
}

/** Out-of-fold predictions: item i's score comes from `train` on the items of every other fold. */
export function crossValidate<T>(
  items: readonly T[],
  folds: readonly number[],
  train: (training: readonly T[]) => (item: T) => number,
): number[] {
  const k = Math.max(...folds) + 1;
  const scores = new Array<number>(items.length);
  for (let f = 0; f < k; f += 1) {
    const predict = train(items.filter((_, i) => folds[i] !== f));
    items.forEach((item, i) => {
      if (folds[i] === f) scores[i] = predict(item);
    });
  }
  return scores;
}
