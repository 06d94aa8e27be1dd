/**
 * The operation an attempt performs against one model: a chat (asking for JSON the way the model
 * supports — structured output, JSON mode, or the prompt alone — and validating it), an embedding
 * or a transcription. Provider failures come back as `failed`, bad answers as `invalid`.
 */
import type { ResolvedModel } from './catalog.js';
import type { CallOptions, ProviderModel, ResponseFormat } from './chat-model.js';
import { NEVER, type Attempt, type AttemptFn, type Outcome } from './pipeline.js';
import { ProviderError } from './provider-error.js';
import type { ChatRequest, EmbedRequest, Message, StoppedValue, ToolCallsValue, TranscribeRequest } from './types.js';
import { toJsonSchema, validateOutput } from './validate-output.js';

export type ModelFor = (model: ResolvedModel) => ProviderModel;

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

export function chatExecutor(request: ChatRequest<unknown>, modelFor: ModelFor): AttemptFn {
  const schema = request.schema;
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
        messages.unshift({
          role: 'system',
          content: `Reply with one JSON object only, no prose and no Markdown, matching this JSON Schema:\n${JSON.stringify(toJsonSchema(schema.zod))}`,
        });
      }
      if (attempt.repair) {
        messages.push(
          { role: 'assistant', content: attempt.repair.answer },
          { role: 'user', content: `Your previous answer was invalid (${attempt.repair.error}). Reply again with only the corrected JSON.` },
        );
      }
      const res = await modelFor(attempt.model).chat(
        { messages, responseFormat: format, ...(request.tools?.length ? { tools: request.tools } : {}) },
        callOptions(attempt),
      );
      const agent = (request.tools?.length ?? 0) > 0;
      if (res.refusal) {
        if (!agent) throw new ProviderError('refusal', `model refused: ${res.refusal}`);
        const value: StoppedValue = { type: 'stopped', reason: 'refusal', content: res.refusal };
        return { kind: 'ok', value, usage: res.usage, cacheable: false };
      }
      if (res.toolCalls.length > 0) {
        const value: ToolCallsValue = { type: 'tool_calls', toolCalls: res.toolCalls, content: res.content };
        return { kind: 'ok', value, usage: res.usage, cacheable: true };
      }
      if (agent && res.finishReason === 'length') {
        const value: StoppedValue = { type: 'stopped', reason: 'length', content: res.content };
        return { kind: 'ok', value, usage: res.usage, cacheable: false };
      }
      if (!schema) {
        if (res.content === null || res.content.trim() === '') {
          return { kind: 'invalid', errorClass: 'invalid_json', error: 'empty answer', answer: '', usage: res.usage };
        }
        return { kind: 'ok', value: res.content, usage: res.usage, cacheable: true };
      }
      const checked = validateOutput(res.content, schema.zod);
      if (checked.success) return { kind: 'ok', value: checked.value, usage: res.usage, cacheable: true };
      return { kind: 'invalid', errorClass: checked.errorClass, error: checked.error, answer: res.content ?? '', usage: res.usage };
    });
}

export function embedExecutor(request: EmbedRequest, modelFor: ModelFor): AttemptFn {
  return (attempt) =>
    guarded(async () => {
      const res = await modelFor(attempt.model).embed(request.input, callOptions(attempt));
      if (res.vectors.length !== request.input.length) {
        return { kind: 'invalid', errorClass: 'schema', error: `expected ${request.input.length} vectors, got ${res.vectors.length}`, answer: '', usage: res.usage };
      }
      return { kind: 'ok', value: res.vectors, usage: res.usage, cacheable: true };
    });
}

export function transcribeExecutor(request: TranscribeRequest, modelFor: ModelFor): AttemptFn {
  return (attempt) =>
    guarded(async () => {
      const perSecond = attempt.model.price?.audioPerSecond !== undefined;
      const res = await modelFor(attempt.model).transcribe(
        request.audio,
        { perSecond, ...(request.language ? { language: request.language } : {}) },
        callOptions(attempt),
      );
      return { kind: 'ok', value: res.text, usage: res.usage, cacheable: false };
    });
}
