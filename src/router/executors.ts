/**
 * The operation an attempt performs against one model: a chat (asking for JSON the way the model
 * supports — structured output, JSON mode, or the prompt alone — and validating it), an embedding
 * or a transcription. Provider failures come back as `failed`; what the model said is data: a bad
 * answer is `invalid`, a `length` stop is `invalid` with error class `length` (never repaired), a
 * refusal is `refused`. The JSON instruction and the repair request are `prompts/json-*.md`.
 */
import type { CallOptions, ResponseFormat } from './chat-model.js';
import { NEVER, type Attempt, type AttemptFn, type Outcome } from './pipeline.js';
import { loadPrompt, renderPrompt } from './prompts.js';
import type { ProviderRegistry } from './provider.js';
import { ProviderError } from './provider-error.js';
import type { ChatRequest, EmbedRequest, Message, StoppedValue, ToolCallsValue, TranscribeRequest } from './types.js';
import { toJsonSchema, validateOutput } from './validate-output.js';

function callOptions(attempt: Attempt): CallOptions {
  return attempt.signal === NEVER ? { timeoutMs: attempt.timeoutMs } : { timeoutMs: attempt.timeoutMs, signal: attempt.signal };
}

async function guarded<T>(fn: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ProviderError) return { kind: 'failed', error: err };
    throw err;
  }
}

/** The model's side of an operation; the plan skips models whose provider lacks it, a shadow model may not. */
function served<M>(model: M | null, attempt: Attempt, what: string): M {
  if (!model) throw new ProviderError('http_4xx', `provider "${attempt.model.provider}" serves no ${what}`);
  return model;
}

/** One message rendered from a prompt file that has no locale sections. */
function promptMessage(id: string, vars: Record<string, string>): Message {
  const [message] = renderPrompt(loadPrompt(id), 'en', vars);
  return message!;
}

export function chatExecutor(request: ChatRequest<unknown>, models: ProviderRegistry): AttemptFn {
  const schema = request.schema;
  const agent = (request.tools?.length ?? 0) > 0;
  return (attempt) =>
    guarded(async () => {
      const caps = attempt.model.capabilities;
      const format: ResponseFormat = !schema
        ? { type: 'text' }
        : caps.json_schema
          ? { type: 'json_schema', name: schema.name, schema: toJsonSchema(schema.zod) }
          : caps.json_mode
            ? { type: 'json_object' }
            : { type: 'text' };
      const messages: Message[] = [...request.messages];
      if (schema && format.type !== 'json_schema') {
        messages.unshift(promptMessage('json-instruction', { schema: JSON.stringify(toJsonSchema(schema.zod)) }));
      }
      if (attempt.repair) {
        messages.push({ role: 'assistant', content: attempt.repair.answer }, promptMessage('json-repair', { error: attempt.repair.error }));
      }
      const res = await served(models(attempt.model).chat, attempt, 'chat').chat(
        { messages, responseFormat: format, ...(request.tools?.length ? { tools: request.tools } : {}) },
        callOptions(attempt),
      );
      const finishReason = res.finishReason;
      if (res.refusal) {
        // An agent loop decides what to tell the user: the refusal is its answer. Elsewhere the
        // cascade asks the next model, and returns the refusal only when none answers.
        if (!agent) return { kind: 'refused', refusal: res.refusal, usage: res.usage };
        const value: StoppedValue = { type: 'stopped', reason: 'refusal', content: res.refusal };
        return { kind: 'ok', value, usage: res.usage, finishReason };
      }
      if (res.toolCalls.length > 0) {
        const value: ToolCallsValue = { type: 'tool_calls', toolCalls: res.toolCalls, content: res.content };
        return { kind: 'ok', value, usage: res.usage, finishReason };
      }
      if (finishReason === 'length') {
        if (agent) {
          const value: StoppedValue = { type: 'stopped', reason: 'length', content: res.content };
          return { kind: 'ok', value, usage: res.usage, finishReason };
        }
        // Cut at the output limit: not a broken answer to repair (the same request would be cut again).
        return { kind: 'invalid', errorClass: 'length', error: 'the answer was cut at the output limit (finish_reason length)', answer: res.content ?? '', usage: res.usage };
      }
      if (!schema) {
        if (res.content === null || res.content.trim() === '') {
          return { kind: 'invalid', errorClass: 'invalid_json', error: 'empty answer', answer: '', usage: res.usage };
        }
        return { kind: 'ok', value: res.content, usage: res.usage, finishReason };
      }
      const checked = validateOutput(res.content, schema.zod);
      if (checked.success) return { kind: 'ok', value: checked.value, usage: res.usage, finishReason };
      return { kind: 'invalid', errorClass: checked.errorClass, error: checked.error, answer: res.content ?? '', usage: res.usage };
    });
}

export function embedExecutor(request: EmbedRequest, models: ProviderRegistry): AttemptFn {
  return (attempt) =>
    guarded(async () => {
      const res = await served(models(attempt.model).embedding, attempt, 'embeddings').embed(request.input, callOptions(attempt));
      if (res.vectors.length !== request.input.length) {
        return { kind: 'invalid', errorClass: 'schema', error: `expected ${request.input.length} vectors, got ${res.vectors.length}`, answer: '', usage: res.usage };
      }
      return { kind: 'ok', value: res.vectors, usage: res.usage, finishReason: null };
    });
}

export function transcribeExecutor(request: TranscribeRequest, models: ProviderRegistry): AttemptFn {
  return (attempt) =>
    guarded(async () => {
      const perSecond = attempt.model.price?.audioPerSecond !== undefined;
      const res = await served(models(attempt.model).transcription, attempt, 'transcriptions').transcribe(
        request.audio,
        { perSecond, ...(request.language ? { language: request.language } : {}) },
        callOptions(attempt),
      );
      return { kind: 'ok', value: res.text, usage: res.usage, finishReason: null };
    });
}
