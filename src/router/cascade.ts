/**
 * The cascade: models in order; on each, transient failures are retried (after backoff or the
 * provider's `Retry-After`, when that fits the deadline) and an invalid answer gets one repair
 * retry with the validation error in the prompt; anything else moves on to the next model — an
 * answer cut at the output limit (`length`) and a refusal at once. A valid answer that the route's
 * `escalate` check doubts also moves on; it is kept and returned if no later model answers (a
 * doubtful answer beats none). A refusal is kept the same way and returned as data
 * (`reason: 'refused'`) when no model answers.
 *
 * Time is the injected clock's: the deadline is read from `clock.now()` and retries wait on
 * `clock.sleep`, so tests run deadlines and backoff on virtual time.
 */
import type { Clock } from '../time/clock.js';
import { backoffDelay, waitUnlessAborted, type BackoffOptions } from '../time/backoff.js';
import type { EscalateCheck } from './escalate.js';
import { NEVER, type Call, type CallFn } from './pipeline.js';
import type { RouterResult } from './types.js';

export interface CascadeOptions {
  /** Retries on the same model for transient failures (route `retries`, default 1). */
  retries: number;
  timeoutMs: number;
  deadlineMs: number;
  backoff: Omit<BackoffOptions, 'random'>;
  random: () => number;
  /** The deadline's time and the retries' waits. */
  clock: Clock;
  /** The route's escalate checks (none by default): run on valid answers of all but the last model. */
  escalate?: readonly EscalateCheck[] | undefined;
}

export function cascade(options: (call: Call) => CascadeOptions): CallFn {
  return async (call) => {
    const o = options(call);
    const { clock } = o;
    const deadlineAt = clock.now() + o.deadlineMs;
    // No timer for the deadline itself: each attempt's timeout is capped by what is left of it,
    // and a retry's wait must fit in it, so the call can only end late by a scheduling hiccup.
    const signal = call.signal ?? NEVER;
    let doubted: { value: unknown; model: string; finishReason: string | null } | null = null;
    let refusal: string | null = null;
    const fail = (reason: 'all_failed' | 'deadline' | 'aborted'): RouterResult<unknown> =>
      doubted
        ? {
            ok: true, value: doubted.value, model: doubted.model, callId: call.callId, costUsd: totalCost(call), cached: false,
            finishReason: doubted.finishReason, attempts: call.records,
          }
        : refusal !== null && reason === 'all_failed'
          ? { ok: false, reason: 'refused', refusal, attempts: call.records, callId: call.callId }
          : { ok: false, reason, attempts: call.records, callId: call.callId };
    const stopped = () => (signal.aborted ? fail('aborted') : clock.now() >= deadlineAt ? fail('deadline') : null);
    for (const [index, model] of call.models.entries()) {
      const escalate =
        index < call.models.length - 1 && o.escalate?.length ? { escalate: o.escalate, ...(call.question !== undefined ? { question: call.question } : {}) } : {};
      let retriesLeft = o.retries;
      let retryIndex = 0;
      let repair: { answer: string; error: string } | undefined;
      for (;;) {
        const stop = stopped();
        if (stop) return stop;
        const remaining = deadlineAt - clock.now();
        const outcome = await call.execute({
          callId: call.callId,
          route: call.route,
          model,
          number: call.records.length + 1,
          ...(repair ? { repair } : {}),
          signal,
          timeoutMs: Math.max(1, Math.floor(Math.min(o.timeoutMs, remaining))),
          timeoutIsDeadline: remaining <= o.timeoutMs,
          promptVersion: call.promptVersion,
          ...(call.runId ? { runId: call.runId } : {}),
          shadow: false,
          records: call.records,
          ...escalate,
        });
        if (outcome.kind === 'ok') {
          return {
            ok: true, value: outcome.value, model: model.key, callId: call.callId, costUsd: totalCost(call), cached: false,
            finishReason: outcome.finishReason, attempts: call.records,
          };
        }
        if (outcome.kind === 'escalated') {
          doubted ??= { value: outcome.value, model: model.key, finishReason: outcome.finishReason };
          break;
        }
        if (outcome.kind === 'refused') {
          refusal ??= outcome.refusal;
          break;
        }
        if (outcome.kind === 'invalid') {
          // A cut answer is not repaired: the same request would be cut again; the next model may allow more.
          if (repair || outcome.errorClass === 'length') break;
          repair = { answer: outcome.answer, error: outcome.error };
          continue;
        }
        const stopNow = stopped();
        if (stopNow) return stopNow;
        const error = outcome.error;
        if (error.errorClass === 'deadline') return fail('deadline');
        if (!error.isRetryable || retriesLeft === 0) break;
        const wait = error.retryAfterMs ?? backoffDelay(retryIndex, { ...o.backoff, random: o.random });
        // A wait that would overrun the deadline is better spent on the next model.
        if (clock.now() + wait >= deadlineAt) break;
        retriesLeft -= 1;
        retryIndex += 1;
        if (!(await waitUnlessAborted(clock, wait, call.signal))) return fail('aborted');
      }
    }
    return stopped() ?? fail('all_failed');
  };
}

/** The call's cost so far; null when any attempt that used tokens had no known price. */
export function totalCost(call: Pick<Call, 'records'>): number | null {
  let sum = 0;
  for (const r of call.records) {
    if (r.costUsd === null) {
      if (r.inputTokens + r.outputTokens > 0) return null;
    } else sum += r.costUsd;
  }
  return sum;
}
