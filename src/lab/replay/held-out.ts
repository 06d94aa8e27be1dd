/**
 * The honest version of a learned policy's 95 % point: the curve's at95 picks the escalation
 * rate after seeing every outcome. Here the rate is chosen on the training folds only (from
 * scores cross-validated inside them), then applied to the held-out fold scored by a model
 * trained on all the training folds; the outcomes of the held-out folds are summed.
 */
import { assignFolds, crossValidate } from './folds.js';
import { cascadePoint, routePoint, type CurvePoint, type PairItem } from './policy-curves.js';

export interface HeldOutOptions<T> {
  policy: string;
  kind: 'cascade' | 'route';
  items: readonly PairItem[];
  /** What the learner sees of each item (question text, the cheap answer's features…). */
  inputs: readonly T[];
  folds: readonly number[];
  seed: number;
  /** Trains on examples and returns a scorer (higher = send to the strong model). */
  train: (training: ReadonlyArray<{ input: T; item: PairItem }>) => (input: T) => number;
  /** The quality to reach, as a share of the strong model's on the training folds (0.95). */
  share: number;
}

export interface HeldOutResult {
  point: CurvePoint;
  /** The escalation (or routing) rate chosen on each fold's training data. */
  rates: number[];
}

function flagTop(scores: readonly number[], rate: number): boolean[] {
  const k = Math.round(rate * scores.length);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const flagged = new Array<boolean>(scores.length).fill(false);
  for (const i of order.slice(0, k)) flagged[i] = true;
  return flagged;
}

/** The smallest rate (in 1 % steps) at which the policy reaches the target on these items (also how the router's `learned` check picks its threshold). */
export function rateFor(kind: 'cascade' | 'route', items: readonly PairItem[], scores: readonly number[], share: number): number {
  const strong = items.reduce((a, it) => a + it.strongQuality, 0) / items.length;
  for (let s = 0; s <= 100; s += 1) {
    const flagged = flagTop(scores, s / 100);
    const p = kind === 'cascade' ? cascadePoint('', items, flagged) : routePoint('', items, flagged);
    if (p.quality >= share * strong - 1e-12) return s / 100;
  }
  return 1;
}

export function heldOutPoint<T>(o: HeldOutOptions<T>): HeldOutResult {
  const k = Math.max(...o.folds) + 1;
  const flagged = new Array<boolean>(o.items.length).fill(false);
  const rates: number[] = [];
  const all = o.items.map((item, i) => ({ input: o.inputs[i]!, item }));
  for (let f = 0; f < k; f += 1) {
    const training = all.filter((_, i) => o.folds[i] !== f);
    // Five inner folds: enough to pick a rate, and a sixth of the training runs of k − 1.
    const inner = assignFolds(training.length, Math.min(5, k - 1), o.seed + f + 1);
    const innerScores = crossValidate(training, inner, (t) => {
      const score = o.train(t);
      return (x) => score(x.input);
    });
    const rate = rateFor(o.kind, training.map((t) => t.item), innerScores, o.share);
    rates.push(rate);
    const score = o.train(training);
    const held = all.map((x, i) => ({ x, i })).filter(({ i }) => o.folds[i] === f);
    const top = flagTop(held.map(({ x }) => score(x.input)), rate);
    held.forEach(({ i }, j) => (flagged[i] = top[j]!));
  }
  const point = o.kind === 'cascade' ? cascadePoint(o.policy, o.items, flagged) : routePoint(o.policy, o.items, flagged);
  return { point, rates };
}
