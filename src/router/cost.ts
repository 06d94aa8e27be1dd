import type { Price } from './catalog.js';
import type { Pricing, Usage } from './types.js';

/**
 * USD cost of one attempt from the usage the provider reported. Cached input tokens are part of
 * `inputTokens` (OpenAI's `prompt_tokens_details.cached_tokens`) and billed at the cached price.
 * Summing in "USD per million" units before dividing once keeps the result exact to the cent
 * fractions the prices are quoted in.
 */
export function costOf(price: Price | null, usage: Usage): { costUsd: number | null; pricing: Pricing } {
  if (price === null) return { costUsd: null, pricing: 'unpriced' };
  const pricing: Pricing = price.source === 'local' ? 'local' : 'priced';
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const perMillion =
    (usage.inputTokens - cached) * price.inputPerMTok + cached * price.cachedInputPerMTok + usage.outputTokens * price.outputPerMTok;
  const audio = price.audioPerSecond !== undefined && usage.audioSeconds !== undefined ? usage.audioSeconds * price.audioPerSecond : 0;
  return { costUsd: perMillion / 1_000_000 + audio, pricing };
}
