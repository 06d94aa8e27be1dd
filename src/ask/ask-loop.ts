/**
 * The tool-calling loop: the question goes to route `ask` (or `vision` with a photo) with the
 * query tools; each round the model's tool calls are run (refused when unknown or malformed) and
 * their results sent back, until the model answers. Limits: a number of model turns, a spend per
 * question and the route's deadline; every call shares one run id in the call log. The answer is
 * checked for numbers no tool returned (one repair turn, then those sentences are marked) and for
 * leaks (system prompt, secrets), and ends with a source line naming the tools and periods.
 */
import { randomUUID } from 'node:crypto';
import type { Locale, RouteName } from '../config.js';
import { askText } from '../locales/ask.js';
import { loadPrompt, renderPrompt } from '../router/prompts.js';
import type { Router } from '../router/router.js';
import { isStopped, isToolCalls } from '../router/tool-calls.js';
import type { ContentPart, Message, RouterResult } from '../router/types.js';
import { findUnverified, identifiersIn, markSentences, numbersIn, type GroundingFacts, type UnverifiedSentence } from './grounding.js';
import { leaks } from './output-guard.js';
import { sourceLine } from './source-line.js';
import { MAX_CALLS_PER_TURN, type AskTools } from './tools.js';
import { systemClock, type Clock } from '../time/clock.js';

/** One tool call as reported (SPEC section 1): refused calls are listed too. */
export interface ToolCallReport {
  name: string;
  /** The arguments as the model sent them (parsed when they were JSON). */
  arguments: unknown;
  status: 'ok' | 'refused' | 'error';
  error?: string;
}

export type AskOutcome =
  | 'answered'
  | 'step_limit'
  | 'cost_cap'
  | 'deadline'
  | 'refusal'
  | 'length'
  | 'blocked'
  | 'budget'
  | 'no_model'
  | 'failed';

export interface AskResult {
  /** What the user sees: the answer (marked where unverified) and the source line. */
  answer: string;
  outcome: AskOutcome;
  /** The model that wrote the last turn (null when none answered). */
  model: string | null;
  /** Spend of every model call of the question; null when a model had no known price. */
  costUsd: number | null;
  runId: string;
  toolCalls: ToolCallReport[];
  /** Sentences kept verbatim but marked: their numbers matched no tool result after the repair turn. */
  unverified: UnverifiedSentence[];
  /** True when the answer went through the grounding repair turn. */
  repaired: boolean;
  /** Model turns taken. */
  steps: number;
}

export interface AskLimits {
  /** Model turns per question (config `ask.maxSteps`, default 6). */
  maxSteps: number;
  /** USD per question (config `ask.maxCostUsd`, default 0.05); checked before each turn. */
  maxCostUsd: number;
  /** The whole question's deadline (route `deadlineMs`, default 60 s). */
  deadlineMs: number;
}

export interface AskDeps {
  router: Pick<Router, 'chat'>;
  tools: AskTools;
  limits: AskLimits;
  locale: Locale;
  currency: string;
  /** First and last day with data, for the model's sense of "yesterday". */
  dataRange: () => Promise<{ first: string | null; last: string | null }>;
  /** Today in the shop's zone (`YYYY-MM-DD`). */
  today: () => string;
  /** Values that must never appear in an answer (API keys, tokens, connection strings). */
  secrets: readonly string[];
  /** The deadline's clock (default the system clock). */
  clock?: Clock;
  newId?: () => string;
}

export interface AskInput {
  question: string;
  /** Images for the vision route (`data:` URLs). */
  images?: string[];
  /** How the question arrived: a voice transcript or a photo caption is quoted as such. */
  via?: 'text' | 'voice' | 'photo';
}

const PROMPT_ID = 'ask';

export async function askQuestion(deps: AskDeps, input: AskInput): Promise<AskResult> {
  const t = askText(deps.locale);
  const clock = deps.clock ?? systemClock;
  const startedAt = clock.now();
  const runId = (deps.newId ?? randomUUID)();
  const route: RouteName = input.images?.length ? 'vision' : 'ask';
  const prompt = loadPrompt<{ today: string; firstDay: string; lastDay: string; currency: string }>(PROMPT_ID);
  const range = await deps.dataRange();
  const system = renderPrompt(prompt, deps.locale, {
    today: deps.today(),
    firstDay: range.first ?? '—',
    lastDay: range.last ?? '—',
    currency: deps.currency,
  });
  const messages: Message[] = [...system, { role: 'user', content: userContent(input, t) }];
  const systemText = system.map((m) => (m.role === 'system' ? m.content : '')).join('\n');

  const toolCalls: ToolCallReport[] = [];
  const results: unknown[] = [];
  const identifiers: string[] = [];
  let cost: number | null = 0;
  let model: string | null = null;
  let repaired = false;
  let steps = 0;

  const addCost = (result: RouterResult<unknown>) => {
    const spent = result.ok ? result.costUsd : sumCost(result.attempts);
    cost = cost === null || spent === null ? null : cost + spent;
  };
  const finish = (outcome: AskOutcome, answer: string, unverified: UnverifiedSentence[] = []): AskResult => ({
    answer, outcome, model, costUsd: cost === null ? null : Math.round(cost * 1e6) / 1e6, runId, toolCalls, unverified, repaired, steps,
  });
  const withSources = (text: string) => {
    const ok = toolCalls.filter((c) => c.status === 'ok');
    return `${text.trim()}\n\n${sourceLine(ok.map((c, i) => ({ name: c.name, result: results[i] })), t)}`;
  };

  for (;;) {
    if (steps >= deps.limits.maxSteps) return finish('step_limit', withSources(t.stopped.stepLimit(deps.limits.maxSteps)));
    if (cost !== null && cost >= deps.limits.maxCostUsd) return finish('cost_cap', withSources(t.stopped.costCap));
    const remaining = deps.limits.deadlineMs - (clock.now() - startedAt);
    if (remaining <= 0) return finish('deadline', withSources(t.stopped.deadline));

    steps += 1;
    const result = await deps.router.chat({
      route, messages, tools: deps.tools.specs, runId, cache: false, signal: AbortSignal.timeout(Math.ceil(remaining)),
      prompt: { id: prompt.id, version: prompt.version },
    });
    addCost(result);
    if (!result.ok) {
      switch (result.reason) {
        case 'no_route':
          return finish('no_model', t.stopped.noModel);
        case 'budget':
          return finish('budget', t.stopped.budget);
        case 'deadline':
        case 'aborted':
          return finish('deadline', withSources(t.stopped.deadline));
        default:
          return finish('failed', t.stopped.failed);
      }
    }
    model = result.model;
    const value = result.value;

    if (isToolCalls(value)) {
      messages.push({ role: 'assistant', content: value.content, toolCalls: value.toolCalls });
      for (const [i, call] of value.toolCalls.entries()) {
        const outcome =
          i < MAX_CALLS_PER_TURN
            ? await deps.tools.run(call.name, call.arguments)
            : ({ status: 'refused', error: `at most ${MAX_CALLS_PER_TURN} tool calls per turn` } as const);
        const args = parseArguments(call.arguments);
        toolCalls.push({ name: call.name.slice(0, 80), arguments: args, status: outcome.status, ...(outcome.status !== 'ok' ? { error: outcome.error } : {}) });
        if (outcome.status === 'ok') {
          results.push(outcome.result);
          identifiers.push(...identifiersIn(outcome.result));
        }
        identifiers.push(...identifiersIn(args));
        const content = outcome.status === 'ok' ? JSON.stringify(outcome.result) : JSON.stringify({ error: outcome.error, status: outcome.status });
        messages.push({ role: 'tool', toolCallId: call.id, content });
      }
      continue;
    }

    if (isStopped(value)) {
      if (value.reason === 'refusal') return finish('refusal', t.stopped.refusal);
      // Cut at the output limit: what was written is shown, checked and marked like an answer.
      const partial = value.content?.trim() ?? '';
      if (partial === '') return finish('length', withSources(t.stopped.length));
      return finishAnswer(`${partial}…\n${t.stopped.length}`, 'length');
    }

    const answer = String(value).trim();
    const facts = groundingFacts(results, identifiers, input.question);
    const unverified = findUnverified(answer, facts);
    const canRepair = !repaired && route === 'ask' && steps < deps.limits.maxSteps && (cost === null || cost < deps.limits.maxCostUsd);
    if (unverified.length > 0 && canRepair) {
      repaired = true;
      messages.push({ role: 'assistant', content: answer }, { role: 'user', content: t.repairRequest(unverified.flatMap((u) => u.numbers)) });
      continue;
    }
    return finishAnswer(answer, 'answered', unverified);
  }

  function finishAnswer(answer: string, outcome: AskOutcome, known?: UnverifiedSentence[]): AskResult {
    if (leaks(answer, systemText, deps.secrets)) return finish('blocked', t.stopped.blocked);
    const unverified = known ?? findUnverified(answer, groundingFacts(results, identifiers, input.question));
    const note = unverified.length > 0 ? `\n\n${t.unverifiedNote(route === 'vision')}` : '';
    return finish(outcome, withSources(`${markSentences(answer, unverified, t.unverifiedMarker)}${note}`), unverified);
  }
}

function groundingFacts(results: unknown[], identifiers: string[], question: string): GroundingFacts {
  return { numbers: numbersIn(results), identifiers, quoted: numbersIn(question) };
}

/** The user's turn: the question as the user's own words; a transcript or caption quoted as such. */
function userContent(input: AskInput, t: ReturnType<typeof askText>): string | ContentPart[] {
  const text = input.via === 'voice' ? t.quoted.voice(input.question) : input.via === 'photo' ? t.quoted.photo(input.question) : input.question;
  if (!input.images?.length) return text;
  return [{ type: 'text', text }, ...input.images.map((url) => ({ type: 'image' as const, url, detail: 'auto' as const }))];
}

function parseArguments(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw.slice(0, 500);
  }
}

function sumCost(attempts: ReadonlyArray<{ costUsd: number | null; inputTokens: number; outputTokens: number }>): number | null {
  let sum = 0;
  for (const a of attempts) {
    if (a.costUsd === null) {
      if (a.inputTokens + a.outputTokens > 0) return null;
    } else sum += a.costUsd;
  }
  return sum;
}
