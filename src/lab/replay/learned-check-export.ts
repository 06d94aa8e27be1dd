/**
 * Trains the router's `learned` escalate check from the GSM8K replay data — the trial's
 * `cascade:learned` policy, exported so the benchmark's winner runs in production
 * (src/router/learned-check.ts). The model is trained on every question (same features, seed and
 * settings as the trial); the threshold comes from the cross-validated scores, where each
 * question is scored by a model that never saw it: the smallest escalation rate (1 % steps) at
 * which the cascade reaches 95 % of the strong model's accuracy, and the score that splits off
 * that share of questions. Scores of unseen questions are what production sees.
 */
import { encodeWeights, type LearnedCheckFile } from '../../router/learned-check.js';
import { answerSignals, cascadeFeatures, type Features } from '../../router/learned-features.js';
import { assignFolds, crossValidate } from './folds.js';
import { gsm8kCalls, type Gsm8kModel } from './gsm8k-calls.js';
import type { Gsm8kItem } from './gsm8k-data.js';
import { rateFor } from './held-out.js';
import { trainLogistic, trainLogisticModel, type LogisticModel } from './logistic.js';
import type { PairItem } from './policy-curves.js';
import type { ReplaySuite } from './replay-suite.js';

export interface LearnedCheckExport {
  file: LearnedCheckFile;
  /** The trained model at full precision (the file holds its weights in 16 bits). */
  model: LogisticModel;
  /** Each question's features, as the router computes them. */
  inputs: Features[];
  /** Out-of-fold scores the threshold was picked on. */
  cvScores: number[];
}

const SHARE = 0.95;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 1;
}

export function exportLearnedCheck(items: readonly Gsm8kItem[], suite: ReplaySuite): LearnedCheckExport {
  const cheap = suite.cheap as Gsm8kModel;
  const strong = suite.strong as Gsm8kModel;
  const calls = gsm8kCalls(items, suite);
  const pairs: PairItem[] = items.map((it, i) => ({
    cheapQuality: it.answers[cheap].correct ? 1 : 0,
    strongQuality: it.answers[strong].correct ? 1 : 0,
    cheapCostUsd: calls[i]![cheap].costUsd,
    strongCostUsd: calls[i]![strong].costUsd,
  }));
  const signals = items.map((it, i) => answerSignals(it.answers[cheap].text, calls[i]![cheap].outputTokens));
  const typical = median(signals.map((s) => s.outputTokens));
  const inputs = items.map((it, i) => cascadeFeatures(it.question, it.answers[cheap].text, signals[i]!, typical));
  const examples = inputs.map((features, i) => ({ features, label: (pairs[i]!.cheapQuality < 1 ? 1 : 0) as 0 | 1 }));

  const folds = assignFolds(items.length, suite.folds, suite.seed);
  const cvScores = crossValidate(
    examples.map((_, i) => i),
    folds,
    (training) => {
      const predict = trainLogistic(training.map((i) => examples[i]!), { seed: suite.seed });
      return (i) => predict(inputs[i]!);
    },
  );
  const rate = rateFor('cascade', pairs, cvScores, SHARE);
  const k = Math.round(rate * items.length);
  const sorted = [...cvScores].sort((a, b) => b - a);
  // Halfway between the k-th and the (k+1)-th score: exactly the top k are above it.
  const threshold = k === 0 ? 1 : k >= sorted.length ? 0 : (sorted[k - 1]! + sorted[k]!) / 2;

  const model = trainLogisticModel(examples, { seed: suite.seed });
  const file: LearnedCheckFile = {
    id: `${suite.name}: ${cheap} → ${strong}`,
    trainedOn:
      `${items.length} GSM8K test questions with RouteLLM's grades of ${cheap}'s answers (label: the cheap answer is wrong); ` +
      `threshold from ${suite.folds}-fold cross-validated scores (seed ${suite.seed}) at the smallest rate reaching ${SHARE * 100} % of ${strong}'s accuracy; ` +
      'written by `npm run lab:learned-check`',
    buckets: model.weights.length,
    typicalOutputTokens: typical,
    bias: model.bias,
    threshold,
    escalationRate: items.length ? k / items.length : 0,
    ...encodeWeights(model.weights),
  };
  return { file, model, inputs, cvScores };
}
