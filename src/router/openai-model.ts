/**
 * `ChatModel`, `EmbeddingModel` and `TranscriptionModel` for every OpenAI-compatible endpoint (OpenAI, DeepSeek, OpenRouter, Ollama, vLLM,
 * llama.cpp's server, Anthropic's compatibility endpoint) through the `openai` package. The SDK's
 * own retries are off: retries, timeouts and fallbacks belong to the router, which logs each one.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, toFile } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CallOptions, ChatModel, EmbeddingModel, ResponseFormat, TranscriptionModel } from './chat-model.js';
import type { ResolvedProvider } from './catalog.js';
import { classifyStatus, parseRetryAfter, ProviderError } from './provider-error.js';
import type { Message, ToolCall } from './types.js';

export interface ClientOptions {
  fetch?: typeof fetch;
}

/** One SDK client per provider, shared by all its models (keeps the connection pool warm). */
export function createOpenAIClient(provider: ResolvedProvider, options: ClientOptions = {}): OpenAI {
  return new OpenAI({
    apiKey: provider.apiKey,
    baseURL: provider.baseURL,
    defaultHeaders: provider.headers,
    maxRetries: 0,
    // The router enforces per-attempt timeouts through the abort signal; this is a backstop.
    timeout: 10 * 60_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/** One OpenAI-compatible model: the endpoint serves all three operations (the catalog says which a model supports). */
export type OpenAIModel = ChatModel & EmbeddingModel & TranscriptionModel;

export function createOpenAIModel(client: OpenAI, providerModel: string, now: () => number = Date.now): OpenAIModel {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toProviderError(err, now());
    }
  };
  return {
    async chat(request, options) {
      const params: ChatCompletionCreateParamsNonStreaming = {
        model: providerModel,
        messages: request.messages.map(toWireMessage),
        ...responseFormat(request.responseFormat),
        ...(request.tools?.length
          ? { tools: request.tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } })) }
          : {}),
      };
      const completion = await call(() => client.chat.completions.create(params, requestOptions(options)));
      const choice = completion.choices[0];
      const message = choice?.message;
      const toolCalls: ToolCall[] = [];
      for (const tc of message?.tool_calls ?? []) {
        if (tc.type === 'function') toolCalls.push({ id: tc.id, name: tc.function.name, arguments: tc.function.arguments });
      }
      return {
        content: message?.content ?? null,
        refusal: message?.refusal ?? null,
        toolCalls,
        finishReason: choice?.finish_reason ?? null,
        usage: {
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          cachedTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
        },
      };
    },

    async embed(input, options) {
      // Ask for floats: not every OpenAI-compatible server (Ollama, llama.cpp) speaks base64.
      const res = await call(() => client.embeddings.create({ model: providerModel, input, encoding_format: 'float' }, requestOptions(options)));
      const vectors = [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      return { vectors, usage: { inputTokens: res.usage?.prompt_tokens ?? 0, cachedTokens: 0, outputTokens: 0 } };
    },

    async transcribe(audio, params, options) {
      const file = await toFile(audio.data, audio.filename, audio.mimeType ? { type: audio.mimeType } : undefined);
      // whisper-1 is billed per second, so ask for verbose_json (it carries `duration`); the newer
      // transcription models report token usage in plain json.
      const res = (await call(() =>
        client.audio.transcriptions.create(
          {
            file,
            model: providerModel,
            response_format: params.perSecond ? 'verbose_json' : 'json',
            ...(params.language ? { language: params.language } : {}),
          },
          requestOptions(options),
        ),
      )) as { text: string; duration?: number | string; usage?: { input_tokens?: number; output_tokens?: number } };
      const usage = {
        inputTokens: res.usage?.input_tokens ?? 0,
        cachedTokens: 0,
        outputTokens: res.usage?.output_tokens ?? 0,
        ...(res.duration !== undefined ? { audioSeconds: Number(res.duration) } : {}),
      };
      return { text: res.text, usage };
    },
  };
}

function requestOptions(options: CallOptions): { timeout: number; signal?: AbortSignal } {
  return options.signal ? { timeout: options.timeoutMs, signal: options.signal } : { timeout: options.timeoutMs };
}

function responseFormat(format: ResponseFormat): Pick<ChatCompletionCreateParamsNonStreaming, 'response_format'> {
  switch (format.type) {
    case 'text':
      return {};
    case 'json_object':
      return { response_format: { type: 'json_object' } };
    case 'json_schema':
      return { response_format: { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: false } } };
    default: {
      const never: never = format;
      return never;
    }
  }
}

function toWireMessage(m: Message): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'user':
      return {
        role: 'user',
        content:
          typeof m.content === 'string'
            ? m.content
            : m.content.map((p) =>
                p.type === 'text'
                  ? { type: 'text' as const, text: p.text }
                  : { type: 'image_url' as const, image_url: { url: p.url, ...(p.detail ? { detail: p.detail } : {}) } },
              ),
      };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.content,
        ...(m.toolCalls?.length
          ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }
          : {}),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    default: {
      const never: never = m;
      return never;
    }
  }
}

function toProviderError(err: unknown, now: number): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof APIUserAbortError) return new ProviderError('aborted', 'request aborted', { cause: err });
  if (err instanceof APIConnectionTimeoutError) return new ProviderError('timeout', 'request timed out', { cause: err });
  if (err instanceof APIConnectionError) return new ProviderError('transport', err.message, { cause: err });
  if (err instanceof APIError && typeof err.status === 'number') {
    const retryAfterMs = parseRetryAfter(err.headers, now);
    return new ProviderError(classifyStatus(err.status), err.message, {
      status: err.status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      cause: err,
    });
  }
  if (err instanceof Error && err.name === 'AbortError') return new ProviderError('aborted', 'request aborted', { cause: err });
  return new ProviderError('transport', err instanceof Error ? err.message : String(err), { cause: err });
}
