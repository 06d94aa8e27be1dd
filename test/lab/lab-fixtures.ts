/**
 * Models of known behaviour for the lab's tests, scripted on the loopback OpenAI fake: one always
 * right on the classify suite, one always schema-invalid, one slow, one failing, one answering
 * 429 before it answers right. Every answer reports the same usage, so costs are hand-computable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../src/data/shared-data.js';
import type { Behaviour, ChatBody, OpenAIFake } from '../fakes/openai-fake.js';

export const USAGE = { prompt: 100, completion: 20, cached: 0 };

interface ClassifyCaseFile {
  cases: Array<{ id: string; type: 'review' | 'line'; text: string; topic?: string; sentiment?: string; operation?: string; sku?: string | null; quantity?: number | null; amount?: number }>;
}

export const CLASSIFY = JSON.parse(readFileSync(join(repoRoot(), 'bench', 'suites', 'classify.json'), 'utf8')) as ClassifyCaseFile;

/** The right label for the case whose text is the chat's last user message. */
export function rightAnswer(body: ChatBody): string {
  const text = String(body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');
  const c = CLASSIFY.cases.find((x) => x.text === text);
  if (!c) return '{}';
  return c.type === 'review'
    ? JSON.stringify({ topic: c.topic, sentiment: c.sentiment })
    : JSON.stringify({ operation: c.operation, sku: c.sku, quantity: c.quantity, amount: c.amount });
}

export const RIGHT: Behaviour = { kind: 'answer', content: rightAnswer, usage: USAGE };

export function scriptKnownModels(fake: OpenAIFake, slowMs = 40): void {
  fake.script('m-right', RIGHT);
  fake.script('m-invalid', { kind: 'wrong_shape', usage: USAGE });
  fake.script('m-slow', { kind: 'slow', delayMs: slowMs, then: RIGHT });
  fake.script('m-failing', { kind: 'error', status: 500 });
  // Two 429s: the router's one retry is spent, so the lab itself must slow down and try again.
  fake.script('m-429', [{ kind: 'rate_limit', retryAfter: '1' }, { kind: 'rate_limit', retryAfter: '1' }, RIGHT]);
}

export const KNOWN_MODELS = ['m-right', 'm-invalid', 'm-slow', 'm-failing', 'm-429'];
