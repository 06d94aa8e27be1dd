/**
 * Suite `mtbench-replay`: MT-Bench's 80 two-turn questions, FastChat's recorded answers of seven
 * models plus GPT-4-1106's and Mixtral's (with RouteLLM's GPT-4 judge grades), replayed through
 * the router's `replay` provider — no config, key or network. Quality = mean grade ÷ 10, null for
 * the models without grades; the routing curve is between the two graded models.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { meanInterval } from '../replay/intervals.js';
import { loadMtBench, type MtBench, type MtQuestion } from '../replay/mtbench-data.js';
import { runMtBenchTrial } from '../replay/mtbench-trial.js';
import { CHEAP_MODEL, FASTCHAT_MODELS, STRONG_MODEL } from '../replay/recorded-models.js';
import { asRunResult, assertSameCost, replayThroughRouter } from '../replay/replay-bench.js';
import { createReplayProvider } from '../replay/replay-provider.js';
import { replayReportSection } from '../replay/replay-report.js';
import { replayRun } from '../replay/replay-run.js';
import { loadReplaySuite } from '../replay/replay-suite.js';
import type { Suite } from '../suite.js';

export const MTBENCH_ANCHORS = [
  'RouteLLM (Ong et al., 2024): 95 % of GPT-4’s MT-Bench score at up to 85 % lower cost (share of calls to GPT-4; routers trained with augmented preference data).',
  'FrugalGPT (Chen et al., 2023): up to 98 % lower cost matching GPT-4 on its data sets.',
];

type Case = MtQuestion & { data: MtBench };

const mtbenchReplay: Suite<Case> = {
  name: 'mtbench-replay',
  route: null,
  description: 'MT-Bench on recorded answers of nine models, GPT-4 judge grades for two: quality, cost, modelled latency, and the routing curve',
  hasSchema: false,
  operation: 'chat',
  ownModels: [CHEAP_MODEL, STRONG_MODEL, ...FASTCHAT_MODELS],
  async load(ctx) {
    const dir = join(ctx.sharedDataDir, 'replay');
    const file = join(dir, 'routellm', 'mt_bench_judgements.jsonl');
    if (!existsSync(file) || !existsSync(join(dir, 'mt_bench', 'question.jsonl'))) return { absent: `no MT-Bench data under ${dir} (set HERALD_SHARED_DATA)` };
    const data = loadMtBench(dir);
    return { cases: data.questions.map((q) => ({ ...q, data })) };
  },
  async run(c, client) {
    const first = await client.chat({ messages: [{ role: 'user', content: c.turns[0] }] });
    if (!first.ok) return { score: 0, schemaValid: null };
    await client.chat({ messages: [{ role: 'user', content: c.turns[0] }, { role: 'assistant', content: first.value }, { role: 'user', content: c.turns[1] }] });
    const g = c.data.grades.get(client.model)?.get(c.id);
    return { score: g ? (g[0] + g[1]) / 20 : 0, schemaValid: null };
  },
  async runOwn(ctx, cases, models, config) {
    const suite = loadReplaySuite(join(ctx.rootDir, 'bench', 'suites', 'mtbench-replay.json'));
    const data = cases[0]!.data;
    const provider = createReplayProvider({ mtbench: { data, suite } });
    const runs = [];
    for (const model of models) {
      const calls = (await replayThroughRouter(config, suite, provider, model, cases.map((c) => [...c.turns]))).flat();
      const grades = data.grades.get(model);
      const perQuestion = grades ? cases.map((c) => (grades.get(c.id)![0] + grades.get(c.id)![1]) / 20) : null;
      const quality = perQuestion ? perQuestion.reduce((a, b) => a + b, 0) / perQuestion.length : null;
      runs.push(replayRun(suite, model, cases.length, quality, perQuestion ? meanInterval(perQuestion) : null, calls));
    }
    const both = models.includes(suite.cheap) && models.includes(suite.strong);
    const trial = both ? runMtBenchTrial(data, suite, models) : null;
    if (trial) assertSameCost(suite.name, trial.runs, runs);
    return {
      runs: runs.map((r) => asRunResult(r, 2 * cases.length)),
      ...(trial ? { curves: trial.curve, at95: trial.at95 } : {}),
      report: replayReportSection({
        suite, runs, curve: trial?.curve ?? null, at95: trial?.at95 ?? null,
        notes: trial ? trial.notes : [`no curve: --models kept ${models.join(', ')}, the curve needs ${suite.cheap} and ${suite.strong}`],
        anchors: MTBENCH_ANCHORS,
      }),
    };
  },
};
export default mtbenchReplay;
