/**
 * The models whose real answers are recorded in the shared replay data, by the keys Herald uses
 * for them (SPEC §1): RouteLLM's pair, and FastChat's MT-Bench models under their FastChat names.
 */

/** The cheap model of RouteLLM's pair: Mixtral-8x7B-Instruct-v0.1. */
export const CHEAP_MODEL = 'mixtral-8x7b-instruct';
/** The strong model of RouteLLM's pair. */
export const STRONG_MODEL = 'gpt-4-1106-preview';

/** How RouteLLM's files name the pair (CSV columns, the judgements' `model`). */
export const ROUTELLM_NAMES: Record<string, string> = {
  [CHEAP_MODEL]: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
  [STRONG_MODEL]: 'gpt-4-1106-preview',
};

/** FastChat's MT-Bench answer files (`mt_bench/model_answer/<name>.jsonl`): answers, no grades here. */
export const FASTCHAT_MODELS = [
  'gpt-4',
  'gpt-3.5-turbo',
  'claude-v1',
  'claude-instant-v1',
  'palm-2-chat-bison-001',
  'vicuna-13b-v1.3',
  'llama-13b',
] as const;

/** True for models whose tokenizer `gpt-tokenizer` implements exactly (OpenAI's cl100k_base family). */
export function isOpenAIModel(model: string): boolean {
  return model.startsWith('gpt-');
}
