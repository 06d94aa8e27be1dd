/**
 * A small logistic regression over hashed word n-grams plus a few dense features — the learned
 * router of the trial (RouteLLM's simplest routers are of this kind). Hashing keeps it free of a
 * vocabulary file; training is plain SGD with L2 in a seeded order, so it is deterministic.
 */
import { seededRandom } from './folds.js';

/** Sparse features: parallel arrays of bucket indexes and values (typed arrays: training is a tight loop). */
export interface Features {
  index: Int32Array;
  value: Float64Array;
}

function toFeatures(map: Map<number, number>): Features {
  return { index: Int32Array.from(map.keys()), value: Float64Array.from(map.values()) };
}

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

const DEFAULT_BUCKETS = 1 << 16;

/** FNV-1a, 32-bit: a stable hash of a feature name. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Word unigrams and bigrams of `text` (lower-cased; every number becomes `<n>` plus its digit
 * count, so "16 eggs" and "42 eggs" share a feature), each counted once, scaled by 1/√count.
 */
export function textFeatures(text: string, prefix = 't', buckets = DEFAULT_BUCKETS): Features {
  const words = (text.toLowerCase().match(/\p{L}+|\d[\d,.]*/gu) ?? []).map((w) => (/^\d/.test(w) ? `<n${w.replace(/\D/g, '').length}>` : w));
  const grams = new Set<string>();
  words.forEach((w, i) => {
    grams.add(w);
    if (i > 0) grams.add(`${words[i - 1]} ${w}`);
  });
  const features = new Map<number, number>();
  const weight = grams.size > 0 ? 1 / Math.sqrt(grams.size) : 0;
  for (const g of grams) {
    const b = hash(`${prefix}:${g}`) % buckets;
    features.set(b, (features.get(b) ?? 0) + weight);
  }
  return toFeatures(features);
}

/** The sum of sparse vectors (e.g. the question's n-grams and the answer's, under different prefixes). */
export function mergeFeatures(...parts: Features[]): Features {
  const out = new Map<number, number>();
  for (const f of parts) f.index.forEach((b, i) => out.set(b, (out.get(b) ?? 0) + f.value[i]!));
  return toFeatures(out);
}

/** Adds named dense features (e.g. `arithmetic: 1`) to a sparse vector. */
export function withDense(features: Features, dense: Record<string, number>, buckets = DEFAULT_BUCKETS): Features {
  const out = new Map<number, number>();
  features.index.forEach((b, i) => out.set(b, features.value[i]!));
  for (const [name, value] of Object.entries(dense)) {
    const b = hash(`d:${name}`) % buckets;
    out.set(b, (out.get(b) ?? 0) + value);
  }
  return toFeatures(out);
}

/** Trains on `examples`; returns P(label = 1) for a feature vector. */
export function trainLogistic(examples: readonly Example[], options: LogisticOptions = {}): (features: Features) => number {
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
  return predict;
}
