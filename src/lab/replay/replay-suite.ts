/**
 * A replay suite file (`bench/suites/<name>.json`): which recorded data set it replays, the
 * cheap and strong model of its routing curve, and for every recorded model the dated price and
 * the latency model's two figures, each with its source — so every dollar and millisecond in the
 * report can be traced to a line of that file.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Price } from '../../router/catalog.js';
import { costOf } from '../../router/cost.js';
import type { ReplayedCall } from './replay-results.js';

const profileSchema = z.strictObject({
  /** USD per million input tokens. */
  inputPerMTok: z.number().nonnegative(),
  /** USD per million output tokens. */
  outputPerMTok: z.number().nonnegative(),
  priceSource: z.string().min(1),
  /** When the price was read (YYYY-MM-DD). */
  priceDate: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/),
  /** Latency model: time to the first token… */
  ttftMs: z.number().nonnegative(),
  /** …then output tokens at this speed. */
  outputTokensPerSecond: z.number().positive(),
  speedSource: z.string().min(1),
});

export const replaySuiteSchema = z.strictObject({
  name: z.string().min(1),
  kind: z.literal('replay'),
  dataset: z.enum(['gsm8k', 'mtbench']),
  description: z.string().optional(),
  /** The routing curve's pair. */
  cheap: z.string().min(1),
  strong: z.string().min(1),
  /** Folds of the cross-validation that scores the learned policies (default 10). */
  folds: z.number().int().min(2).default(10),
  /** Seed of the fold split (the split, and so every figure, is reproducible). */
  seed: z.number().int().default(13),
  models: z.record(z.string(), profileSchema),
  /**
   * GSM8K: tokens of the 8-shot examples RouteLLM put before every question (estimated; see
   * `gsm8k-calls.ts`). A constant of the suite, so a slice of the data costs what it costs in the whole.
   */
  fewShotPrefixTokens: z.number().int().nonnegative().default(0),
  /** Notes on how prompts and tokens were reconstructed, copied into the report. */
  notes: z.array(z.string()).default([]),
});

export type ReplaySuite = z.infer<typeof replaySuiteSchema>;
export type ReplayModelProfile = z.infer<typeof profileSchema>;

/** Reads and validates a suite file; the error names the file and the key. */
export function loadReplaySuite(file: string): ReplaySuite {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const parsed = replaySuiteSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const suite = parsed.data;
  for (const key of [suite.cheap, suite.strong]) if (!suite.models[key]) throw new Error(`${file}: models.${key}: the curve's model has no price`);
  return suite;
}

/** The router's price shape for a profile, so replayed calls are costed by the router's own arithmetic. */
export function priceOf(profile: ReplayModelProfile): Price {
  return {
    inputPerMTok: profile.inputPerMTok,
    cachedInputPerMTok: profile.inputPerMTok,
    outputPerMTok: profile.outputPerMTok,
    source: profile.priceSource,
    date: profile.priceDate,
  };
}

/** USD of one call with these token counts at the profile's price. */
export function callCost(profile: ReplayModelProfile, inputTokens: number, outputTokens: number): number {
  return costOf(priceOf(profile), { inputTokens, cachedTokens: 0, outputTokens }).costUsd!;
}

/** A recorded answer costed and timed as a live call of `model` would have been. */
export function replayedCall(suite: ReplaySuite, model: string, inputTokens: number, outputTokens: number): ReplayedCall {
  const profile = suite.models[model];
  if (!profile) throw new Error(`suite ${suite.name}: models.${model}: no price for this model`);
  return { inputTokens, outputTokens, costUsd: callCost(profile, inputTokens, outputTokens), latencyMs: modelledLatencyMs(profile, outputTokens) };
}

/** The latency model: time to first token plus output tokens at the published output speed. */
export function modelledLatencyMs(profile: ReplayModelProfile, outputTokens: number): number {
  return profile.ttftMs + (outputTokens / profile.outputTokensPerSecond) * 1000;
}
