/**
 * Token counts of recorded texts. OpenAI's models (gpt-4-1106-preview, gpt-4, gpt-3.5-turbo) are
 * counted exactly with `gpt-tokenizer`'s cl100k_base, their tokenizer. The others' tokenizers
 * (Mixtral's and Llama's 32k SentencePiece, Claude's, PaLM's) are not available offline, so their
 * texts are counted with cl100k_base too — an approximation: those vocabularies are smaller and
 * usually cut English into somewhat more tokens, so their token counts (and costs) are, if
 * anything, understated. The report says which counts are exact.
 */
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { isOpenAIModel } from './recorded-models.js';

export type TokenCounting = 'cl100k_base' | 'cl100k_base (approximation)';

export function tokenCounting(model: string): TokenCounting {
  return isOpenAIModel(model) ? 'cl100k_base' : 'cl100k_base (approximation)';
}

/** Tokens of `text` under cl100k_base: exact for OpenAI's models, an approximation for the others. */
export function countTokens(text: string): number {
  return cl100k(text);
}
