import { percentile, type ReplayedCall, type ReplayRun } from './replay-results.js';
import type { ReplaySuite } from './replay-suite.js';
import { tokenCounting } from './tokens.js';

/**
 * One model's run over a suite's replayed calls (one call per GSM8K question, two per MT-Bench
 * question): tokens, cost at the suite's price, and the latency model's p50/p95 per call.
 */
export function replayRun(
  suite: ReplaySuite,
  model: string,
  cases: number,
  quality: number | null,
  qualityCi: [number, number] | null,
  calls: readonly ReplayedCall[],
): ReplayRun {
  const profile = suite.models[model];
  if (!profile) throw new Error(`suite ${suite.name}: no price for ${model}`);
  const sum = (f: (c: ReplayedCall) => number) => calls.reduce((a, c) => a + f(c), 0);
  const costUsd = sum((c) => c.costUsd);
  const latencies = calls.map((c) => c.latencyMs);
  return {
    suite: suite.name,
    model,
    cases,
    quality,
    qualityCi: quality === null ? null : qualityCi,
    schemaValidRate: null,
    // Share of cases with a failed call (a case is one question: one call on GSM8K, two on MT-Bench).
    errorRate: cases > 0 ? Math.min(1, calls.filter((c) => c.failed).length / cases) : 0,
    latencyMs: { p50: Math.round(percentile(latencies, 50)), p95: Math.round(percentile(latencies, 95)) },
    tokens: { input: sum((c) => c.inputTokens), output: sum((c) => c.outputTokens) },
    costUsd,
    costPer1kUsd: cases > 0 ? (costUsd / cases) * 1000 : 0,
    tokenCounting: tokenCounting(model),
    price: { inputPerMTok: profile.inputPerMTok, outputPerMTok: profile.outputPerMTok, source: profile.priceSource, date: profile.priceDate },
    latencyModel: { ttftMs: profile.ttftMs, outputTokensPerSecond: profile.outputTokensPerSecond, source: profile.speedSource },
  };
}
