/**
 * The `learned` escalate check: the trial's winning cascade policy (docs/model-choice.md,
 * `cascade:learned`) running in the router. A logistic regression over the question's and the
 * cheap answer's hashed n-grams and the rule checks' verdicts scores how likely the answer is
 * wrong; above the exported threshold the cascade asks the next model.
 *
 * The weights are a JSON file written by the lab (`npm run lab:learned-check`, from the GSM8K
 * replay data: trained on every question, threshold at the escalation rate that reaches 95 % of
 * the strong model's accuracy in cross-validation) and committed beside this module. To keep it
 * small (~115 kB for 2^16 buckets), the weights are 16-bit: a bitmap of the non-zero buckets and
 * their weights as multiples of `weightScale` (a score moves by < 1e-4 against full precision;
 * the lab's export reports the exact figure). The question is the call's last user message.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { answerSignals, cascadeFeatures, type Features } from './learned-features.js';

export const LEARNED_CHECK_FILE = new URL('./learned-check.json', import.meta.url);

const learnedCheckSchema = z.strictObject({
  /** What it was trained for, e.g. `gsm8k: mixtral-8x7b-instruct → gpt-4-1106-preview`. */
  id: z.string(),
  /** How it was made (data, folds, seed, the command). */
  trainedOn: z.string(),
  buckets: z.number().int().positive(),
  /** The answer length the `length` feature is relative to (median of the training answers' tokens). */
  typicalOutputTokens: z.number().positive(),
  bias: z.number(),
  /** Escalate when the score (P(the answer is wrong)) is above this. */
  threshold: z.number().min(0).max(1),
  /** The share of the training questions escalated at `threshold` in cross-validation (what the call log should show on similar traffic). */
  escalationRate: z.number().min(0).max(1),
  /** A weight is its 16-bit integer × this. */
  weightScale: z.number().positive(),
  /** Base64 bitmap of `buckets` bits (least significant bit first): which buckets have a weight. */
  present: z.string(),
  /** Base64 little-endian Int16 weights of the present buckets, in bucket order. */
  weights: z.string(),
});
export type LearnedCheckFile = z.infer<typeof learnedCheckSchema>;

export interface LearnedCheck {
  file: LearnedCheckFile;
  /** The score of already computed features (the lab compares it with the trained model's). */
  scoreFeatures(features: Features): number;
  /** P(the answer is wrong) for `answer` to `question`, with the answer's output tokens. */
  score(question: string, answer: string, outputTokens: number): number;
}

/** The weights file's encoding of a dense weight vector (the lab writes it, the router reads it). */
export function encodeWeights(weights: Float64Array): Pick<LearnedCheckFile, 'weightScale' | 'present' | 'weights'> {
  let max = 0;
  for (const w of weights) max = Math.max(max, Math.abs(w));
  const weightScale = max > 0 ? max / 32_767 : 1;
  const present = new Uint8Array(Math.ceil(weights.length / 8));
  const values: number[] = [];
  weights.forEach((w, b) => {
    const q = Math.round(w / weightScale);
    if (q !== 0) {
      present[b >> 3]! |= 1 << (b & 7);
      values.push(q);
    }
  });
  const packed = Buffer.alloc(values.length * 2);
  values.forEach((q, i) => packed.writeInt16LE(q, i * 2));
  return { weightScale, present: Buffer.from(present).toString('base64'), weights: packed.toString('base64') };
}

export function decodeWeights(file: Pick<LearnedCheckFile, 'buckets' | 'weightScale' | 'present' | 'weights'>): Float64Array {
  const present = Buffer.from(file.present, 'base64');
  const packed = Buffer.from(file.weights, 'base64');
  if (present.length !== Math.ceil(file.buckets / 8)) throw new Error('learned check: the bitmap does not cover the buckets');
  const w = new Float64Array(file.buckets);
  let next = 0;
  for (let b = 0; b < file.buckets; b += 1) {
    if (present[b >> 3]! & (1 << (b & 7))) {
      if (next + 2 > packed.length) throw new Error('learned check: fewer weights than the bitmap marks');
      w[b] = packed.readInt16LE(next) * file.weightScale;
      next += 2;
    }
  }
  if (next !== packed.length) throw new Error('learned check: more weights than the bitmap marks');
  return w;
}

export function learnedCheck(file: LearnedCheckFile): LearnedCheck {
  const w = decodeWeights(file);
  const scoreFeatures = (f: Features) => {
    let z = file.bias;
    for (let j = 0; j < f.index.length; j += 1) z += w[f.index[j]!]! * f.value[j]!;
    return 1 / (1 + Math.exp(-z));
  };
  return {
    file,
    scoreFeatures,
    score: (question, answer, outputTokens) =>
      scoreFeatures(cascadeFeatures(question, answer, answerSignals(answer, outputTokens), file.typicalOutputTokens, file.buckets)),
  };
}

/** Reads and checks a weights file (default: the committed one); throws naming the file when malformed. */
export function loadLearnedCheck(file: URL | string = LEARNED_CHECK_FILE): LearnedCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`learned check: cannot read ${String(file)}: ${(err as Error).message}`);
  }
  const parsed = learnedCheckSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`learned check: ${String(file)}: ${z.prettifyError(parsed.error)}`);
  return learnedCheck(parsed.data);
}
