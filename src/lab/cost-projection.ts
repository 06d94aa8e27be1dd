/**
 * `herald cost`: the monthly projection of SPEC section 5 —
 *   monthlyUsd = Σ routes callsPerDay × days × (1 − cacheHitRate) × (inputTokens × input price + outputTokens × output price)
 * — and savings with their amounts: a cheaper model (or cascade) where the last bench shows
 * parity, batch pricing for routes that can wait, the provider's prompt cache, the response cache.
 */
import type { Config, Locale } from '../config.js';
import { labText } from '../locales/lab.js';
import { resolveModel, type Price } from '../router/catalog.js';
import type { RecommendationEntry } from './results.js';
import type { RouteTraffic, TrafficProfile } from './traffic.js';
import { round } from './run-stats.js';

/** OpenAI's Batch API (and Anthropic's, Google's) bills half the synchronous price, answers within 24 h. */
export const BATCH_DISCOUNT = 0.5;
/** Routes whose answers can wait hours unless the profile says otherwise. */
const NOT_URGENT = new Set(['classify', 'embed']);
/**
 * Routes the response cache never answers, whatever the config says: Ask Herald's tool
 * conversations (`ask`, and `vision` for photos) call with `cache: false`, and transcriptions
 * are never cached. Turning the cache on saves nothing there.
 */
const NEVER_CACHED = new Set(['ask', 'vision', 'transcribe']);

export interface RouteCost {
  model: string;
  /** Calls over the period (callsPerDay × days), cache hits included. */
  calls: number;
  /** Null when the model has no known price (said so in `unpriced`, never counted as $0). */
  monthlyUsd: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheHitRate: number;
}

export interface Suggestion {
  route: string;
  change: string;
  monthlyUsdSaved: number;
}

export interface CostReport {
  /** Null when some route's model is unpriced (`pricedMonthlyUsd` then sums the rest). */
  monthlyUsd: number | null;
  pricedMonthlyUsd: number;
  days: number;
  byRoute: Record<string, RouteCost>;
  unpriced: string[];
  suggestions: Suggestion[];
  source: 'profile' | 'call_log';
}

/** USD of one call's tokens at a price (per-million prices). */
export function callCost(price: Price, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

export interface ProjectOptions {
  config: Config;
  source: 'profile' | 'call_log';
  /** The last bench's recommendation per route (from the bench history), for parity savings. */
  bench?: Record<string, RecommendationEntry>;
  /** Language of the suggestions (default ru). */
  locale?: Locale;
}

export function projectCost(profile: TrafficProfile, options: ProjectOptions): CostReport {
  const { config } = options;
  const byRoute: Record<string, RouteCost> = {};
  const unpriced: string[] = [];
  const suggestions: Suggestion[] = [];
  let priced = 0;
  for (const [route, t] of Object.entries(profile.routes)) {
    const modelKey = t.model ?? config.routes[route as keyof Config['routes']]?.models[0];
    if (!modelKey) throw new Error(`routes.${route}.model: no model given and the config has no route ${route}`);
    const model = resolveModel(modelKey, config);
    const inputTokens = t.inputTokens ?? 0;
    const outputTokens = t.outputTokens ?? 0;
    const hit = t.cacheHitRate ?? profile.cacheHitRate;
    const calls = t.callsPerDay * profile.days;
    const billed = calls * (1 - hit);
    const monthly = model?.price ? billed * callCost(model.price, inputTokens, outputTokens) : null;
    byRoute[route] = { model: modelKey, calls: round(calls, 4), monthlyUsd: monthly === null ? null : round(monthly, 4), inputTokens, outputTokens, cacheHitRate: hit };
    if (monthly === null || !model?.price) {
      unpriced.push(route);
      continue;
    }
    priced += monthly;
    suggestions.push(...routeSuggestions(route, t, model.price, billed, monthly, hit, calls, options));
  }
  suggestions.sort((a, b) => b.monthlyUsdSaved - a.monthlyUsdSaved);
  return {
    monthlyUsd: unpriced.length > 0 ? null : round(priced, 4),
    pricedMonthlyUsd: round(priced, 4),
    days: profile.days,
    byRoute,
    unpriced,
    suggestions,
    source: options.source,
  };
}

function routeSuggestions(
  route: string, t: RouteTraffic, price: Price, billed: number, monthly: number, hit: number, calls: number, options: ProjectOptions,
): Suggestion[] {
  const out: Suggestion[] = [];
  const input = t.inputTokens ?? 0;
  const output = t.outputTokens ?? 0;
  const add = (change: string, saved: number) => {
    if (saved > 0.00005) out.push({ route, change, monthlyUsdSaved: round(saved, 4) });
  };

  const text = labText(options.locale ?? 'ru');
  const pct = (x: number) => text.pct(x);
  // A cheaper model or cascade at bench parity: the same tokens at its prices.
  const rec = options.bench?.[route];
  if (rec && rec.models.join() !== (t.model ?? '')) {
    const prices = rec.models.map((m) => resolveModel(m, options.config)?.price ?? null);
    if (prices.every((p) => p !== null)) {
      const first = callCost(prices[0]!, input, output);
      const perCall = rec.models.length > 1 ? first + (rec.escalationRate ?? 1) * callCost(prices[1]!, input, output) : first;
      const what =
        rec.models.length > 1
          ? text.cost.cascade(rec.models, pct(rec.escalationRate ?? 0), rec.suite)
          : text.cost.switchTo(rec.models[0]!, rec.suite, (rec.quality ?? 0).toFixed(3), rec.floor.toFixed(3));
      add(what, monthly - billed * perCall);
    }
  }
  // Batch pricing where answers can wait.
  const urgent = t.urgent ?? !NOT_URGENT.has(route);
  if (!urgent) add(text.cost.batch(BATCH_DISCOUNT * 100), monthly * BATCH_DISCOUNT);
  // The provider's prompt cache on the stable prefix of each call.
  const prefix = Math.min(t.cachedInputTokens ?? 0, input);
  if (prefix > 0 && price.cachedInputPerMTok < price.inputPerMTok) {
    add(text.cost.promptCache(prefix, price.cachedInputPerMTok, price.inputPerMTok), (billed * prefix * (price.inputPerMTok - price.cachedInputPerMTok)) / 1_000_000);
  }
  // The response cache: only where it is off for this route and could answer it (not ask, vision, transcribe).
  if (!options.config.cache.enabled && !NEVER_CACHED.has(route) && hit > 0) {
    add(text.cost.responseCache(pct(hit)), calls * hit * callCost(price, input, output));
  }
  return out;
}
