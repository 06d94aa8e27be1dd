/**
 * `createRouter`: the one place where the router's parts are built and composed — catalog
 * resolution, provider clients, the call-level wrappers (cache → redaction → budget → shadow → cascade) and
 * the attempt-level wrappers (log → breaker → timeout → executor).
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import type { Store } from '../data/store.js';
import type { Logger } from '../log.js';
import { systemClock, type Clock } from '../time/clock.js';
import { withBreaker, withCallLog, withTimeout } from './attempt-wrappers.js';
import { createBudget } from './budget.js';
import { createCallLog } from './call-log.js';
import { withBudget, withCache, withSecretsRedacted, withShadow } from './call-wrappers.js';
import { cascade } from './cascade.js';
import { resolveModel, resolveProvider, type Capability, type ResolvedModel } from './catalog.js';
import { createCircuitBreaker } from './circuit-breaker.js';
import { withEscalation } from './escalate.js';
import { loadLearnedCheck, type LearnedCheck } from './learned-check.js';
import { chatExecutor, embedExecutor, transcribeExecutor } from './executors.js';
import { createProviderRegistry, type ModelBinding, type Provider, type ProviderFactory } from './provider.js';
import { compose, type AttemptFn, type AttemptWrapper, type CallWrapper } from './pipeline.js';
import { chatAnswerCheck, embeddingsCheck, type CachedCheck } from './cached-value.js';
import { cacheKey, createResponseCache } from './response-cache.js';
import { routeNeeds } from './routes.js';
import type { AttemptRecord, BudgetExhaustedEvent, ChatRequest, EmbedRequest, RouteName, RouterResult, StoppedValue, ToolCallsValue, ToolSpec, TranscribeRequest } from './types.js';

export interface RouterOptions {
  config: Config;
  /** Where the call log and the cache's second tier live; null keeps both in memory only (no log). */
  store: Store | null;
  logger?: Logger;
  /**
   * The router's time: log timestamps, budget days, cache TTLs, the breaker's cool-down, each
   * call's deadline and the waits between retries (default the system clock).
   */
  clock?: Clock;
  /** Source of randomness for canary/shadow shares and backoff jitter (default Math.random). */
  random?: () => number;
  /** fetch for the provider SDK (default the global fetch). */
  fetch?: typeof fetch;
  /** Raised once per scope and shop day when a daily budget is spent (alerts pick it up). */
  onBudgetExhausted?: (event: BudgetExhaustedEvent) => void;
  /** Call ids (default random UUIDs). */
  newId?: () => string;
  /**
   * Provider instances by provider name, used instead of building one from the config: the lab's
   * in-process and replay providers, a test's. See `provider.ts` for the seam.
   */
  providers?: Readonly<Record<string, Provider>>;
  /** Provider factories by kind (= provider name) beside the built-in `openai` kind. */
  providerKinds?: Readonly<Record<string, ProviderFactory>>;
  /** The `learned` escalate check's weights (default the committed src/router/learned-check.json, read on first use). */
  learnedCheck?: LearnedCheck;
  /**
   * Sees every call-log record as it is made (the metrics). Runs on the hot path: it must only
   * count, never wait.
   */
  onAttempt?: (record: AttemptRecord) => void;
}

export interface Router {
  /**
   * A chat through a route. With `tools`, the value may be the model's tool calls instead, or a
   * refusal or `length` stop as data (`StoppedValue`).
   */
  chat<T = string>(request: ChatRequest<T> & { tools: ToolSpec[] }): Promise<RouterResult<T | ToolCallsValue | StoppedValue>>;
  chat<T = string>(request: ChatRequest<T>): Promise<RouterResult<T>>;
  /** Embeddings through a route (default `embed`): one vector per input, in order. */
  embed(request: EmbedRequest): Promise<RouterResult<number[][]>>;
  /** Audio transcription through a route (default `transcribe`). */
  transcribe(request: TranscribeRequest): Promise<RouterResult<string>>;
  /** True when the route lists at least one model. */
  hasRoute(route: RouteName): boolean;
  /** Resolves once background work (shadow calls) has finished. */
  idle(): Promise<void>;
  /** Waits for background work and flushes the call log and cache writes. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_DEADLINE_MS = 60_000;
const DEFAULT_RETRIES = 1;

export function createRouter(options: RouterOptions): Router {
  const { config, store, logger } = options;
  const clock: Clock = options.clock ?? systemClock;
  const nowMs = () => clock.now();
  const random = options.random ?? Math.random;
  const newId = options.newId ?? randomUUID;
  const tuning = config.router;

  const resolved = new Map<string, ResolvedModel | null>();
  const resolve = (key: string): ResolvedModel | null => {
    if (!resolved.has(key)) {
      const m = resolveModel(key, config);
      if (!m) logger?.warn({ model: key }, 'router: model is in no config entry and not in the catalog; skipped');
      else if (!m.price) logger?.warn({ model: key }, 'router: model has no known price; its calls are logged as unpriced');
      resolved.set(key, m);
    }
    return resolved.get(key) ?? null;
  };

  const modelFor = createProviderRegistry({
    endpoint: (name) => resolveProvider(name, config),
    now: nowMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.providerKinds ? { kinds: options.providerKinds } : {}),
  });

  const callLog = createCallLog({ store, timeZone: config.timeZone, flushMs: tuning.log.flushMs, batchSize: tuning.log.batchSize, logger });
  const onAttempt = options.onAttempt;
  const log: typeof callLog = onAttempt
    ? { ...callLog, record: (row) => (callLog.record(row), onAttempt(row)) }
    : callLog;
  const cache = createResponseCache({ store, ttlMs: config.cache.ttlSeconds * 1000, maxEntries: config.cache.maxEntries, now: nowMs, logger });
  const routeBudgets: Record<RouteName, number> = {};
  for (const [name, route] of Object.entries(config.routes)) if (route?.budgetUsd !== undefined) routeBudgets[name] = route.budgetUsd;
  const budget = createBudget({
    store, timeZone: config.timeZone, globalUsd: config.budget.dailyUsd, routeUsd: routeBudgets, now: nowMs, logger,
    onExhausted: options.onBudgetExhausted,
  });
  const breaker = createCircuitBreaker({ ...tuning.breaker, now: nowMs });
  const pending = new Set<Promise<unknown>>();

  let learned = options.learnedCheck;
  const learnedCheck = () => (learned ??= loadLearnedCheck());
  // A route that names the learned check fails at start, not at its first doubtful answer, when the weights are unreadable.
  if (Object.values(config.routes).some((r) => r?.escalate?.includes('learned'))) learnedCheck();
  const attemptWrappers: AttemptWrapper[] = [withCallLog(log, budget, nowMs), withEscalation(learnedCheck), withBreaker(breaker), withTimeout];
  const callWrappers: CallWrapper[] = [
    withCache(cache, log, resolve, nowMs),
    withSecretsRedacted(),
    withBudget(budget, log, nowMs),
    withShadow({
      shadowFor: (route) => {
        const s = config.routes[route]?.shadow;
        const model = s ? resolve(s.model) : null;
        return s && model ? { model, share: s.share } : null;
      },
      random,
      timeoutMs: (route) => config.routes[route]?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      pending,
    }),
  ];
  const run = compose(
    callWrappers,
    cascade((call) => {
      const route = config.routes[call.route];
      return {
        retries: route?.retries ?? DEFAULT_RETRIES,
        timeoutMs: route?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        deadlineMs: route?.deadlineMs ?? DEFAULT_DEADLINE_MS,
        backoff: tuning.backoff,
        random,
        clock,
        escalate: route?.escalate,
      };
    }),
  );

  /**
   * The route's models in cascade order (canary first for its share), or exactly the caller's
   * `models`, without those lacking a needed capability (the route's and the call's) or whose
   * provider does not implement the operation.
   */
  const plan = (route: RouteName, operation: keyof ModelBinding, callNeeds: Capability[], exact: readonly string[] | undefined): ResolvedModel[] => {
    const r = config.routes[route];
    let keys: readonly string[];
    if (exact) keys = exact;
    else if (!r) return [];
    else {
      keys = r.models;
      if (r.canary && random() < r.canary.share) keys = [r.canary.model, ...keys.filter((k) => k !== r.canary!.model)];
    }
    const needs = [...new Set([...routeNeeds(route, r?.needs), ...callNeeds])];
    const out: ResolvedModel[] = [];
    for (const key of keys) {
      const m = resolve(key);
      if (!m) continue;
      if (!needs.every((c) => m.capabilities[c])) logger?.debug({ route, model: key, needs }, 'router: model lacks a capability the call needs; skipped');
      else if (!modelFor(m)[operation]) logger?.debug({ route, model: key, operation }, 'router: the model\'s provider does not implement this operation; skipped');
      else out.push(m);
    }
    return out;
  };

  const call = async <T>(
    route: RouteName,
    operation: keyof ModelBinding,
    needs: Capability[],
    execute: AttemptFn,
    extra: {
      cacheKey: (models: readonly string[]) => string | null;
      cacheCheck: CachedCheck;
      promptVersion: string | null;
      signal: AbortSignal | undefined;
      runId?: string | undefined;
      /** The caller's exact models (`ChatRequest.models`), else the route's plan. */
      models: readonly string[] | undefined;
      question?: string;
    },
  ): Promise<RouterResult<T>> => {
    const callId = newId();
    const planned = plan(route, operation, needs, extra.models);
    if (planned.length === 0) return { ok: false, reason: 'no_route', attempts: [], callId };
    const wrapped = compose(attemptWrappers, execute);
    return (await run({
      // Keyed by the models planned for this call, not the route's list: a canary's answer must not
      // be served to calls that never planned the canary (nor outlive its rollback).
      callId, route, models: planned, execute: wrapped, cacheKey: extra.cacheKey(planned.map((m) => m.key)),
      cacheCheck: extra.cacheCheck, promptVersion: extra.promptVersion, ...(extra.runId ? { runId: extra.runId } : {}), signal: extra.signal, records: [],
      exact: extra.models !== undefined, ...(extra.question !== undefined ? { question: extra.question } : {}),
    })) as RouterResult<T>;
  };

  return {
    chat<T>(request: ChatRequest<T>) {
      const needs: Capability[] = [];
      if (request.tools?.length) needs.push('tools');
      if (request.messages.some((m) => m.role === 'user' && typeof m.content !== 'string' && m.content.some((p) => p.type === 'image'))) needs.push('vision');
      const useCache = config.cache.enabled && request.cache !== false;
      return call<T>(request.route, 'chat', needs, chatExecutor(request as ChatRequest<unknown>, modelFor), {
        cacheKey: (models) =>
          useCache
            ? cacheKey({
                route: request.route, models, messages: request.messages, schema: request.schema, prompt: request.prompt, tools: request.tools,
                escalate: config.routes[request.route]?.escalate,
              })
            : null,
        cacheCheck: chatAnswerCheck(request.schema?.zod, (request.tools?.length ?? 0) > 0),
        promptVersion: request.prompt ? `${request.prompt.id}@${request.prompt.version}` : null,
        signal: request.signal,
        runId: request.runId,
        models: request.models,
        question: lastUserText(request.messages),
      });
    },
    embed(request) {
      const route = request.route ?? 'embed';
      return call<number[][]>(route, 'embedding', ['embeddings'], embedExecutor(request, modelFor), {
        cacheKey: (models) =>
          config.cache.enabled && request.cache !== false
            ? cacheKey({ route, models, messages: request.input.map((content) => ({ role: 'user', content })) })
            : null,
        cacheCheck: embeddingsCheck(request.input.length),
        promptVersion: null,
        signal: request.signal,
        models: request.models,
      });
    },
    transcribe(request) {
      return call<string>(request.route ?? 'transcribe', 'transcription', ['audio'], transcribeExecutor(request, modelFor), {
        cacheKey: () => null,
        cacheCheck: () => ({ ok: false, error: 'transcriptions are not cached' }),
        promptVersion: null,
        signal: request.signal,
        models: request.models,
      });
    },
    hasRoute: (route) => (config.routes[route]?.models.length ?? 0) > 0,
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async close() {
      await this.idle();
      await log.close();
      await cache.close();
    },
  };
}

/** The text of the last user message (its text parts joined), or '' when there is none. */
function lastUserText(messages: ChatRequest<unknown>['messages']): string {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m = messages[i]!;
    if (m.role === 'user') return typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
  }
  return '';
}
