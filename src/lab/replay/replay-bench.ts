/**
 * How `herald bench` runs a replay suite: every recorded answer is asked for through the router,
 * with the `replay` provider injected through the provider seam and each recorded model entered
 * in the config under that provider at the suite file's dated price — so tokens and cost come out
 * of the router's own accounting, as for a live model. Latency comes from the suite's latency
 * model (an instant replay has none of its own), quality from the recorded grades.
 */
import type { Config } from '../../config.js';
import { createRouter } from '../../router/router.js';
import type { Message } from '../../router/types.js';
import type { RunResult } from '../run-stats.js';
import type { ReplayedCall, ReplayRun } from './replay-results.js';
import { REPLAY_PROVIDER, type ReplayProvider } from './replay-provider.js';
import { modelledLatencyMs, type ReplaySuite } from './replay-suite.js';

/** The user's config with the recorded models added under the `replay` provider, and nothing that could reach a network. */
export function replayConfig(config: Config, suite: ReplaySuite, models: readonly string[]): Config {
  const entries: Config['models'] = {};
  for (const key of models) {
    const p = suite.models[key];
    if (!p) throw new Error(`suite ${suite.name}: models.${key}: no price for this model`);
    entries[key] = { provider: REPLAY_PROVIDER, model: key, inputPerMTok: p.inputPerMTok, outputPerMTok: p.outputPerMTok };
  }
  return { ...config, models: { ...config.models, ...entries }, routes: {}, budget: {}, cache: { ...config.cache, enabled: false } };
}

/** One replayed conversation: the turns to send, in order (a turn's answer joins the next turn's messages). */
export type Conversation = string[];

/**
 * Asks `model` every conversation through the router and returns each call's figures: tokens and
 * cost as the router logged them (every attempt, as live), latency from the latency model. A call
 * the router rejects — llama-13b recorded one empty answer, which the router takes as invalid and
 * whose repair has no recording — is marked failed, and the conversation goes on with an empty
 * answer, as it was recorded.
 */
export async function replayThroughRouter(
  config: Config,
  suite: ReplaySuite,
  provider: ReplayProvider,
  model: string,
  conversations: readonly Conversation[],
): Promise<ReplayedCall[][]> {
  const profile = suite.models[model]!;
  const router = createRouter({ config: replayConfig(config, suite, [model]), store: null, providers: { [REPLAY_PROVIDER]: provider } });
  const out: ReplayedCall[][] = [];
  try {
    for (const turns of conversations) {
      const messages: Message[] = [];
      const calls: ReplayedCall[] = [];
      for (const turn of turns) {
        messages.push({ role: 'user', content: turn });
        const r = await router.chat({ route: 'ask', models: [model], cache: false, messages: [...messages] });
        const usage = r.attempts.reduce((a, x) => ({ input: a.input + x.inputTokens, output: a.output + x.outputTokens, usd: a.usd + (x.costUsd ?? 0) }), { input: 0, output: 0, usd: 0 });
        calls.push({
          inputTokens: usage.input, outputTokens: usage.output, costUsd: usage.usd, latencyMs: modelledLatencyMs(profile, usage.output),
          ...(r.ok ? {} : { failed: true }),
        });
        messages.push({ role: 'assistant', content: r.ok ? (r.value as string) : '' });
      }
      out.push(calls);
    }
  } finally {
    await router.close();
  }
  return out;
}

/** A replay run in the bench's `RunResult` shape, keeping what only replays know (token counting, price, latency model). */
export function asRunResult(run: ReplayRun, calls: number): RunResult & Pick<ReplayRun, 'tokenCounting' | 'price' | 'latencyModel'> {
  return {
    ...run,
    kind: 'model',
    repeats: 1,
    costPer1kSuccessfulUsd: run.cases > 0 ? run.costPer1kUsd : null,
    pricing: 'priced',
    // Calls through the router to the replay provider; not the bench's own `--replay` recordings.
    replayedCalls: 0,
    liveCalls: calls,
    rateLimited: 0,
    metrics: {},
  };
}

/** The curve is computed from the recorded data directly; it must cost what the router billed (else a bug). */
export function assertSameCost(suite: string, curveRuns: readonly ReplayRun[], routerRuns: readonly ReplayRun[]): void {
  for (const run of routerRuns) {
    const t = curveRuns.find((x) => x.model === run.model);
    if (t && Math.abs(t.costUsd - run.costUsd) > 1e-9) throw new Error(`${suite}: the curve's cost of ${run.model} (${t.costUsd}) differs from the router's (${run.costUsd})`);
  }
}
