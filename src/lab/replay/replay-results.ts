/**
 * What a replay suite produces, in the shapes of SPEC §5's results.json: one run per recorded
 * model (`runs`), the routing policies' points (`curves`) and their cost at 95 % of the strong
 * model's quality (`at95`), plus the notes the report must carry (prices, token counting,
 * latency model).
 */
import type { CurvePoint } from './policy-curves.js';
import type { TokenCounting } from './tokens.js';

/** One recorded answer as a live call would have been: tokens, cost at the suite's price, modelled latency. */
export interface ReplayedCall {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  /** The router found no valid answer (e.g. a recorded empty answer, which it rejects). */
  failed?: boolean;
}

export interface ReplayRun {
  suite: string;
  model: string;
  cases: number;
  /** Mean quality in [0, 1]; null for MT-Bench models without grades. */
  quality: number | null;
  /** 95 % interval of `quality` (Wilson for GSM8K's proportion, normal for MT-Bench's mean grade). */
  qualityCi: [number, number] | null;
  /** Replayed answers have no schema. */
  schemaValidRate: null;
  errorRate: number;
  /** From the latency model, per call. */
  latencyMs: { p50: number; p95: number };
  tokens: { input: number; output: number };
  costUsd: number;
  costPer1kUsd: number;
  tokenCounting: TokenCounting;
  price: { inputPerMTok: number; outputPerMTok: number; source: string; date: string };
  latencyModel: { ttftMs: number; outputTokensPerSecond: number; source: string };
}

export interface At95 {
  /** Cost as a share of always-strong's at 95 % of the strong model's quality; null when never reached. */
  costShare: number | null;
}

export interface SuiteOutcome {
  suite: string;
  runs: ReplayRun[];
  curve: CurvePoint[];
  at95: Record<string, At95>;
  /** Lines for the report: how tokens, prompts, prices and latencies were obtained, and the held-out check. */
  notes: string[];
}

/** Nearest-rank percentile of `values` (p in [0, 100]). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
