/**
 * The `replay` provider: serves the recorded answers of real models through the router's
 * provider seam, with no config, key or network. It finds the question a request asks by its
 * text — GSM8K's `Question: …\nAnswer:` turn, or an MT-Bench conversation's first question (and
 * the turn by the number of user messages) — and answers with that model's recorded answer to
 * that question id, reporting the usage a live call would have billed (cl100k token counts; see
 * `tokens.ts`). A prompt it has no recording for is a non-retryable 4xx: the lab never pretends.
 */
import type { ChatModel, ModelChatResponse } from '../../router/chat-model.js';
import { ProviderError } from '../../router/provider-error.js';
import type { Message } from '../../router/types.js';
import { gsm8kCalls, gsm8kQuestionPrompt, type Gsm8kModel } from './gsm8k-calls.js';
import type { Gsm8kItem } from './gsm8k-data.js';
import type { MtBench } from './mtbench-data.js';
import type { ReplayedCall } from './replay-results.js';
import { replayedCall, type ReplaySuite } from './replay-suite.js';
import { countTokens } from './tokens.js';

export const REPLAY_PROVIDER = 'replay';

export interface ReplaySource {
  gsm8k?: { items: readonly Gsm8kItem[]; suite: ReplaySuite };
  mtbench?: { data: MtBench; suite: ReplaySuite };
}

/** A recorded answer as the provider returns it, with the replayed call's figures. */
export interface ReplayAnswer {
  text: string;
  call: ReplayedCall;
}

export interface ReplayProvider {
  chatModel(modelId: string): ChatModel;
  /** The recorded answer a request gets from `model` (also what `chat` returns), or a ProviderError. */
  answer(model: string, messages: readonly Message[]): ReplayAnswer;
}

const userTexts = (messages: readonly Message[]) =>
  messages.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('')));

export function createReplayProvider(source: ReplaySource): ReplayProvider {
  const gsm8k = new Map<string, { item: Gsm8kItem; calls: Record<Gsm8kModel, ReplayedCall> }>();
  if (source.gsm8k) {
    const calls = gsm8kCalls(source.gsm8k.items, source.gsm8k.suite);
    source.gsm8k.items.forEach((item, i) => gsm8k.set(gsm8kQuestionPrompt(item.question), { item, calls: calls[i]! }));
  }
  const mtQuestions = new Map((source.mtbench?.data.questions ?? []).map((q) => [q.turns[0], q]));

  const answer = (model: string, messages: readonly Message[]): ReplayAnswer => {
    const users = userTexts(messages);
    const recorded = users.length === 1 ? gsm8k.get(users[0]!) : undefined;
    if (recorded) {
      const a = recorded.item.answers[model as Gsm8kModel];
      if (!a) throw new ProviderError('http_4xx', `replay: no recorded GSM8K answer of ${model} (question ${recorded.item.id})`);
      return { text: a.text, call: recorded.calls[model as Gsm8kModel] };
    }
    const q = mtQuestions.get(users[0] ?? '');
    // Only the recorded conversation is answered: [turn 1] or [turn 1, answer, turn 2] — a repair
    // prompt or any other follow-up has no recording.
    if (q && source.mtbench && (users.length === 1 || (users.length === 2 && users[1] === q.turns[1]))) {
      const turns = source.mtbench.data.answers.get(model)?.get(q.id);
      if (!turns) throw new ProviderError('http_4xx', `replay: no recorded MT-Bench answer of ${model} (question ${q.id})`);
      const turn = users.length - 1;
      // Tokens of what this request sends: the conversation so far, as a live call would bill it.
      const input = messages.reduce((n, m) => n + (m.role === 'system' ? 0 : countTokens(typeof m.content === 'string' ? m.content : userTexts([m]).join(''))), 0);
      return { text: turns[turn]!, call: replayedCall(source.mtbench.suite, model, input, countTokens(turns[turn]!)) };
    }
    throw new ProviderError('http_4xx', 'replay: no recorded question matches this request');
  };

  return {
    answer,
    chatModel: (modelId) => ({
      async chat(request): Promise<ModelChatResponse> {
        const { text, call } = answer(modelId, request.messages);
        return {
          content: text,
          refusal: null,
          toolCalls: [],
          finishReason: 'stop',
          usage: { inputTokens: call.inputTokens, cachedTokens: 0, outputTokens: call.outputTokens },
        };
      },
    }),
  };
}
