/**
 * The MT-Bench trial: 80 two-turn questions. Every recorded model gets a run (tokens, cost at the
 * suite's prices, modelled latency); the two that GPT-4 graded (GPT-4-1106 and Mixtral) get a
 * quality — the mean grade ÷ 10 — and the routing curve between them. Grades rate open-ended
 * answers, so only the length/hedging heuristic, a router on the question (cross-validated) and
 * the oracle apply; the number checks of GSM8K have nothing to check here.
 */
import { hedgeCount } from '../../router/answer-hedging.js';
import { assignFolds, crossValidate } from './folds.js';
import { heldOutPoint } from './held-out.js';
import { meanInterval } from './intervals.js';
import { textFeatures, trainLogistic } from './logistic.js';
import type { MtBench } from './mtbench-data.js';
import { at95ByPolicy, oracleCurve, randomCurve, routePoint, sweep, type CurvePoint, type PairItem } from './policy-curves.js';
import type { ReplayedCall, ReplayRun, SuiteOutcome } from './replay-results.js';
import { replayRun } from './replay-run.js';
import { replayedCall, type ReplaySuite } from './replay-suite.js';
import { countTokens } from './tokens.js';

export interface MtBenchTrial extends SuiteOutcome {
  /** model → question id → the two turns' replayed calls. */
  calls: Map<string, Map<string, [ReplayedCall, ReplayedCall]>>;
}

/** The two calls of a conversation: turn 2 resends turn 1's question and answer. */
function conversationCalls(suite: ReplaySuite, model: string, turns: [string, string], answers: [string, string]): [ReplayedCall, ReplayedCall] {
  const [q1, q2] = turns.map(countTokens) as [number, number];
  const [a1, a2] = answers.map(countTokens) as [number, number];
  return [replayedCall(suite, model, q1, a1), replayedCall(suite, model, q1 + a1 + q2, a2)];
}

export function runMtBenchTrial(data: MtBench, suite: ReplaySuite, models: readonly string[] = Object.keys(suite.models)): MtBenchTrial {
  const calls = new Map<string, Map<string, [ReplayedCall, ReplayedCall]>>();
  const runs: ReplayRun[] = [];
  const qualityOf = (model: string) => {
    const grades = data.grades.get(model);
    return grades ? data.questions.map((q) => (grades.get(q.id)![0] + grades.get(q.id)![1]) / 20) : null;
  };
  for (const model of Object.keys(suite.models)) {
    const answers = data.answers.get(model);
    if (!answers) throw new Error(`suite ${suite.name}: models.${model}: no recorded MT-Bench answers for this model`);
    const byQuestion = new Map(data.questions.map((q) => {
      const a = answers.get(q.id);
      if (!a) throw new Error(`MT-Bench: ${model} has no answer to question ${q.id}`);
      return [q.id, conversationCalls(suite, model, q.turns, a)] as const;
    }));
    calls.set(model, byQuestion);
    if (!models.includes(model)) continue;
    const perQuestion = qualityOf(model);
    const quality = perQuestion ? perQuestion.reduce((a, b) => a + b, 0) / perQuestion.length : null;
    runs.push(replayRun(suite, model, data.questions.length, quality, perQuestion ? meanInterval(perQuestion) : null, [...byQuestion.values()].flat()));
  }

  const cheapQ = qualityOf(suite.cheap);
  const strongQ = qualityOf(suite.strong);
  if (!cheapQ || !strongQ) throw new Error(`suite ${suite.name}: the curve needs grades of ${suite.cheap} and ${suite.strong}`);
  const cost = (model: string, id: string) => calls.get(model)!.get(id)!.reduce((a, c) => a + c.costUsd, 0);
  const pairs: PairItem[] = data.questions.map((q, i) => ({
    cheapQuality: cheapQ[i]!,
    strongQuality: strongQ[i]!,
    cheapCostUsd: cost(suite.cheap, q.id),
    strongCostUsd: cost(suite.strong, q.id),
  }));
  const cheapAnswers = data.answers.get(suite.cheap)!;
  const cheapTokens = data.questions.map((q) => calls.get(suite.cheap)!.get(q.id)!.reduce((a, c) => a + c.outputTokens, 0));
  const typical = [...cheapTokens].sort((a, b) => a - b)[Math.floor(cheapTokens.length / 2)] || 1;
  const lengthHedging = data.questions.map((q, i) => 10 * hedgeCount(cheapAnswers.get(q.id)!.join('\n')) + cheapTokens[i]! / typical);

  const folds = assignFolds(data.questions.length, Math.min(suite.folds, data.questions.length), suite.seed);
  const features = data.questions.map((q) => textFeatures(`${q.category} ${q.turns[0]}`, 'q'));
  const routerScores = crossValidate(data.questions.map((_, i) => i), folds, (training) => {
    const predict = trainLogistic(training.map((i) => ({ features: features[i]!, label: pairs[i]!.cheapQuality < pairs[i]!.strongQuality ? 1 : 0 })), { seed: suite.seed });
    return (i) => predict(features[i]!);
  });

  const curve: CurvePoint[] = [
    routePoint('always-cheap', pairs, pairs.map(() => false)),
    routePoint('always-strong', pairs, pairs.map(() => true)),
    ...randomCurve(pairs),
    ...sweep('cascade:length-hedging', 'cascade', pairs, lengthHedging),
    ...sweep('router:question', 'route', pairs, routerScores),
    ...oracleCurve(pairs),
  ];
  const strong = routePoint('always-strong', pairs, pairs.map(() => true));
  const at95 = at95ByPolicy(curve, strong.quality, strong.costUsd);
  const held = heldOutPoint({
    policy: 'router:question', kind: 'route', items: pairs, inputs: features, folds, seed: suite.seed, share: 0.95,
    train: (training) => trainLogistic(training.map((t) => ({ features: t.input, label: t.item.cheapQuality < t.item.strongQuality ? 1 : 0 })), { seed: suite.seed }),
  });
  at95['router:question@held-out'] = { costShare: held.point.quality >= 0.95 * strong.quality - 1e-12 ? held.point.costUsd / strong.costUsd : null };
  const notes = [
    `router:question with its rate chosen on the training folds only: quality ${(held.point.quality * 100).toFixed(1)} % ` +
      `(${((held.point.quality / strong.quality) * 100).toFixed(1)} % of ${suite.strong}), cost ${((held.point.costUsd / strong.costUsd) * 100).toFixed(1)} % of always-${suite.strong}, ` +
      `strong share ${(held.point.strongShare * 100).toFixed(1)} % — 80 questions: every figure of this curve moves by several points with the fold split`,
  ];
  return { suite: suite.name, runs, curve, at95, notes, calls };
}
