/**
 * The features of the learned escalate check (`learned`), shared by the lab that trains it
 * (src/lab/replay/logistic.ts, gsm8k-trial.ts) and the router that runs it, so production scores
 * a question and answer exactly as the benchmark did. Hashed word n-grams (no vocabulary file)
 * plus a few dense features read from the answer by the rule checks.
 */
import { arithmeticSlips } from './answer-arithmetic.js';
import { hedgeCount } from './answer-hedging.js';
import { finalIsFractional, finalNumber } from './answer-number.js';

/** Sparse features: parallel arrays of bucket indexes and values (typed arrays: training is a tight loop). */
export interface Features {
  index: Int32Array;
  value: Float64Array;
}

export const DEFAULT_BUCKETS = 1 << 16;

function toFeatures(map: Map<number, number>): Features {
  return { index: Int32Array.from(map.keys()), value: Float64Array.from(map.values()) };
}

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

/** What the rule checks see of an answer. */
export interface AnswerSignals {
  noFinalNumber: boolean;
  fractional: boolean;
  slips: number;
  hedges: number;
  outputTokens: number;
}

export function answerSignals(text: string, outputTokens: number): AnswerSignals {
  return {
    noFinalNumber: finalNumber(text) === null,
    fractional: finalIsFractional(text),
    slips: arithmeticSlips(text).length,
    hedges: hedgeCount(text),
    outputTokens,
  };
}

/**
 * The learned cascade's input (the trial's `cascade:learned`): the question's n-grams, the cheap
 * answer's n-grams, and the checks' verdicts, with the answer's length relative to a typical one.
 */
export function cascadeFeatures(question: string, answer: string, signals: AnswerSignals, typicalOutputTokens: number, buckets = DEFAULT_BUCKETS): Features {
  return withDense(
    mergeFeatures(textFeatures(question, 'q', buckets), textFeatures(answer, 'a', buckets)),
    {
      noFinalNumber: signals.noFinalNumber ? 1 : 0,
      fractional: signals.fractional ? 1 : 0,
      slips: Math.min(signals.slips, 3),
      hedges: Math.min(signals.hedges, 3),
      length: signals.outputTokens / typicalOutputTokens,
    },
    buckets,
  );
}
