/**
 * Escalation: a route may name checks (`escalate`) that run on a VALID answer of every model but
 * the route's last; when one doubts the answer, the cascade tries the next model, as FrugalGPT's
 * and RouteLLM's cascades do. The doubted attempt is logged with status `escalated` (its tokens
 * and cost included), so `herald calls` gives the route's escalation rate. Checks read the answer
 * alone (`learned` also reads the question): they cost no model call. Which checks pay off, and
 * by how much, is measured by `herald bench --suite gsm8k-replay` (docs/model-choice.md); the
 * winner there, the learned cascade, is the `learned` check (`learned-check.ts`).
 */
import { arithmeticSlips } from './answer-arithmetic.js';
import { hedgeCount } from './answer-hedging.js';
import { finalIsFractional, finalNumber } from './answer-number.js';
import type { LearnedCheck } from './learned-check.js';
import type { AttemptWrapper } from './pipeline.js';
import { isToolCalls } from './tool-calls.js';

export const ESCALATE_CHECKS = ['answer-format', 'whole-number', 'arithmetic', 'hedging', 'learned'] as const;
export type EscalateCheck = (typeof ESCALATE_CHECKS)[number];

export interface Doubt {
  check: EscalateCheck;
  reason: string;
}

/** What the `learned` check needs besides the answer. */
export interface DoubtContext {
  /** The call's question (its last user message). */
  question: string;
  /** The answer's output tokens. */
  outputTokens: number;
  /** The learned check's weights (loaded on first use). */
  learned: () => LearnedCheck;
}

/** The first of `checks` that doubts `text`, or null when all accept it. */
export function doubtOf(text: string, checks: readonly EscalateCheck[], context?: DoubtContext): Doubt | null {
  for (const check of checks) {
    const reason = doubtReason(check, text, context);
    if (reason) return { check, reason };
  }
  return null;
}

function doubtReason(check: EscalateCheck, text: string, context: DoubtContext | undefined): string | null {
  switch (check) {
    case 'answer-format':
      return finalNumber(text) === null ? 'no extractable final number' : null;
    case 'whole-number':
      return finalIsFractional(text) ? `final number ${finalNumber(text)} is not a whole number` : null;
    case 'arithmetic': {
      const slip = arithmeticSlips(text)[0];
      return slip ? `${slip.expression} = ${slip.computed}, not ${slip.stated}` : null;
    }
    case 'hedging':
      return hedgeCount(text) > 0 ? 'the answer hedges' : null;
    case 'learned': {
      if (!context) throw new Error('escalate check "learned" needs the question and the answer\'s tokens');
      const check = context.learned();
      const score = check.score(context.question, text, context.outputTokens);
      return score > check.file.threshold ? `score ${score.toFixed(3)} > threshold ${check.file.threshold.toFixed(3)}` : null;
    }
    default: {
      const never: never = check;
      throw new Error(`unknown escalate check ${String(never)}`);
    }
  }
}

/**
 * Runs the attempt's escalate checks on a valid answer; a doubted answer comes back as
 * `escalated` (still carrying its value, so the cascade can fall back to it when every later
 * model fails). Tool calls are not answers and are never doubted.
 */
export function withEscalation(learned: () => LearnedCheck): AttemptWrapper {
  return async (next, attempt) => {
    const outcome = await next(attempt);
    if (outcome.kind !== 'ok' || !attempt.escalate?.length || isToolCalls(outcome.value)) return outcome;
    const text = typeof outcome.value === 'string' ? outcome.value : JSON.stringify(outcome.value);
    const doubt = doubtOf(text, attempt.escalate, { question: attempt.question ?? '', outputTokens: outcome.usage.outputTokens, learned });
    return doubt ? { kind: 'escalated', value: outcome.value, usage: outcome.usage, finishReason: outcome.finishReason, doubt } : outcome;
  };
}
