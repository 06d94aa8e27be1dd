/**
 * Wrappers around one attempt: the call log (outermost, so it sees every outcome including a
 * skipped open circuit), the circuit breaker, and the per-attempt timeout.
 */
import type { Budget } from './budget.js';
import type { CallLog } from './call-log.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { costOf } from './cost.js';
import type { AttemptWrapper, Outcome } from './pipeline.js';
import { ProviderError } from './provider-error.js';
import type { AttemptStatus, ErrorClass, Usage } from './types.js';
import { redactSecrets } from '../secrets.js';

const NO_USAGE: Usage = { inputTokens: 0, cachedTokens: 0, outputTokens: 0 };

/** Records the attempt in the call log and the budget, with its latency, tokens and cost. */
export function withCallLog(log: CallLog, budget: Budget, now: () => number): AttemptWrapper {
  return async (next, attempt) => {
    const ts = new Date(now());
    const started = performance.now();
    const outcome = await next(attempt);
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const usage = outcome.kind === 'failed' ? NO_USAGE : outcome.usage;
    const { costUsd, pricing } = costOf(attempt.model.price, usage);
    const record = {
      ts,
      callId: attempt.callId,
      route: attempt.route,
      model: attempt.model.key,
      provider: attempt.model.provider,
      attempt: attempt.number,
      status: attempt.shadow ? ('shadow' as const) : statusOf(outcome, attempt.repair !== undefined),
      errorClass: errorClassOf(outcome),
      error: errorOf(outcome),
      latencyMs,
      inputTokens: usage.inputTokens,
      cachedTokens: usage.cachedTokens,
      outputTokens: usage.outputTokens,
      costUsd,
      pricing,
      cacheHit: false,
      promptVersion: attempt.promptVersion,
      runId: attempt.runId ?? null,
    };
    attempt.records.push(record);
    log.record(record);
    budget.add(attempt.route, costUsd);
    return outcome;
  };
}

function statusOf(outcome: Outcome<unknown>, repair: boolean): AttemptStatus {
  switch (outcome.kind) {
    case 'ok':
      return repair ? 'repair_ok' : 'ok';
    case 'invalid':
      return 'invalid';
    case 'refused':
      return 'error';
    case 'escalated':
      return 'escalated';
    case 'failed':
      return outcome.error.errorClass === 'timeout' || outcome.error.errorClass === 'deadline' ? 'timeout' : outcome.error.errorClass === 'http_429' ? 'rate_limited' : 'error';
  }
}

function errorClassOf(outcome: Outcome<unknown>): ErrorClass | null {
  switch (outcome.kind) {
    case 'ok':
      return null;
    case 'invalid':
      return outcome.errorClass;
    case 'refused':
      return 'refusal';
    case 'escalated':
      return 'escalated';
    case 'failed':
      return outcome.error.errorClass;
  }
}

function errorOf(outcome: Outcome<unknown>): string | null {
  switch (outcome.kind) {
    case 'ok':
      return null;
    case 'invalid':
      return outcome.error;
    case 'refused':
      return redactSecrets(`model refused: ${outcome.refusal}`);
    case 'escalated':
      return `${outcome.doubt.check}: ${outcome.doubt.reason}`;
    case 'failed':
      // A provider's message may echo the key ("Incorrect API key provided: sk-…").
      return redactSecrets(outcome.error.message);
  }
}

/**
 * Skips a model whose circuit is open (no request, no wait) and feeds the breaker: transient
 * failures count against the model; any answer, even an invalid one, proves it alive.
 */
export function withBreaker(breaker: CircuitBreaker): AttemptWrapper {
  return async (next, attempt) => {
    if (!breaker.allow(attempt.model.key)) {
      return { kind: 'failed', error: new ProviderError('circuit_open', `circuit open for ${attempt.model.key}`) };
    }
    let outcome: Outcome<unknown>;
    try {
      outcome = await next(attempt);
    } catch (err) {
      breaker.release(attempt.model.key);
      throw err;
    }
    if (outcome.kind !== 'failed') breaker.success(attempt.model.key);
    else if (outcome.error.isRetryable && !attempt.signal.aborted) breaker.failure(attempt.model.key);
    else breaker.release(attempt.model.key);
    return outcome;
  };
}

/**
 * Names an expired attempt: the model enforces `attempt.timeoutMs` (see `CallOptions` for why),
 * and when that limit was the rest of the call's deadline, the expiry is the deadline's.
 */
export const withTimeout: AttemptWrapper = async (next, attempt) => {
  const outcome = await next(attempt);
  if (outcome.kind === 'failed' && outcome.error.errorClass === 'timeout' && attempt.timeoutIsDeadline) {
    return { kind: 'failed', error: new ProviderError('deadline', `call deadline reached during this attempt (${Math.round(attempt.timeoutMs)} ms)`) };
  }
  return outcome;
};
