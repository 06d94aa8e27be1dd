/**
 * One run (a suite on one model or local candidate) as figures: per-case numbers kept in typed
 * arrays indexed by case × repeat (so a 10,000-case run holds a few hundred kilobytes, never the
 * answers), and the summary `results.json` prints (SPEC section 5).
 */
import type { CaseAccount } from './model-client.js';
import { macroF1, mean, qualityInterval, quantileSorted } from './stats.js';
import type { CaseScore } from './suite.js';

/** One entry of `results.json`'s `runs`. */
export interface RunResult {
  suite: string;
  model: string;
  /** `model` (through the router) or `local` (a detector or search baseline: no model, no cost). */
  kind: 'model' | 'local';
  /** Case executions: cases × repeats. */
  cases: number;
  repeats: number;
  quality: number | null;
  qualityCi: [number, number] | null;
  schemaValidRate: number | null;
  errorRate: number;
  latencyMs: { p50: number; p95: number };
  tokens: { input: number; output: number };
  /** Reported usage × price of every call (retries, repairs and set-up included); null when unpriced. */
  costUsd: number | null;
  /** costUsd ÷ cases × 1000. */
  costPer1kUsd: number | null;
  /** costUsd ÷ successful cases × 1000; null when nothing succeeded or the cost is unknown. */
  costPer1kSuccessfulUsd: number | null;
  /** `priced`, `local` (free) or `unpriced` (the cost is unknown: costUsd null, said so, never 0). */
  pricing: 'priced' | 'local' | 'unpriced';
  /** Calls answered from the bench's recordings (`--replay`): their latency is the recorded one. */
  replayedCalls: number;
  liveCalls: number;
  /** 429s absorbed by slowing down (not errors). */
  rateLimited: number;
  /** Suite-specific figures: macroF1 (classify), mrr (embed)… */
  metrics: Record<string, number>;
}

export class RunStats {
  readonly scores: Float64Array;
  readonly costs: Float64Array;
  readonly latencies: Float64Array;
  /** 1 valid, 0 invalid, -1 no schema. */
  readonly valid: Int8Array;
  readonly errored: Uint8Array;
  readonly done: Uint8Array;
  private readonly confusion = new Map<string, Map<string, number>>();
  private readonly metricSums = new Map<string, number>();
  private readonly setup: CaseAccount[] = [];
  private inputTokens = 0;
  private outputTokens = 0;
  private unpriced = false;
  private replayedCalls = 0;
  private liveCalls = 0;
  private rateLimited = 0;

  constructor(
    readonly suite: string,
    readonly model: string,
    readonly kind: 'model' | 'local',
    readonly caseCount: number,
    readonly repeats: number,
    private readonly local: boolean,
  ) {
    const n = caseCount * repeats;
    this.scores = new Float64Array(n);
    this.costs = new Float64Array(n);
    this.latencies = new Float64Array(n);
    this.valid = new Int8Array(n);
    this.errored = new Uint8Array(n);
    this.done = new Uint8Array(n);
  }

  add(index: number, score: CaseScore, account: CaseAccount): void {
    this.scores[index] = Math.max(0, Math.min(1, score.score));
    this.costs[index] = account.costUsd;
    this.latencies[index] = account.latencyMs;
    this.valid[index] = score.schemaValid === null ? -1 : score.schemaValid ? 1 : 0;
    this.errored[index] = account.errorCalls > 0 ? 1 : 0;
    this.done[index] = 1;
    this.count(account);
    if (score.label) {
      const row = this.confusion.get(score.label.expected) ?? new Map<string, number>();
      const p = score.label.predicted ?? '';
      row.set(p, (row.get(p) ?? 0) + 1);
      this.confusion.set(score.label.expected, row);
    }
    for (const [k, v] of Object.entries(score.metrics ?? {})) this.metricSums.set(k, (this.metricSums.get(k) ?? 0) + v);
  }

  /** Calls made outside any case (e.g. embedding the corpus): cost and tokens only. */
  addSetup(account: CaseAccount): void {
    this.setup.push(account);
    this.count(account);
  }

  /** True when case `index` failed with a provider error (for cascades). */
  caseValid(index: number): boolean {
    return this.errored[index] === 0 && this.valid[index] !== 0;
  }

  private count(account: CaseAccount): void {
    this.inputTokens += account.inputTokens;
    this.outputTokens += account.outputTokens;
    this.unpriced ||= account.unpriced;
    this.replayedCalls += account.replayedCalls;
    this.liveCalls += account.calls - account.replayedCalls;
    this.rateLimited += account.rateLimited;
  }

  /** Total cost: the cases' and the set-up's. */
  totalCost(): number {
    let sum = 0;
    for (let i = 0; i < this.costs.length; i++) sum += this.costs[i]!;
    for (const a of this.setup) sum += a.costUsd;
    return sum;
  }

  summary(): RunResult {
    const n = this.scores.length;
    let errors = 0;
    let validCount = 0;
    let schemaCases = 0;
    let successful = 0;
    for (let i = 0; i < n; i++) {
      errors += this.errored[i]!;
      if (this.valid[i]! >= 0) schemaCases += 1;
      if (this.valid[i] === 1) validCount += 1;
      if (this.caseValid(i)) successful += 1;
    }
    const sorted = Float64Array.from(this.latencies).sort();
    const cost = this.local ? 0 : this.unpriced ? null : round(this.totalCost(), 8);
    const metrics: Record<string, number> = {};
    for (const [k, v] of this.metricSums) metrics[k] = round(v / n, 6);
    if (this.confusion.size > 0) metrics.macroF1 = round(macroF1(this.confusion), 6);
    const ci = n > 0 ? qualityInterval(this.scores) : null;
    return {
      suite: this.suite,
      model: this.model,
      kind: this.kind,
      cases: n,
      repeats: this.repeats,
      quality: n > 0 ? round(mean(this.scores), 6) : null,
      qualityCi: ci ? [round(ci[0], 6), round(ci[1], 6)] : null,
      schemaValidRate: schemaCases > 0 ? round(validCount / schemaCases, 6) : null,
      errorRate: n > 0 ? round(errors / n, 6) : 0,
      latencyMs: { p50: round(quantileSorted(sorted, 0.5), 1), p95: round(quantileSorted(sorted, 0.95), 1) },
      tokens: { input: this.inputTokens, output: this.outputTokens },
      costUsd: cost,
      costPer1kUsd: cost === null || n === 0 ? null : round((cost / n) * 1000, 8),
      costPer1kSuccessfulUsd: cost === null || successful === 0 ? null : round((cost / successful) * 1000, 8),
      pricing: this.local ? 'local' : this.unpriced ? 'unpriced' : 'priced',
      replayedCalls: this.replayedCalls,
      liveCalls: this.liveCalls,
      rateLimited: this.rateLimited,
      metrics,
    };
  }
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
