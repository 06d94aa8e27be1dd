/**
 * The router's public shapes: what a caller sends, what it gets back, and what every attempt
 * leaves in the call log. No vendor types here — the OpenAI wire format stops in
 * `openai-model.ts`.
 */
import type { ZodType } from 'zod';

/**
 * A route's name: the built-in ones (`brief`, `alert`, `ask`, `classify`, `embed`, `vision`,
 * `transcribe`) or any route the config defines (routes are open; see `routes.ts`).
 */
export type RouteName = string;

/** A piece of a user message: text, or an image (http(s) URL or `data:` URL) for vision routes. */
export type ContentPart = { type: 'text'; text: string } | { type: 'image'; url: string; detail?: 'low' | 'high' | 'auto' };

export type Message =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** A function the model may call; `parameters` is a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The raw JSON text the model produced; the caller validates it (a tool is refused on bad args). */
  arguments: string;
}

/** The output schema of a call: `version` goes into the cache key, so bump it when the shape changes. */
export interface OutputSchema<T> {
  name: string;
  version: string | number;
  zod: ZodType<T>;
}

export interface PromptRef {
  id: string;
  version: string | number;
}

export interface ChatRequest<T = string> {
  route: RouteName;
  messages: Message[];
  /** Validate the answer as JSON against this schema; without it the value is the text. */
  schema?: OutputSchema<T>;
  /** The prompt template the messages came from; its version is logged and keyed in the cache. */
  prompt?: PromptRef;
  signal?: AbortSignal;
  tools?: ToolSpec[];
  /** Set false to bypass the response cache for this call (default: config `cache.enabled`); the bench always does. */
  cache?: boolean;
  /**
   * Try exactly these models (config/catalog keys, in cascade order) instead of the route's; the
   * route still gives timeouts and retries. No canary or shadow applies. The bench measures one
   * model at a time this way.
   */
  models?: readonly string[];
  /**
   * Groups this call with the other model calls of one task (every turn of an Ask Herald
   * question) under one id in the call log.
   */
  runId?: string;
}

/**
 * With tools, a turn that ended without a usable answer: the model refused, or stopped at its
 * output limit (`length`). An agent loop decides what to tell the user, so it comes back as data
 * rather than as a failed attempt that would move the cascade on.
 */
export interface StoppedValue {
  type: 'stopped';
  reason: 'refusal' | 'length';
  /** The refusal message, or the text written before the limit. */
  content: string | null;
}

/** What a chat call returns when the model asked for tools instead of answering. */
export interface ToolCallsValue {
  type: 'tool_calls';
  toolCalls: ToolCall[];
  /** Any text the model sent beside the calls. */
  content: string | null;
}

export interface EmbedRequest {
  route?: RouteName;
  input: string[];
  signal?: AbortSignal;
  /** Set false to bypass the response cache for this call. */
  cache?: boolean;
  /** Exactly these models instead of the route's (see `ChatRequest.models`). */
  models?: readonly string[];
}

export interface TranscribeRequest {
  route?: RouteName;
  audio: { data: Uint8Array; filename: string; mimeType?: string };
  /** ISO-639-1 hint such as `ru`. */
  language?: string;
  signal?: AbortSignal;
  /** Exactly these models instead of the route's (see `ChatRequest.models`). */
  models?: readonly string[];
}

/** `escalated`: a valid answer an escalate check doubted, so the next model was tried (its cost counts). */
export type AttemptStatus = 'ok' | 'error' | 'timeout' | 'rate_limited' | 'invalid' | 'repair_ok' | 'budget' | 'cached' | 'shadow' | 'escalated';

/** Why an attempt failed; null when it succeeded. */
export type ErrorClass =
  | 'transport'
  | 'timeout'
  | 'http_429'
  | 'http_5xx'
  | 'http_4xx'
  | 'refusal'
  | 'invalid_json'
  | 'schema'
  /** The answer was cut at the output limit (`finish_reason: length`): not repaired, the next model is tried. */
  | 'length'
  | 'circuit_open'
  | 'aborted'
  | 'deadline'
  | 'budget'
  /** The route's `escalate` check doubted a valid answer (`error` says which check and why). */
  | 'escalated';

/** How a cost was computed: from catalog/config prices, free local model, or unknown (cost null). */
export type Pricing = 'priced' | 'local' | 'unpriced';

export interface Usage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** Seconds of audio, for models priced per second (whisper-1). */
  audioSeconds?: number;
}

/** One row of the call log (SPEC section 1, `herald calls`). */
export interface AttemptRecord {
  ts: Date;
  callId: string;
  route: string;
  model: string;
  provider: string;
  attempt: number;
  status: AttemptStatus;
  errorClass: ErrorClass | null;
  /** The provider's message or the validation error, for humans. */
  error: string | null;
  latencyMs: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  /** USD; null when the model is unpriced. */
  costUsd: number | null;
  pricing: Pricing;
  cacheHit: boolean;
  promptVersion: string | null;
  /** The task this call belongs to (`ChatRequest.runId`); absent for a lone call. */
  runId?: string | null;
}

/** `refused`: every model that answered declined (the refusal is in the result). */
export type FailureReason = 'budget' | 'no_route' | 'all_failed' | 'deadline' | 'aborted' | 'refused';

export type RouterResult<T> =
  | {
      ok: true;
      value: T;
      model: string;
      callId: string;
      costUsd: number | null;
      cached: boolean;
      /**
       * Why the answering model stopped (`stop`, `tool_calls`, `length` for an agent's cut turn…);
       * null for a cache hit, embeddings and transcriptions.
       */
      finishReason: string | null;
      /** Every attempt of the call, failed ones included (the lab prices each). */
      attempts: AttemptRecord[];
    }
  | { ok: false; reason: 'refused'; /** The (first) model's refusal message: data for the caller to show or log. */ refusal: string; attempts: AttemptRecord[]; callId: string }
  | { ok: false; reason: Exclude<FailureReason, 'refused'>; attempts: AttemptRecord[]; callId: string };

/** Raised once per budget scope and day when a daily budget is spent. */
export interface BudgetExhaustedEvent {
  scope: 'global' | RouteName;
  day: string;
  spentUsd: number;
  limitUsd: number;
}
