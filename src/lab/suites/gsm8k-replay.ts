/**
 * Suite `gsm8k-replay`: GSM8K's 1,319 test problems answered by Mixtral-8x7B and GPT-4-1106
 * (recorded by RouteLLM), replayed through the router's `replay` provider — no config, key or
 * network. Runs per model, and the routing curve between the two (docs/model-choice.md). Prices,
 * latency model and the fold seed are in `bench/suites/gsm8k-replay.json`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { wilsonInterval } from '../replay/intervals.js';
import { GSM8K_MODELS, gsm8kQuestionPrompt, type Gsm8kModel } from '../replay/gsm8k-calls.js';
import { GSM8K_FILE, loadGsm8k, type Gsm8kItem } from '../replay/gsm8k-data.js';
import { runGsm8kTrial } from '../replay/gsm8k-trial.js';
import { asRunResult, assertSameCost, replayThroughRouter } from '../replay/replay-bench.js';
import { createReplayProvider } from '../replay/replay-provider.js';
import { replayReportSection } from '../replay/replay-report.js';
import { replayRun } from '../replay/replay-run.js';
import { loadReplaySuite } from '../replay/replay-suite.js';
import type { Suite } from '../suite.js';

export const GSM8K_ANCHORS = [
  'RouteLLM (Ong et al., 2024): 95 % of GPT-4’s quality on GSM8K at 35–40 % lower cost (cost counted as the share of calls to GPT-4).',
  'FrugalGPT (Chen et al., 2023): up to 98 % lower cost matching GPT-4, with a learned answer scorer over a cascade of many APIs.',
  'Goal of issue 13: ≥ 95 % of GPT-4-1106’s accuracy at ≤ 60 % of always-GPT-4’s cost on held-out questions (the `@held-out` rows).',
];

const gsm8kReplay: Suite<Gsm8kItem> = {
  name: 'gsm8k-replay',
  route: null,
  description: 'GSM8K on recorded answers of Mixtral-8x7B and GPT-4-1106: accuracy, cost, modelled latency, and the cascade curve',
  hasSchema: false,
  operation: 'chat',
  ownModels: GSM8K_MODELS,
  async load(ctx) {
    const dir = join(ctx.sharedDataDir, 'replay');
    if (!existsSync(join(dir, GSM8K_FILE))) return { absent: `no ${join(dir, GSM8K_FILE)} (set HERALD_SHARED_DATA)` };
    return { cases: loadGsm8k(dir) };
  },
  async run(c, client) {
    const answer = await client.chat({ messages: [{ role: 'user', content: gsm8kQuestionPrompt(c.question) }] });
    const recorded = c.answers[client.model as Gsm8kModel];
    // The grade is RouteLLM's, and it belongs to the recorded text: any other answer is ungraded (0).
    return { score: answer.ok && recorded && answer.value === recorded.text && recorded.correct ? 1 : 0, schemaValid: null };
  },
  async runOwn(ctx, cases, models, config) {
    const suite = loadReplaySuite(join(ctx.rootDir, 'bench', 'suites', 'gsm8k-replay.json'));
    const provider = createReplayProvider({ gsm8k: { items: cases, suite } });
    const runs = [];
    for (const model of models as Gsm8kModel[]) {
      const calls = (await replayThroughRouter(config, suite, provider, model, cases.map((c) => [gsm8kQuestionPrompt(c.question)]))).flat();
      const correct = cases.filter((c) => c.answers[model].correct).length;
      runs.push(replayRun(suite, model, cases.length, correct / cases.length, wilsonInterval(correct, cases.length), calls));
    }
    const both = models.includes(suite.cheap) && models.includes(suite.strong);
    const trial = both ? runGsm8kTrial(cases, suite, models) : null;
    if (trial) assertSameCost(suite.name, trial.runs, runs);
    return {
      runs: runs.map((r) => asRunResult(r, cases.length)),
      ...(trial ? { curves: trial.curve, at95: trial.at95 } : {}),
      report: replayReportSection({
        suite, runs, curve: trial?.curve ?? null, at95: trial?.at95 ?? null,
        notes: trial ? trial.notes : [`no curve: --models kept ${models.join(', ')}, the curve needs ${suite.cheap} and ${suite.strong}`],
        anchors: GSM8K_ANCHORS,
      }),
    };
  },
};
export default gsm8kReplay;
