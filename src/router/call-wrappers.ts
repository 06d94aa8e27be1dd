/**
 * Wrappers around a whole call: the response cache (outermost: a hit costs nothing, so it is
 * served even when the budget is spent), the daily budget, and the shadow model.
 */
import type { Budget } from './budget.js';
import type { CallLog } from './call-log.js';
import type { ResolvedModel } from './catalog.js';
import { NEVER, type CallWrapper } from './pipeline.js';
import type { ResponseCache } from './response-cache.js';
import { redactSecretsDeep } from '../secrets.js';
import type { AttemptRecord } from './types.js';

function row(base: Pick<AttemptRecord, 'ts' | 'callId' | 'route' | 'model' | 'provider' | 'status' | 'promptVersion'> & Partial<AttemptRecord>): AttemptRecord {
  return {
    attempt: 1, errorClass: null, error: null, latencyMs: 0, inputTokens: 0, cachedTokens: 0, outputTokens: 0,
    costUsd: 0, pricing: 'priced', cacheHit: false, ...base,
  };
}

export function withCache(cache: ResponseCache, log: CallLog, resolve: (key: string) => ResolvedModel | null, now: () => number): CallWrapper {
  return async (next, call) => {
    if (call.cacheKey === null) return next(call);
    const started = performance.now();
    const hit = await cache.get(call.cacheKey, call.cacheCheck);
    if (hit) {
      const model = resolve(hit.model);
      const record = row({
        ts: new Date(now()), callId: call.callId, route: call.route, model: hit.model, provider: model?.provider ?? 'unknown',
        status: 'cached', cacheHit: true, promptVersion: call.promptVersion, runId: call.runId ?? null,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        pricing: model?.price ? (model.price.source === 'local' ? 'local' : 'priced') : 'unpriced',
      });
      call.records.push(record);
      log.record(record);
      return { ok: true, value: hit.value, model: hit.model, callId: call.callId, costUsd: 0, cached: true, finishReason: null, attempts: call.records };
    }
    const result = await next(call);
    if (result.ok) cache.set(call.cacheKey, call.route, { value: result.value, model: result.model });
    return result;
  };
}

/**
 * A model's answer is text that reaches chats, the cache and the outbox: a secret it echoes (a key
 * pasted into a prompt, an endpoint that repeats its headers) is scrubbed here, inside the cache,
 * so neither the reply nor the stored answer carries it.
 */
export function withSecretsRedacted(): CallWrapper {
  return async (next, call) => {
    const result = await next(call);
    return result.ok ? { ...result, value: redactSecretsDeep(result.value) } : result;
  };
}

export function withBudget(budget: Budget, log: CallLog, now: () => number): CallWrapper {
  return async (next, call) => {
    const check = await budget.check(call.route);
    if (check.ok) return next(call);
    const first = call.models[0];
    const record = row({
      ts: new Date(now()), callId: call.callId, route: call.route, model: first?.key ?? '-', provider: first?.provider ?? '-',
      status: 'budget', errorClass: 'budget', promptVersion: call.promptVersion, runId: call.runId ?? null,
      error: `${check.event.scope} daily budget of $${check.event.limitUsd} spent ($${check.event.spentUsd.toFixed(4)})`,
    });
    call.records.push(record);
    log.record(record);
    return { ok: false, reason: 'budget', attempts: call.records, callId: call.callId };
  };
}

export interface ShadowOptions {
  /** The route's shadow model, or null when it has none. */
  shadowFor: (route: string) => { model: ResolvedModel; share: number } | null;
  random: () => number;
  timeoutMs: (route: string) => number;
  /** Background work in flight; `router.idle()` / `close()` wait for it. */
  pending: Set<Promise<unknown>>;
}

/**
 * After the primary answers, sends the same request to the shadow model in the background (for
 * `share` of calls). Its answer is never used; its attempt is logged with status `shadow` under
 * the same call id, so the two can be compared before a rollout.
 */
export function withShadow(options: ShadowOptions): CallWrapper {
  return async (next, call) => {
    const result = await next(call);
    if (call.exact) return result;
    const shadow = options.shadowFor(call.route);
    if (!result.ok || !shadow || options.random() >= shadow.share) return result;
    const timeoutMs = options.timeoutMs(call.route);
    const job = call
      .execute({
        callId: call.callId, route: call.route, model: shadow.model, number: call.records.length + 1,
        signal: NEVER, timeoutMs, promptVersion: call.promptVersion, ...(call.runId ? { runId: call.runId } : {}), shadow: true, records: call.records,
      })
      .catch(() => undefined)
      .finally(() => options.pending.delete(job));
    options.pending.add(job);
    return result;
  };
}
