import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { assignFolds, crossValidate } from '../../../src/lab/replay/folds.js';
import { fewShotPrefixTokens, gsm8kCalls } from '../../../src/lab/replay/gsm8k-calls.js';
import { loadGsm8k } from '../../../src/lab/replay/gsm8k-data.js';
import { gsm8kRuns, runGsm8kTrial } from '../../../src/lab/replay/gsm8k-trial.js';
import { oracleQualityAt } from '../../../src/lab/replay/policy-curves.js';
import { loadReplaySuite } from '../../../src/lab/replay/replay-suite.js';
import { SHARED_DATA } from '../../helpers/shared-data.js';

const REPLAY = join(SHARED_DATA, 'replay');
const hasReplay = existsSync(join(REPLAY, 'routellm', 'gsm8k_responses.csv'));
if (!hasReplay) console.warn(`replay data not found under ${REPLAY}: the GSM8K replay tests are skipped`);
const suite = loadReplaySuite('bench/suites/gsm8k-replay.json');
const CHEAP = 'mixtral-8x7b-instruct';
const STRONG = 'gpt-4-1106-preview';

describe.skipIf(!hasReplay)('GSM8K replay', () => {
  const all = hasReplay ? loadGsm8k(REPLAY) : [];

  it('reads all 1,319 problems and scores each model exactly as RouteLLM graded it (Mixtral 842, GPT-4 1,130)', () => {
    expect(all).toHaveLength(1319);
    const runs = gsm8kRuns(all, suite, gsm8kCalls(all, suite));
    expect(runs.map((r) => [r.model, r.cases, Math.round(r.quality! * 1319)])).toEqual([
      [CHEAP, 1319, 842],
      [STRONG, 1319, 1130],
    ]);
    // Wilson's interval is not symmetric around the rate, and holds it.
    for (const r of runs) expect(r.qualityCi![0]).toBeLessThan(r.quality!);
    expect(runs[0]!.qualityCi![0]).toBeCloseTo(0.6121, 3);
    expect(runs[0]!.qualityCi![1]).toBeCloseTo(0.6639, 3);
  });

  it("keeps the suite's few-shot prefix equal to its estimate on the whole set", () => {
    expect(fewShotPrefixTokens(all)).toBe(suite.fewShotPrefixTokens);
  });

  it("costs a slice at the suite file's dated prices, per token, with the latency model per call", () => {
    const slice = all.slice(0, 25);
    const runs = gsm8kRuns(slice, suite, gsm8kCalls(slice, suite));
    for (const run of runs) {
      const p = suite.models[run.model]!;
      let input = 0;
      let output = 0;
      const latencies: number[] = [];
      for (const it of slice) {
        const out = cl100k(it.answers[run.model as typeof CHEAP].text);
        input += suite.fewShotPrefixTokens + cl100k(`Question: ${it.question}\nAnswer:`);
        output += out;
        latencies.push(p.ttftMs + (1000 * out) / p.outputTokensPerSecond);
      }
      expect(run.tokens).toEqual({ input, output });
      expect(run.costUsd).toBeCloseTo((input * p.inputPerMTok + output * p.outputPerMTok) / 1e6, 12);
      expect(run.costPer1kUsd).toBeCloseTo((run.costUsd / 25) * 1000, 12);
      expect(run.latencyMs.p50).toBe(Math.round(latencies.sort((a, b) => a - b)[12]!));
      expect(run.price).toMatchObject({ inputPerMTok: p.inputPerMTok, outputPerMTok: p.outputPerMTok, date: p.priceDate });
    }
    expect(runs.map((r) => r.tokenCounting)).toEqual(['cl100k_base (approximation)', 'cl100k_base']);
  });

  it('splits into folds that never overlap and cover every question; no learner sees the question it scores', () => {
    const folds = assignFolds(all.length, 10, suite.seed);
    const sizes = Array.from({ length: 10 }, (_, f) => folds.filter((x) => x === f).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1319);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const ids = all.map((it) => it.id);
    const scored = crossValidate(ids, folds, (training) => {
      const seen = new Set(training);
      return (id) => (seen.has(id) ? Number.NaN : training.length);
    });
    // Each question is scored by a model trained on exactly the other folds — never on itself.
    expect(scored.some(Number.isNaN)).toBe(false);
    expect(scored).toEqual(folds.map((f) => 1319 - sizes[f]!));
    expect(assignFolds(all.length, 10, suite.seed)).toEqual(folds);
  });

  it('puts every policy under the oracle, on every question of a slice', () => {
    const trial = runGsm8kTrial(all.slice(0, 240), { ...suite, folds: 5 });
    const oracle = trial.curve.filter((p) => p.policy === 'oracle');
    const others = trial.curve.filter((p) => p.policy !== 'oracle');
    expect(new Set(others.map((p) => p.policy))).toEqual(
      new Set(['always-cheap', 'always-strong', 'random', 'cascade:answer-format', 'cascade:arithmetic', 'cascade:hedging', 'cascade:length-hedging', 'cascade:checks', 'cascade:checks+length', 'router:question', 'cascade:learned']),
    );
    for (const p of others) expect(oracleQualityAt(oracle, p.costUsd), `${p.policy} at share ${p.strongShare}`).toBeGreaterThanOrEqual(p.quality - 1e-12);
    const strong = trial.curve.find((p) => p.policy === 'always-strong')!;
    expect(strong.costUsd).toBeCloseTo(trial.runs[1]!.costUsd, 9);
    expect(trial.at95['always-strong']).toEqual({ costShare: 1 });
    expect(trial.at95.oracle!.costShare).toBeLessThan(trial.at95.random!.costShare!);
  });

  it('reads the data file as RouteLLM wrote it', () => {
    const raw = readFileSync(join(REPLAY, 'routellm', 'gsm8k_responses.csv'), 'utf8');
    expect(raw.startsWith('prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview,')).toBe(true);
    expect(all[0]!.question).toMatch(/^Janet’s ducks lay 16 eggs per day/);
    expect(all[0]!.answers[CHEAP].text).toMatch(/#### 18/);
  });
});
