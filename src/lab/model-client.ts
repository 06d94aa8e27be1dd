/**
 * The lab's call to one model: exactly that model (no cascade, canary or shadow), never the
 * response cache, every attempt priced (retries and repairs included), each call recorded — or
 * replayed from the recording with its recorded latency — and 429s absorbed: the provider's
 * limiter shrinks and the call is tried again after a pause, so a long run slows down rather
 * than failing.
 */
import { createHash } from 'node:crypto';
import type { RouteName } from '../config.js';
import { costOf } from '../router/cost.js';
import type { ResolvedModel } from '../router/catalog.js';
import type { Router } from '../router/router.js';
import type { AttemptRecord, RouterResult } from '../router/types.js';
import type { AdaptiveLimiter } from './limiter.js';
import type { Recording, RecordingStore } from './recordings.js';
import type { LabAnswer, ModelClient } from './suite.js';

/** What the calls of one case (or a run's set-up) cost and took. */
export interface CaseAccount {
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** USD of every attempt with a price. */
  costUsd: number;
  /** Some attempt used tokens of a model without a price: the cost is unknown, not 0. */
  unpriced: boolean;
  calls: number;
  replayedCalls: number;
  /** Calls whose final answer was a provider failure (not an invalid answer). */
  errorCalls: number;
  /** 429s absorbed by slowing down. */
  rateLimited: number;
}

export function emptyAccount(): CaseAccount {
  return { latencyMs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: false, calls: 0, replayedCalls: 0, errorCalls: 0, rateLimited: 0 };
}

export interface ModelClientDeps {
  router: Router;
  route: RouteName;
  model: ResolvedModel;
  suite: string;
  recordings: RecordingStore;
  /** `replay`: answer from recordings when one exists (a call without one runs live and is recorded). */
  replay: boolean;
  limiter: AdaptiveLimiter;
  /** Monotonic ms clock for latencies (default performance.now). */
  clock: () => number;
  /** Lab-level waits after a 429 exhausted the router's own retries: base × 2^n, capped. */
  rateLimitPause: (n: number) => number;
  /** After this many 429 rounds on one call, it counts as an error (a dead key must end the run). */
  maxRateLimitRounds: number;
}

export function createModelClient(deps: ModelClientDeps, caseId: string, repeat: number, account: CaseAccount): ModelClient {
  let seq = 0;
  const { model } = deps;

  const perform = async (request: unknown, live: () => Promise<RouterResult<unknown>>): Promise<LabAnswer<unknown>> => {
    seq += 1;
    const key = createHash('sha256')
      .update(JSON.stringify([deps.suite, model.key, model.providerModel, caseId, repeat, seq, request]))
      .digest('hex');
    if (deps.replay) {
      const recorded = await deps.recordings.get(key);
      if (recorded) {
        addRecording(account, recorded, model);
        account.replayedCalls += 1;
        return recorded.answer;
      }
    }
    const attempts: AttemptRecord[] = [];
    let latencyMs = 0;
    let result: RouterResult<unknown>;
    for (let round = 0; ; round++) {
      const release = await deps.limiter.acquire();
      const started = deps.clock();
      try {
        result = await live();
      } finally {
        latencyMs = deps.clock() - started;
        release();
      }
      attempts.push(...result.attempts);
      const last = result.attempts.at(-1);
      if (!result.ok && last?.status === 'rate_limited' && round < deps.maxRateLimitRounds) {
        account.rateLimited += 1;
        deps.limiter.rateLimited(deps.rateLimitPause(round));
        continue;
      }
      deps.limiter.answered();
      break;
    }
    const answer = toAnswer(result);
    const recording: Recording = {
      answer,
      latencyMs: Math.round(latencyMs * 10) / 10,
      attempts: attempts.map((a) => ({ status: a.status, inputTokens: a.inputTokens, cachedTokens: a.cachedTokens, outputTokens: a.outputTokens })),
    };
    addRecording(account, recording, model);
    deps.recordings.put({ key, suite: deps.suite, model: model.key, caseId }, recording);
    return answer;
  };

  return {
    model: model.key,
    chat: (request) =>
      perform(
        {
          op: 'chat', messages: request.messages, schema: request.schema ? [request.schema.name, request.schema.version] : null, prompt: request.prompt ?? null,
          ...(request.tools?.length ? { tools: request.tools.map((t) => t.name) } : {}),
        },
        () => deps.router.chat({ ...request, route: deps.route, models: [model.key], cache: false }),
      ) as never,
    embed: (input) =>
      perform({ op: 'embed', input }, () => deps.router.embed({ route: deps.route, input, models: [model.key], cache: false })) as Promise<
        LabAnswer<number[][]>
      >,
  };
}

function toAnswer(result: RouterResult<unknown>): LabAnswer<unknown> {
  if (result.ok) return { ok: true, value: result.value };
  const last = result.attempts.at(-1);
  if (last?.status === 'invalid') return { ok: false, kind: 'invalid', error: last.error ?? 'invalid answer' };
  return { ok: false, kind: 'error', error: last?.error ?? result.reason };
}

/** Adds a call to the account, pricing its attempts at the model's current price (what it would cost live). */
function addRecording(account: CaseAccount, recording: Recording, model: ResolvedModel): void {
  account.calls += 1;
  account.latencyMs += recording.latencyMs;
  if (!recording.answer.ok && recording.answer.kind === 'error') account.errorCalls += 1;
  for (const a of recording.attempts) {
    account.inputTokens += a.inputTokens;
    account.outputTokens += a.outputTokens;
    const { costUsd } = costOf(model.price, { inputTokens: a.inputTokens, cachedTokens: a.cachedTokens, outputTokens: a.outputTokens });
    if (costUsd === null) {
      if (a.inputTokens + a.outputTokens > 0) account.unpriced = true;
    } else account.costUsd += costUsd;
  }
}
