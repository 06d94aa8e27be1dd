/**
 * What each recorded GSM8K answer would have cost live: RouteLLM asked both models with an
 * 8-shot prompt (the first eight GSM8K training problems with their worked answers, then
 * "Question: …\nAnswer:"; routellm/evals/gsm8k/generate_responses.py). The training split is not
 * in the shared data, so the eight examples' length is estimated as eight times the mean length
 * of a "Question: … Answer: …" pair of this data set (question plus Mixtral's answer, which
 * follows the worked-answer format) — stated in the report.
 */
import type { Gsm8kItem } from './gsm8k-data.js';
import { CHEAP_MODEL, STRONG_MODEL } from './recorded-models.js';
import type { ReplayedCall } from './replay-results.js';
import { replayedCall, type ReplaySuite } from './replay-suite.js';
import { countTokens } from './tokens.js';

export const FEW_SHOT = 8;

export type Gsm8kModel = typeof CHEAP_MODEL | typeof STRONG_MODEL;
export const GSM8K_MODELS: readonly Gsm8kModel[] = [CHEAP_MODEL, STRONG_MODEL];

/** The user turn of one question (after the few-shot examples). */
export function gsm8kQuestionPrompt(question: string): string {
  return `Question: ${question}\nAnswer:`;
}

/** Estimated tokens of the 8-shot prefix (see the module note); the suite file holds the full set's figure. */
export function fewShotPrefixTokens(items: readonly Gsm8kItem[]): number {
  if (items.length === 0) return 0;
  let total = 0;
  for (const it of items) total += countTokens(`Question: ${it.question}\nAnswer: ${it.answers[CHEAP_MODEL].text.trim()}\n\n`);
  return Math.round((FEW_SHOT * total) / items.length);
}

/** Every item's replayed call per model: tokens, cost at the suite's prices, modelled latency. */
export function gsm8kCalls(items: readonly Gsm8kItem[], suite: ReplaySuite): Array<Record<Gsm8kModel, ReplayedCall>> {
  return items.map((it) => {
    const inputTokens = suite.fewShotPrefixTokens + countTokens(gsm8kQuestionPrompt(it.question));
    const call = (model: Gsm8kModel) => replayedCall(suite, model, inputTokens, countTokens(it.answers[model].text));
    return { [CHEAP_MODEL]: call(CHEAP_MODEL), [STRONG_MODEL]: call(STRONG_MODEL) };
  });
}
