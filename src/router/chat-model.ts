/**
 * The one seam between the router and a provider: three separate interfaces, one per operation,
 * so a provider implements only what it serves (a chat-only provider has no `embed`). The router's
 * cascade, retries, breaker, cache and log only ever see these; `openai-model.ts` implements all
 * three for every OpenAI-compatible endpoint. Methods throw `ProviderError` for failures of the
 * call itself; what the model said (a refusal, a `length` stop, broken JSON) comes back as data.
 */
import type { Message, ToolCall, ToolSpec, Usage } from './types.js';

/** How to ask for JSON: the provider's structured output, its JSON mode, or only the prompt. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> };

export interface ModelChatRequest {
  messages: Message[];
  responseFormat: ResponseFormat;
  tools?: ToolSpec[];
}

export interface ModelChatResponse {
  content: string | null;
  refusal: string | null;
  toolCalls: ToolCall[];
  /**
   * Why the model stopped, as the provider names it (`stop`, `length`, `tool_calls`,
   * `content_filter`…); null when it did not say. `length` means the answer was cut at the output
   * limit.
   */
  finishReason: string | null;
  usage: Usage;
}

/**
 * Per-request limits. The model enforces `timeoutMs` itself (throwing a `timeout` ProviderError):
 * the SDK already arms a timer per request, and linking an AbortSignal of our own into every
 * call measured ~200 µs — twice the router's whole overhead budget.
 */
export interface CallOptions {
  timeoutMs: number;
  /** The caller's abort signal, when there is one. */
  signal?: AbortSignal;
}

export interface ChatModel {
  chat(request: ModelChatRequest, options: CallOptions): Promise<ModelChatResponse>;
}

export interface EmbeddingModel {
  embed(input: string[], options: CallOptions): Promise<{ vectors: number[][]; usage: Usage }>;
}

export interface TranscriptionModel {
  transcribe(
    audio: { data: Uint8Array; filename: string; mimeType?: string },
    params: { language?: string; perSecond: boolean },
    options: CallOptions,
  ): Promise<{ text: string; usage: Usage }>;
}
