import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMtBench } from '../../../src/lab/replay/mtbench-data.js';
import { runMtBenchTrial } from '../../../src/lab/replay/mtbench-trial.js';
import { oracleQualityAt } from '../../../src/lab/replay/policy-curves.js';
import { loadReplaySuite } from '../../../src/lab/replay/replay-suite.js';
import { SHARED_DATA } from '../../helpers/shared-data.js';

const REPLAY = join(SHARED_DATA, 'replay');
const hasReplay = existsSync(join(REPLAY, 'routellm', 'mt_bench_judgements.jsonl'));
if (!hasReplay) console.warn(`replay data not found under ${REPLAY}: the MT-Bench replay tests are skipped`);
const suite = loadReplaySuite('bench/suites/mtbench-replay.json');

describe.skipIf(!hasReplay)('MT-Bench replay', () => {
  const data = hasReplay ? loadMtBench(REPLAY) : null;
  const trial = data ? runMtBenchTrial(data, suite) : null;

  it("grades GPT-4-1106 and Mixtral by GPT-4's mean grade ÷ 10, and the other models with quality null", () => {
    const raw = readFileSync(join(REPLAY, 'routellm', 'mt_bench_judgements.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; score: number });
    const mean = (name: string) => {
      const s = raw.filter((j) => j.model === name).map((j) => Number(j.score));
      return s.reduce((a, b) => a + b, 0) / s.length / 10;
    };
    const byModel = new Map(trial!.runs.map((r) => [r.model, r]));
    expect(data!.questions).toHaveLength(80);
    expect(byModel.get('gpt-4-1106-preview')!.quality).toBeCloseTo(mean('gpt-4-1106-preview'), 12);
    expect(byModel.get('mixtral-8x7b-instruct')!.quality).toBeCloseTo(mean('mistralai/Mixtral-8x7B-Instruct-v0.1'), 12);
    for (const model of ['gpt-4', 'gpt-3.5-turbo', 'claude-v1', 'claude-instant-v1', 'palm-2-chat-bison-001', 'vicuna-13b-v1.3', 'llama-13b']) {
      const run = byModel.get(model)!;
      expect(run, model).toMatchObject({ quality: null, qualityCi: null, cases: 80 });
      expect(run.costUsd, model).toBeGreaterThan(0);
      expect(run.tokens.output, model).toBeGreaterThan(0);
    }
  });

  it("reads GPT-4-1106's and Mixtral's answers back out of the judge's prompt, both turns", () => {
    const answers = data!.answers.get('mixtral-8x7b-instruct')!.get('104')!;
    expect(answers[0]).toMatch(/David has only one brother/);
    expect(answers[1]).toMatch(/two brothers/);
    expect(data!.answers.get('gpt-4-1106-preview')!.size).toBe(80);
  });

  it('bills turn 2 with turn 1 resent, at the suite price', () => {
    const calls = trial!.calls.get('gpt-4')!.get('81')!;
    expect(calls[1].inputTokens).toBeGreaterThan(calls[0].inputTokens + calls[0].outputTokens);
    const p = suite.models['gpt-4']!;
    expect(calls[0].costUsd).toBeCloseTo((calls[0].inputTokens * p.inputPerMTok + calls[0].outputTokens * p.outputPerMTok) / 1e6, 12);
  });

  it('puts every policy under the oracle', () => {
    const oracle = trial!.curve.filter((p) => p.policy === 'oracle');
    for (const p of trial!.curve.filter((x) => x.policy !== 'oracle')) {
      expect(oracleQualityAt(oracle, p.costUsd), `${p.policy} at ${p.strongShare}`).toBeGreaterThanOrEqual(p.quality - 1e-12);
    }
  });
});
