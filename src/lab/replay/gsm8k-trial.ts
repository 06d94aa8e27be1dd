/**
 * The GSM8K trial: Mixtral-8x7B (cheap) and GPT-4-1106 (strong) on 1,319 problems, replayed.
 * Runs per model, then the routing curve: always-cheap, always-strong, random at every share,
 * cascades whose checks read the cheap answer alone, a router that reads the question, a learned
 * cascade that reads the question and the cheap answer (its words and the checks' verdicts) —
 * both learners cross-validated — and the oracle.
 */
import { answerSignals, cascadeFeatures, type AnswerSignals } from '../../router/learned-features.js';
import { assignFolds, crossValidate } from './folds.js';
import { gsm8kCalls, GSM8K_MODELS, type Gsm8kModel } from './gsm8k-calls.js';
import type { Gsm8kItem } from './gsm8k-data.js';
import { heldOutPoint } from './held-out.js';
import { replayRun } from './replay-run.js';
import { textFeatures, trainLogistic, type Features } from './logistic.js';
import { at95ByPolicy, cascadePoint, oracleCurve, randomCurve, routePoint, sweep, type CurvePoint, type PairItem } from './policy-curves.js';
import type { At95, ReplayedCall, SuiteOutcome } from './replay-results.js';
import type { ReplaySuite } from './replay-suite.js';
import { wilsonInterval } from './intervals.js';

/** What the checks see of the cheap answer (shared with the router's `learned` check). */
export { answerSignals, type AnswerSignals };

/** The checks a route can run in production (`escalate: ["answer-format", "whole-number", "arithmetic", "hedging"]`). */
export function anyCheckFails(s: AnswerSignals): boolean {
  return s.noFinalNumber || s.fractional || s.slips > 0 || s.hedges > 0;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 1;
}

export interface Gsm8kTrial extends SuiteOutcome {
  /** Per item and model: the replayed call (the replay provider answers with these figures). */
  calls: Array<Record<Gsm8kModel, ReplayedCall>>;
  folds: number[];
}

/** One run per model: accuracy with its Wilson interval, tokens, cost and modelled latency. */
export function gsm8kRuns(items: readonly Gsm8kItem[], suite: ReplaySuite, calls: ReadonlyArray<Record<Gsm8kModel, ReplayedCall>>, models: readonly string[] = GSM8K_MODELS) {
  return GSM8K_MODELS.filter((m) => models.includes(m)).map((model) => {
    const correct = items.filter((it) => it.answers[model].correct).length;
    return replayRun(suite, model, items.length, items.length ? correct / items.length : null, wilsonInterval(correct, items.length), calls.map((c) => c[model]));
  });
}

export function runGsm8kTrial(items: readonly Gsm8kItem[], suite: ReplaySuite, models: readonly string[] = GSM8K_MODELS): Gsm8kTrial {
  const { cheap, strong } = { cheap: suite.cheap as Gsm8kModel, strong: suite.strong as Gsm8kModel };
  const calls = gsm8kCalls(items, suite);
  const runs = gsm8kRuns(items, suite, calls, models);

  const pairs: PairItem[] = items.map((it, i) => ({
    cheapQuality: it.answers[cheap].correct ? 1 : 0,
    strongQuality: it.answers[strong].correct ? 1 : 0,
    cheapCostUsd: calls[i]![cheap].costUsd,
    strongCostUsd: calls[i]![strong].costUsd,
  }));
  const signals = items.map((it, i) => answerSignals(it.answers[cheap].text, calls[i]![cheap].outputTokens));
  const typical = median(signals.map((s) => s.outputTokens));
  const lengthHedging = signals.map((s) => 10 * s.hedges + s.outputTokens / typical);
  const checksThenLength = signals.map((s, i) => (anyCheckFails(s) ? 100 : 0) + lengthHedging[i]!);

  const folds = assignFolds(items.length, suite.folds, suite.seed);
  const questionFeatures = items.map((it) => textFeatures(it.question, 'q'));
  // The same function the router's `learned` escalate check scores with (src/router/learned-features.ts).
  const learnedInputs = items.map((it, i) => cascadeFeatures(it.question, it.answers[cheap].text, signals[i]!, typical));
  // The label both learners predict: the cheap model got it wrong.
  const train = (seed: number) => (training: ReadonlyArray<{ input: Features; item: PairItem }>) =>
    trainLogistic(training.map((t) => ({ features: t.input, label: t.item.cheapQuality < 1 ? 1 : 0 })), { seed });
  const examples = items.map((_, i) => ({ input: i, item: pairs[i]! }));
  const cvScores = (features: Features[]) =>
    crossValidate(examples, folds, (training) => {
      const predict = train(suite.seed)(training.map((t) => ({ input: features[t.input]!, item: t.item })));
      return (x) => predict(features[x.input]!);
    });
  const routerScores = cvScores(questionFeatures);
  const learnedScores = cvScores(learnedInputs);

  const never = items.map(() => false);
  const always = items.map(() => true);
  const curve: CurvePoint[] = [
    routePoint('always-cheap', pairs, never),
    routePoint('always-strong', pairs, always),
    ...randomCurve(pairs),
    cascadePoint('cascade:answer-format', pairs, signals.map((s) => s.noFinalNumber || s.fractional)),
    cascadePoint('cascade:arithmetic', pairs, signals.map((s) => s.slips > 0)),
    cascadePoint('cascade:hedging', pairs, signals.map((s) => s.hedges > 0)),
    ...sweep('cascade:length-hedging', 'cascade', pairs, lengthHedging),
    cascadePoint('cascade:checks', pairs, signals.map(anyCheckFails)),
    ...sweep('cascade:checks+length', 'cascade', pairs, checksThenLength),
    ...sweep('router:question', 'route', pairs, routerScores),
    ...sweep('cascade:learned', 'cascade', pairs, learnedScores),
    ...oracleCurve(pairs),
  ];
  const strongRun = routePoint('always-strong', pairs, always);
  const at95: Record<string, At95> = at95ByPolicy(curve, strongRun.quality, strongRun.costUsd);

  const notes: string[] = [];
  if (items.length >= 2 * suite.folds) {
    for (const [policy, kind, features] of [
      ['router:question', 'route', questionFeatures],
      ['cascade:learned', 'cascade', learnedInputs],
    ] as const) {
      const held = heldOutPoint({
        policy, kind, items: pairs, inputs: features as Features[], folds, seed: suite.seed, share: 0.95,
        train: (training) => {
          const predict = train(suite.seed)(training);
          return (f) => predict(f);
        },
      });
      at95[`${policy}@held-out`] = { costShare: held.point.quality >= 0.95 * strongRun.quality - 1e-12 ? held.point.costUsd / strongRun.costUsd : null };
      notes.push(
        `${policy} with its rate chosen on the training folds only: quality ${(held.point.quality * 100).toFixed(1)} % ` +
          `(${((held.point.quality / strongRun.quality) * 100).toFixed(1)} % of ${strong}), cost ${((held.point.costUsd / strongRun.costUsd) * 100).toFixed(1)} % of always-${strong}, ` +
          `strong share ${(held.point.strongShare * 100).toFixed(1)} %`,
      );
    }
  }
  return { suite: suite.name, runs, curve, at95, notes, calls, folds };
}
