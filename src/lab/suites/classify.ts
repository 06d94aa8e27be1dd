/**
 * Suite `classify` (route `classify`): Russian marketplace review texts by topic and sentiment,
 * and field extraction from marketplace report lines. Cases and the instructions live in
 * `bench/suites/classify.json`; a review case scores 1 when topic and sentiment are both right, a
 * report line when every field is; macro-F1 is over the review topics and the report operations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { OutputSchema } from '../../router/types.js';
import type { Suite, SuiteCase } from '../suite.js';

export const TOPICS = ['quality', 'size', 'delivery', 'packaging', 'price', 'mismatch', 'other'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const OPERATIONS = ['sale', 'return', 'logistics', 'storage', 'penalty', 'ad'] as const;

const reviewSchema: OutputSchema<{ topic: string; sentiment: string }> = {
  name: 'review_label',
  version: 1,
  zod: z.object({ topic: z.enum(TOPICS), sentiment: z.enum(SENTIMENTS) }),
};
const lineSchema: OutputSchema<{ operation: string; sku: string | null; quantity: number | null; amount: number }> = {
  name: 'report_line',
  version: 1,
  zod: z.object({ operation: z.enum(OPERATIONS), sku: z.string().nullable(), quantity: z.number().int().nullable(), amount: z.number() }),
};

export type ClassifyCase =
  | (SuiteCase & { type: 'review'; text: string; topic: string; sentiment: string })
  | (SuiteCase & { type: 'line'; text: string; operation: string; sku: string | null; quantity: number | null; amount: number });

interface ClassifyFile {
  instructions: { review: string; line: string };
  cases: ClassifyCase[];
}

let cached: ClassifyFile | undefined;
const file = (root: string): ClassifyFile => (cached ??= JSON.parse(readFileSync(join(root, 'bench', 'suites', 'classify.json'), 'utf8')) as ClassifyFile);

const classifySuite: Suite<ClassifyCase, ClassifyFile> = {
  name: 'classify',
  route: 'classify',
  description: 'reviews by topic and sentiment, fields of report lines; accuracy and macro-F1',
  hasSchema: true,
  operation: 'chat',
  async load(ctx) {
    return { cases: file(ctx.rootDir).cases };
  },
  async prepare(_client, _cases) {
    return cached!;
  },
  async run(c, client, data) {
    if (c.type === 'review') {
      const answer = await client.chat({
        messages: [
          { role: 'system', content: data.instructions.review },
          { role: 'user', content: c.text },
        ],
        schema: reviewSchema,
      });
      const predicted = answer.ok ? answer.value.topic : null;
      const right = answer.ok && answer.value.topic === c.topic && answer.value.sentiment === c.sentiment;
      return { score: right ? 1 : 0, schemaValid: answer.ok, label: { expected: `topic:${c.topic}`, predicted: predicted && `topic:${predicted}` } };
    }
    const answer = await client.chat({
      messages: [
        { role: 'system', content: data.instructions.line },
        { role: 'user', content: c.text },
      ],
      schema: lineSchema,
    });
    const v = answer.ok ? answer.value : null;
    const right = v !== null && v.operation === c.operation && v.sku === c.sku && v.quantity === c.quantity && Math.abs(v.amount - c.amount) < 0.005;
    return { score: right ? 1 : 0, schemaValid: answer.ok, label: { expected: `op:${c.operation}`, predicted: v && `op:${v.operation}` } };
  },
};
export default classifySuite;
