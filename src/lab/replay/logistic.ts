/**
 * A small logistic regression over hashed word n-grams plus a few dense features — the learned
 * router of the trial (RouteLLM's simplest routers are of this kind). Hashing keeps it free of a
 * vocabulary file; training is plain SGD with L2 in a seeded order, so it is deterministic.
 */
import { DEFAULT_BUCKETS, type Features } from '../../router/learned-features.js';
import { seededRandom } from './folds.js';

// The features live with the router's `learned` escalate check, which must score exactly as trained.
export { mergeFeatures, textFeatures, withDense, type Features } from '../../router/learned-features.js';

export interface Example {
  features: Features;
  /** 1 when the event to predict happened (e.g. the cheap model was wrong). */
  label: 0 | 1;
}

export interface LogisticOptions {
  /** Hash buckets for n-grams (default 2^16). */
  buckets?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/** A trained model: its parameters (what the router's `learned` check is exported from) and its scorer. */
export interface LogisticModel {
  bias: number;
  weights: Float64Array;
  predict: (features: Features) => number;
}

/** Trains on `examples`; returns P(label = 1) for a feature vector. */
export function trainLogistic(examples: readonly Example[], options: LogisticOptions = {}): (features: Features) => number {
  return trainLogisticModel(examples, options).predict;
}

/** Trains on `examples`: plain SGD with L2, in a seeded order (deterministic). */
export function trainLogisticModel(examples: readonly Example[], options: LogisticOptions = {}): LogisticModel {
  const buckets = options.buckets ?? DEFAULT_BUCKETS;
  const epochs = options.epochs ?? 30;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const random = seededRandom(options.seed ?? 1);
  const w = new Float64Array(buckets);
  let bias = 0;
  const order = examples.map((_, i) => i);
  const predict = (f: Features) => {
    let z = bias;
    for (let j = 0; j < f.index.length; j += 1) z += w[f.index[j]!]! * f.value[j]!;
    return 1 / (1 + Math.exp(-z));
  };
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const step = rate / (1 + epoch);
    for (const i of order) {
      const { features, label } = examples[i]!;
      const g = predict(features) - label;
      bias -= step * g;
      for (let j = 0; j < features.index.length; j += 1) {
        const b = features.index[j]!;
        w[b] = w[b]! - step * (g * features.value[j]! + l2 * w[b]!);
      }
    }
  }
  return { bias, weights: w, predict };
}
