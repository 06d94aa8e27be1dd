/**
 * The two levels at which cross-cutting concerns wrap the router, and the one `compose` that
 * nests them (grammY's API transformers, Hono's compose): a *call* (cache, budget, shadow around
 * the cascade) and an *attempt* (log, circuit breaker, timeout around one provider request).
 */
import type { CachedCheck } from './cached-value.js';
import type { ResolvedModel } from './catalog.js';
import type { Doubt, EscalateCheck } from './escalate.js';
import type { ProviderError } from './provider-error.js';
import type { AttemptRecord, RouterResult, Usage } from './types.js';

/** One request to one model. */
export interface Attempt {
  callId: string;
  route: string;
  model: ResolvedModel;
  /** Counts from 1 within a call, across models. */
  number: number;
  /** Set on the repair retry: the invalid answer and what was wrong with it. */
  repair?: { answer: string; error: string };
  /** Aborts on the caller's signal or the call's deadline. */
  signal: AbortSignal;
  /** Per-attempt timeout (already capped by the remaining deadline). */
  timeoutMs: number;
  /** True when `timeoutMs` is the rest of the call's deadline: its expiry then ends the call. */
  timeoutIsDeadline?: boolean;
  promptVersion: string | null;
  /** The task the call belongs to, for the call log. */
  runId?: string;
  /** A shadow attempt: logged for comparison, its answer never used. */
  shadow: boolean;
  /** The route's escalate checks, set when a later model can still be tried (never on the last). */
  escalate?: readonly EscalateCheck[];
  /** The call's question (its last user message), for the `learned` escalate check. */
  question?: string;
  /** Every attempt of the call, in order (the log wrapper appends). */
  records: AttemptRecord[];
}

export type Outcome<T> =
  /** `finishReason`: the provider's stop reason (null for embeddings, transcriptions, or when it gave none). */
  | { kind: 'ok'; value: T; usage: Usage; finishReason: string | null }
  /** A bad answer: broken JSON or the wrong shape (repaired once), or cut at the output limit (`length`: never repaired). */
  | { kind: 'invalid'; errorClass: 'invalid_json' | 'schema' | 'length'; error: string; answer: string; usage: Usage }
  /** The model declined (outside a tool conversation): data, not a failure of the call; the cascade asks the next model. */
  | { kind: 'refused'; refusal: string; usage: Usage }
  /** A valid answer an escalate check doubts: the cascade tries the next model, keeping this one as a fallback. */
  | { kind: 'escalated'; value: T; usage: Usage; finishReason: string | null; doubt: Doubt }
  | { kind: 'failed'; error: ProviderError };

export type AttemptFn = (attempt: Attempt) => Promise<Outcome<unknown>>;
export type AttemptWrapper = (next: AttemptFn, attempt: Attempt) => Promise<Outcome<unknown>>;

/** One call through a route. */
export interface Call {
  callId: string;
  route: string;
  /** Eligible models in cascade order (canary already placed first). */
  models: ResolvedModel[];
  /** The operation against one model (chat, embed or transcribe), wrapped per attempt. */
  execute: AttemptFn;
  /**
   * Cache key, or null when this call must not use the cache. It covers the models planned for
   * this call (`models`, canary included), so a canary's answer is never served to a call that
   * did not plan the canary — nor after the canary is rolled back.
   */
  cacheKey: string | null;
  /** What a cached value must look like to be served (the call's schema, text, tool calls, vectors). */
  cacheCheck: CachedCheck;
  promptVersion: string | null;
  runId?: string;
  signal: AbortSignal | undefined;
  records: AttemptRecord[];
  /** The caller named the models (`ChatRequest.models`): no canary, no shadow. */
  exact?: boolean;
  /** A chat's last user message as text (the `learned` escalate check reads it). */
  question?: string;
}

export type CallFn = (call: Call) => Promise<RouterResult<unknown>>;
export type CallWrapper = (next: CallFn, call: Call) => Promise<RouterResult<unknown>>;

/** The signal of a call whose caller passed none: it never aborts (and takes no listeners). */
export const NEVER: AbortSignal = new AbortController().signal;

/** Nests wrappers so that the first one listed is the outermost. */
export function compose<Req, Res>(wrappers: ReadonlyArray<(next: (req: Req) => Promise<Res>, req: Req) => Promise<Res>>, inner: (req: Req) => Promise<Res>) {
  return wrappers.reduceRight<(req: Req) => Promise<Res>>((next, wrapper) => (req) => wrapper(next, req), inner);
}
